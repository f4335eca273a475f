import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEventTail, tailOnce, type TailEvent } from '../../src/store/event-tail.js';
import { inTransaction } from '../../src/store/transaction.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const lead = (email: string) => ({ email, first_name: 'Ada', company: { name: 'Fabrikam', size: 420, country: 'US' }, event: { type: 'demo_requested' } });

/** Events after a reader's cursor. */
async function eventsAfter(name: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from lead_events e, event_cursors c where c.name = ${name} and (e.tx, e.id) > (c.tx, c.last_id)
  `.execute(t.app.deps.db);
  return rows[0]!.n;
}

describe('following the event log', () => {
  it('hands every event to a reader once, in commit order, across batches', async () => {
    for (const email of ['a@fabrikam.com', 'b@fabrikam.com', 'c@fabrikam.com']) expect((await t.api('POST', '/api/v1/leads', lead(email))).status).toBe(201);
    const all = await t.app.deps.db.selectFrom('lead_events').select(['id', 'lead_id', 'seq']).orderBy('id').execute();
    const seen: TailEvent[] = [];
    const handler = async (_tx: unknown, events: readonly TailEvent[]) => void seen.push(...events);
    while ((await tailOnce(t.app.deps.db, 'test-reader', handler, 4, new Date())) > 0) {
      // batches of 4
    }
    expect(seen.map((e) => e.id)).toEqual(all.map((e) => String(e.id)));
    expect(await tailOnce(t.app.deps.db, 'test-reader', handler, 4, new Date())).toBe(0);
    expect(seen[0]).toMatchObject({ type: 'lead_created', seq: 1, data: expect.any(Object) });
  });

  it('hands a reader only the types it asks for, and its cursor passes the others', async () => {
    expect((await t.api('POST', '/api/v1/leads', lead('typed@fabrikam.com'))).status).toBe(201);
    const wanted = ['lead_created', 'assigned'];
    const all = await t.app.deps.db.selectFrom('lead_events').select(['id', 'type', 'occurred_at', 'recorded_at']).orderBy('id').execute();
    const seen: TailEvent[] = [];
    let handled = 0;
    for (let n; (n = await tailOnce(t.app.deps.db, 'typed-reader', async (_tx, events) => void seen.push(...events), 3, new Date(), wanted)) > 0; ) handled += n;
    const expected = all.filter((e) => wanted.includes(e.type));
    expect(handled).toBe(expected.length);
    expect(seen.map((e) => e.id)).toEqual(expected.map((e) => String(e.id)));
    expect(seen.map((e) => e.occurred_at.getTime())).toEqual(expected.map((e) => new Date(e.occurred_at).getTime()));
    expect(seen.map((e) => e.recorded_at.getTime())).toEqual(expected.map((e) => new Date(e.recorded_at).getTime()));
    expect(seen.find((e) => e.type === 'assigned')).toMatchObject({ seq: expect.any(Number), actor: expect.any(String), data: { rep: expect.any(String) } });
    expect(await eventsAfter('typed-reader')).toBe(0);

    // A reader that wants nothing moves its cursor to the end without a handler call, and later
    // events of its types still reach it.
    let calls = 0;
    expect(await tailOnce(t.app.deps.db, 'picky-reader', async () => void (calls += 1), 1_000, new Date(), async () => [])).toBe(0);
    expect({ behind: await eventsAfter('picky-reader'), calls }).toEqual({ behind: 0, calls: 0 });
    expect((await t.api('POST', '/api/v1/leads', lead('later@fabrikam.com'))).status).toBe(201);
    // (A reader sees an event once every transaction older than it has ended: the hand-off's
    // workers may still be running one, so look until it is in view.)
    const later: TailEvent[] = [];
    const take = async (_tx: unknown, events: readonly TailEvent[]) => void later.push(...events);
    await expect.poll(async () => (await tailOnce(t.app.deps.db, 'picky-reader', take, 1_000, new Date(), ['lead_created']), later.length), { timeout: 5_000, interval: 20 }).toBe(1);
    expect(later.map((e) => e.data.email)).toEqual(['later@fabrikam.com']);
    // With nothing new, a look writes nothing (the hand-off's workers may still add events for a
    // moment: a look that passed one of those moved the cursor, so look again until quiet).
    const cursor = () => t.app.deps.db.selectFrom('event_cursors').select(['tx', 'last_id', 'updated_at']).where('name', '=', 'picky-reader').executeTakeFirstOrThrow();
    const quietLookWritesNothing = async () => {
      const before = await cursor();
      await tailOnce(t.app.deps.db, 'picky-reader', async () => undefined, 1_000, new Date(Date.now() + 60_000), ['lead_created']);
      return JSON.stringify(await cursor()) === JSON.stringify(before);
    };
    await expect.poll(quietLookWritesNothing, { timeout: 5_000, interval: 50 }).toBe(true);
  });

  it('moves the cursor only when the handler commits', async () => {
    const failing = async () => {
      throw new Error('handler failed');
    };
    await expect(tailOnce(t.app.deps.db, 'failing-reader', failing, 100, new Date())).rejects.toThrow('handler failed');
    const seen: TailEvent[] = [];
    await tailOnce(t.app.deps.db, 'failing-reader', async (_tx, events) => void seen.push(...events), 100, new Date());
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]!.seq).toBe(1);
  });

  it('wakes a running reader when intake commits, and its writes share the cursor transaction', async () => {
    await inTransaction(t.app.deps.db, async () => undefined);
    const types: string[] = [];
    const tail = startEventTail({
      db: t.app.deps.db,
      name: 'live-reader',
      handler: async (_tx, events) => void types.push(...events.map((e) => e.type)),
      ...(t.app.deps.signals ? { signals: t.app.deps.signals } : {}),
      idleMs: 60_000,
    });
    await tail.drain();
    const before = types.length;
    expect((await t.api('POST', '/api/v1/leads', lead('live@fabrikam.com'))).status).toBe(201);
    await expect.poll(() => types.length, { timeout: 5_000 }).toBeGreaterThan(before);
    await tail.stop();
    expect(types.slice(before)).toContain('lead_created');
  });
});
