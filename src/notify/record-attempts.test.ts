import { describe, expect, it } from 'vitest';
import { HealthMemo } from './record-attempts.js';
import { HEALTHY } from './retry.js';

describe('skipping health writes while a channel stays healthy', () => {
  it('skips only all-success batches within a second of recording the channel healthy', () => {
    const memo = new HealthMemo(1_000);
    expect(memo.canSkip('email', [{ ok: true }], 0)).toBe(false); // nothing known yet
    memo.note({ channel: 'email', health: HEALTHY }, 0);
    expect(memo.canSkip('email', [{ ok: true }, { ok: true }], 500)).toBe(true);
    expect(memo.canSkip('email', [{ ok: true }, { ok: false, error: 'x' }], 500)).toBe(false);
    expect(memo.canSkip('email', [{ ok: true }], 1_000)).toBe(false);
  });

  it('forgets a channel that is failing', () => {
    const memo = new HealthMemo(1_000);
    memo.note({ channel: 'sms', health: HEALTHY }, 0);
    memo.note({ channel: 'sms', health: { ...HEALTHY, consecutiveFailures: 1, lastError: 'x' } }, 10);
    expect(memo.canSkip('sms', [{ ok: true }], 20)).toBe(false);
  });
});
