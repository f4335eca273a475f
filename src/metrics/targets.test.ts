import { describe, expect, it } from 'vitest';
import { acceptanceHint, rateMet, ratio, responseMet, responseTarget } from './targets.js';

describe('targets', () => {
  it('compares a rate with a range or a floor, and has nothing to say without data', () => {
    expect(rateMet(0.6, { low: 0.5, high: 0.7 })).toBe(true);
    expect(rateMet(0.75, { low: 0.5, high: 0.7 })).toBe(false);
    expect(rateMet(0.85, { low: 0.85, high: 1 })).toBe(true);
    expect(rateMet(null, { low: 0.5, high: 0.7 })).toBeNull();
    expect(rateMet(0.5, undefined)).toBeNull();
    expect(ratio(1, 0)).toBeNull();
  });
  it('says when marketing’s bar is too low or too high, once there are enough decisions', () => {
    expect(acceptanceHint(0.3, 20)).toMatch(/too low/);
    expect(acceptanceHint(0.9, 20)).toMatch(/too high/);
    expect(acceptanceHint(0.6, 20)).toBeUndefined();
    expect(acceptanceHint(0.1, 3)).toBeUndefined();
  });
  it('compares the response median in the time the target is written in', () => {
    const wall = responseTarget({ kind: 'wall', ms: 3_600_000, source: '1h' });
    const business = responseTarget({ kind: 'business_hours', hours: 4, source: '4bh' });
    expect(responseMet(wall, { wall: 3_000_000, business: 99_999_999 })).toBe(true);
    expect(responseMet(business, { wall: 1, business: 4 * 3_600_000 + 1 })).toBe(false);
    expect(responseMet(responseTarget({ kind: 'business_days', days: 1, source: '1bd' }), { wall: 1, business: 1 })).toBeNull();
  });
});
