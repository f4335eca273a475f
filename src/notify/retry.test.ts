import { describe, expect, it } from 'vitest';
import { afterAttempt, HEALTHY, nextHealth, retryDelayMs } from './retry.js';

const policy = { maxAttempts: 4, baseMs: 1_000, maxMs: 10_000 };
const now = new Date('2026-03-10T12:00:00Z');

describe('retry timing', () => {
  it('doubles the wait after each failure, up to the maximum, with jitter in the upper half', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, policy, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, policy, () => 0))).toEqual([500, 1_000, 2_000, 4_000, 5_000]);
  });

  it('retries until the last attempt, then the delivery is dead', () => {
    expect(afterAttempt({ ok: true }, 4, policy, now)).toEqual({ status: 'sent' });
    expect(afterAttempt({ ok: false, error: 'x' }, 1, policy, now, () => 1)).toEqual({ status: 'failed', dueAt: new Date(now.getTime() + 1_000) });
    expect(afterAttempt({ ok: false, error: 'x' }, 4, policy, now)).toEqual({ status: 'dead' });
  });
});

describe('channel health', () => {
  const fail = { ok: false as const, error: 'ECONNREFUSED' };

  it('raises one alert when failures in a row reach the threshold', () => {
    const a = nextHealth(HEALTHY, [fail, fail], 3, now);
    expect(a.alert).toBeUndefined();
    const b = nextHealth(a.health, [fail], 3, now);
    expect(b).toMatchObject({ alert: 'failing', health: { failing: true, consecutiveFailures: 3, lastError: 'ECONNREFUSED' } });
    expect(nextHealth(b.health, [fail, fail], 3, now).alert).toBeUndefined();
  });

  it('reports recovery once, on the first success while failing', () => {
    const failing = nextHealth(HEALTHY, [fail, fail, fail], 3, now).health;
    const recovered = nextHealth(failing, [{ ok: true }, { ok: true }], 3, now);
    expect(recovered).toMatchObject({ alert: 'recovered', health: { failing: false, consecutiveFailures: 0, lastSuccessAt: now } });
  });

  it('says nothing when a batch fails over and recovers within itself', () => {
    expect(nextHealth(HEALTHY, [fail, fail, fail, { ok: true }], 3, now).alert).toBeUndefined();
  });
});
