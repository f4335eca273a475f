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

  it('hands a reader only the types it asks for, and passes the others by', async () => {
    expect((await t.api('POST', '/api/v1/leads', lead('typed@fabrikam.com'))).status).toBe(201);
    const wanted = ['lead_created', 'assigned'];
    const all = await t.app.deps.db.selectFrom('lead_events').select(['id', 'type', 'occurred_at', 'recorded_at']).orderBy('id').execute();
    const seen: TailEvent[] = [];
    let passed = 0;
    for (let n; (n = await tailOnce(t.app.deps.db, 'typed-reader', async (_tx, events) => void seen.push(...events), 3, new Date(), wanted)) > 0; ) passed += n;
    // Every event is passed over once (the cursor reaches the end), and only the wanted ones are handed on, whole.
    expect(passed).toBe(all.length);
    const expected = all.filter((e) => wanted.includes(e.type));
    expect(seen.map((e) => e.id)).toEqual(expected.map((e) => String(e.id)));
    expect(seen.map((e) => e.occurred_at.getTime())).toEqual(expected.map((e) => new Date(e.occurred_at).getTime()));
    expect(seen.map((e) => e.recorded_at.getTime())).toEqual(expected.map((e) => new Date(e.recorded_at).getTime()));
    expect(seen.find((e) => e.type === 'assigned')).toMatchObject({ seq: expect.any(Number), actor: expect.any(String), data: { rep: expect.any(String) } });
    // A reader that wants nothing still moves its cursor to the end, without a handler call.
    let calls = 0;
    const none = async () => void (calls += 1);
    let total = 0;
    for (let n; (n = await tailOnce(t.app.deps.db, 'empty-reader', none, 1_000, new Date(), async () => [])) > 0; ) total += n;
    expect({ total, calls }).toEqual({ total: all.length, calls: 0 });
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
