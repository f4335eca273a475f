import { describe, expect, it } from 'vitest';
import { openClocks } from './open-clocks.js';

const started = (clock: 'first_touch' | 'accept_or_reject' | 'route', due_at: string, rep?: string) => ({
  type: 'clock_started' as const,
  data: { clock, ...(rep ? { rep } : {}), started_at: '2026-03-10T14:00:00Z', due_at, duration: '1h', calendar: 'utc' },
});
const stopped = (clock: 'first_touch' | 'accept_or_reject' | 'route', rep?: string) => ({
  type: 'clock_stopped' as const,
  data: { clock, ...(rep ? { rep } : {}), outcome: 'met' as const, started_at: '', stopped_at: '', due_at: '', elapsed_ms: 0, business_ms: 0 },
});

describe('open clocks from the event log', () => {
  it('keeps clocks started and not stopped, per clock and rep, with the latest start winning', () => {
    const open = openClocks([
      started('route', '2026-03-10T14:05:00Z'),
      stopped('route'),
      started('first_touch', '2026-03-10T15:00:00Z', 'ana'),
      started('accept_or_reject', '2026-03-10T18:00:00Z', 'ana'),
      stopped('accept_or_reject', 'ana'),
      // Reassigned: ana's clock stops, ben's starts fresh.
      stopped('first_touch', 'ana'),
      started('first_touch', '2026-03-10T17:00:00Z', 'ben'),
    ]);
    expect(open).toEqual([{ clock: 'first_touch', rep: 'ben', due_at: '2026-03-10T17:00:00Z' }]);
  });
});
