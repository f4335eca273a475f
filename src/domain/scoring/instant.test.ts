import { describe, expect, it } from 'vitest';
import { canonicalInstant, instantMs } from './instant.js';

describe('reading times', () => {
  it('reads every ISO form the same as Date.parse', () => {
    for (const iso of [
      '2026-03-02T12:00:00.000Z', '2026-12-31T23:59:59.999Z', '2024-02-29T00:00:00.000Z',
      '2026-03-02T12:00:00Z', '2026-03-02T07:00:00-05:00', '2026-03-02', '2026-02-30T00:00:00.000Z', 'not a time',
    ]) {
      expect(instantMs(iso)).toEqual(Date.parse(iso));
    }
  });

  it('writes the form it reads fastest', () => {
    const ms = Date.UTC(2026, 2, 2, 12, 30, 15, 250);
    expect(instantMs(canonicalInstant(ms))).toBe(ms);
  });
});
