import { describe, expect, it } from 'vitest';
import { planClock } from './plan.js';
import { handoffPolicy } from './test-policy.js';

const policy = handoffPolicy();
const utc = (iso: string) => new Date(iso).toISOString();
const plan = (clock: 'first_touch' | 'accept_or_reject' | 'route', rep: string | undefined, start: string, priority: 'high' | 'normal' = 'normal') =>
  planClock(policy, { clock, ...(rep ? { rep } : {}), priority, start: new Date(start) });

describe('SLA clock deadlines in business hours', () => {
  it('carries a Friday 16:00 first touch of 4bh over the weekend to Monday 12:00', () => {
    const p = plan('first_touch', 'ana', '2026-06-05T16:00:00-04:00');
    expect(p.due_at).toBe(utc('2026-06-08T12:00:00-04:00'));
    expect(p).toMatchObject({ duration: '4bh', calendar: 'us-east', rep: 'ana' });
  });

  it('skips a holiday in the rep calendar (Thanksgiving)', () => {
    // Wednesday 15:00 + 4bh: 2h on Wednesday, Thursday is a holiday, 2h on Friday.
    expect(plan('first_touch', 'ana', '2026-11-25T15:00:00-05:00').due_at).toBe(utc('2026-11-27T11:00:00-05:00'));
  });

  it("counts in the rep's own time zone, not the policy's", () => {
    // 10:00 in New York is 16:00 in Berlin: Ben has one hour left that day, three more on Monday.
    const ben = plan('first_touch', 'ben', '2026-06-05T10:00:00-04:00');
    expect(ben).toMatchObject({ calendar: 'berlin' });
    expect(ben.due_at).toBe(utc('2026-06-08T12:00:00+02:00'));
    // The same lead for Ana, in New York hours, is due the same afternoon.
    expect(plan('first_touch', 'ana', '2026-06-05T10:00:00-04:00').due_at).toBe(utc('2026-06-05T14:00:00-04:00'));
  });

  it('keeps local working hours across a daylight-saving change', () => {
    // Friday 6 March 16:00 EST + 4bh → Monday 9 March 12:00 EDT, which is 16:00Z, not 17:00Z.
    expect(plan('first_touch', 'ana', '2026-03-06T16:00:00-05:00').due_at).toBe('2026-03-09T16:00:00.000Z');
    // Berlin changes on 29 March: Friday 27 16:00 CET + 4bh → Monday 30 12:00 CEST.
    expect(plan('first_touch', 'ben', '2026-03-27T16:00:00+01:00').due_at).toBe(utc('2026-03-30T12:00:00+02:00'));
  });

  it('counts a wall-clock duration straight through nights and weekends (high intent: 1h)', () => {
    expect(plan('first_touch', 'ana', '2026-06-05T16:30:00-04:00', 'high').due_at).toBe(utc('2026-06-05T17:30:00-04:00'));
  });

  it('moves one business day to the same working position on the next working day', () => {
    expect(plan('accept_or_reject', 'yuki', '2026-06-05T11:00:00+09:00').due_at).toBe(utc('2026-06-08T11:00:00+09:00'));
  });

  it('counts the route clock in sla.calendar, without a rep', () => {
    const route = plan('route', 'ben', '2026-06-06T12:00:00Z');
    expect(route).toMatchObject({ calendar: 'us-east', duration: '5m' });
    expect(route.rep).toBeUndefined();
    expect(route.due_at).toBe('2026-06-06T12:05:00.000Z');
  });
});

describe('escalation schedule', () => {
  it('places the reminder at 75% of the business window, the breach and notices at the deadline, and the reassignment one business hour later', () => {
    const p = plan('first_touch', 'ana', '2026-06-05T16:00:00-04:00');
    expect(p.schedule).toEqual([
      // 3 of the 4 business hours: 1h on Friday, 2h on Monday.
      { kind: 'step', at: utc('2026-06-08T11:00:00-04:00'), step: 0, point: '75% of first_touch', actions: ['remind_rep'] },
      { kind: 'breach', at: utc('2026-06-08T12:00:00-04:00') },
      { kind: 'step', at: utc('2026-06-08T12:00:00-04:00'), step: 1, point: 'first_touch', actions: ['notify_rep', 'notify_manager'] },
      { kind: 'step', at: utc('2026-06-08T13:00:00-04:00'), step: 2, point: 'first_touch + 1bh', actions: ['reassign'] },
    ]);
  });

  it('takes 75% of wall time for a wall-clock window, and the +1bh from the next opening after a late deadline', () => {
    const p = plan('first_touch', 'ana', '2026-06-05T16:30:00-04:00', 'high');
    expect(p.schedule.map((s) => s.at)).toEqual([
      utc('2026-06-05T17:15:00-04:00'),
      utc('2026-06-05T17:30:00-04:00'),
      utc('2026-06-05T17:30:00-04:00'),
      utc('2026-06-08T10:00:00-04:00'),
    ]);
  });

  it('gives a clock only the steps that watch it', () => {
    expect(plan('accept_or_reject', 'ana', '2026-06-05T10:00:00-04:00').schedule).toEqual([{ kind: 'breach', at: utc('2026-06-08T10:00:00-04:00') }]);
    expect(plan('route', undefined, '2026-06-05T10:00:00-04:00').schedule.map((s) => s.kind)).toEqual(['breach', 'step']);
  });
});
