import { describe, expect, it } from 'vitest';
import { nextKind, type SlotState } from './sender.js';

/** Fills free slots the way DeliverySender.pump does, from queues of the given lengths. */
function fill(slots: number, people: number, webhooks: number, inFlight = { people: 0, webhooks: 0 }): { people: number; webhooks: number } {
  const s: SlotState = { slots, peopleWaiting: people, webhooksWaiting: webhooks, peopleInFlight: inFlight.people, webhooksInFlight: inFlight.webhooks };
  for (let kind = nextKind(s); kind; kind = nextKind(s)) {
    if (kind === 'people') (s.peopleWaiting--, s.peopleInFlight++);
    else (s.webhooksWaiting--, s.webhooksInFlight++);
  }
  return { people: s.peopleInFlight, webhooks: s.webhooksInFlight };
}

describe('nextKind: sharing the send slots between people and webhooks', () => {
  it('gives people every slot when no webhook waits', () => {
    expect(fill(64, 500, 0)).toEqual({ people: 64, webhooks: 0 });
  });

  it('keeps a quarter of the slots for webhooks while a backlog of e-mail waits', () => {
    expect(fill(64, 500, 500)).toEqual({ people: 48, webhooks: 16 });
  });

  it('lets webhooks use up to three quarters when few people wait, never all', () => {
    expect(fill(64, 3, 500)).toEqual({ people: 3, webhooks: 48 });
    expect(fill(64, 0, 500)).toEqual({ people: 0, webhooks: 48 });
  });

  it('gives a freed slot to people first while webhooks have their quarter', () => {
    // 47 people and 16 webhooks in flight: one slot free, both queues waiting.
    expect(nextKind({ slots: 64, peopleWaiting: 10, webhooksWaiting: 10, peopleInFlight: 47, webhooksInFlight: 16 })).toBe('people');
    // 48 people in flight (their share while webhooks wait) and 15 webhooks: the webhook goes.
    expect(nextKind({ slots: 64, peopleWaiting: 10, webhooksWaiting: 10, peopleInFlight: 48, webhooksInFlight: 15 })).toBe('webhook');
  });

  it('still sends both kinds with a single slot', () => {
    expect(nextKind({ slots: 1, peopleWaiting: 1, webhooksWaiting: 1, peopleInFlight: 0, webhooksInFlight: 0 })).toBe('people');
    expect(nextKind({ slots: 1, peopleWaiting: 0, webhooksWaiting: 1, peopleInFlight: 0, webhooksInFlight: 0 })).toBe('webhook');
    expect(nextKind({ slots: 1, peopleWaiting: 1, webhooksWaiting: 1, peopleInFlight: 1, webhooksInFlight: 0 })).toBeUndefined();
  });
});
