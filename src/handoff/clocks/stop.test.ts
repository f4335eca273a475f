import { describe, expect, it } from 'vitest';
import { newClock } from './clock-state.js';
import { calendarById, planClock } from './plan.js';
import { stopClock } from './stop.js';
import { handoffPolicy } from './test-policy.js';

const policy = handoffPolicy();
const H = 3_600_000;
const fridayClock = () => newClock('lead-1', planClock(policy, { clock: 'first_touch', rep: 'ana', priority: 'normal', start: new Date('2026-06-05T16:00:00-04:00') }), 1);

describe('stopping a clock', () => {
  it('records met with wall and business time when the first attempt comes before the deadline', () => {
    const clock = fridayClock();
    const event = stopClock(clock, new Date('2026-06-08T10:00:00-04:00'), 'by_event', calendarById(policy, clock.calendar));
    expect(event).toMatchObject({ clock: 'first_touch', rep: 'ana', outcome: 'met', elapsed_ms: 66 * H, business_ms: 2 * H });
    expect(clock).toMatchObject({ status: 'met', stopped_at: '2026-06-08T14:00:00.000Z' });
    expect(clock.next_at).toBeUndefined();
  });

  it('counts the deadline itself as met and a moment later as breached', () => {
    const onTime = fridayClock();
    expect(stopClock(onTime, new Date(onTime.due_at), 'by_event', calendarById(policy, onTime.calendar)).outcome).toBe('met');
    const late = fridayClock();
    expect(stopClock(late, new Date(new Date(late.due_at).getTime() + 1), 'by_event', calendarById(policy, late.calendar)).outcome).toBe('breached');
    expect(late.status).toBe('breached');
  });

  it('keeps a breached clock breached in its row when it is cancelled later, and says cancelled in the event', () => {
    const clock = fridayClock();
    clock.status = 'breached';
    const event = stopClock(clock, new Date('2026-06-08T13:00:00-04:00'), 'cancel', calendarById(policy, clock.calendar));
    expect(event.outcome).toBe('cancelled');
    expect(clock.status).toBe('breached');
  });
});
