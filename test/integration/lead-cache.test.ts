/**
 * Activity batches take a lead from this process's copy when the row is still at the version the
 * copy was written as (src/store/lead-cache.ts). The copy must be exactly what a fresh read of the
 * row gives, and any other write to the row (another code path, a tool, another process) must make
 * the next batch read the row afresh.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockLeadsByIds } from '../../src/store/lead-store.js';
import { inTransaction } from '../../src/store/transaction.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ workers: false });
});
afterAll(async () => {
  await t?.close();
});

const cache = () => t.app.deps.leads!;
const fresh = async (id: string) => (await inTransaction(t.app.deps.db, (tx) => lockLeadsByIds(tx, [id]))).get(id)!;
const visits = (email: string, n: number) =>
  t.api('POST', '/api/v1/events', { events: Array.from({ length: n }, (_, i) => ({ email, type: 'page_viewed', url: `https://example.com/docs/${i}` })) });
const newLead = async (email: string) => {
  const res = await t.api('POST', '/api/v1/leads', { email, first_name: 'Ada', company: { name: 'Cache Co', size: 12, country: 'US' } });
  expect(res.status).toBe(201);
  return res.body.id as string;
};

describe('the copy of the leads activity batches wrote', () => {
  it('is what a fresh read of the row gives, and the next batch uses it', async () => {
    const id = await newLead('ada@cache-one.example.com');
    expect((await visits('ada@cache-one.example.com', 2)).body.accepted).toBe(2);
    const before = cache().stats();
    expect((await visits('ada@cache-one.example.com', 3)).body.accepted).toBe(3);
    expect(cache().stats().hits).toBe(before.hits + 1);

    const row = await fresh(id);
    expect(row.activity.total).toBe(5);
    const { rows } = await sql<{ version: string }>`select xmin::text as version from leads where id = ${id}`.execute(t.app.deps.db);
    expect(cache().get(id, rows[0]!.version)).toEqual(row);
  });

  it('is not used once anything else wrote the row', async () => {
    const id = await newLead('bo@cache-two.example.com');
    await visits('bo@cache-two.example.com', 2);
    // Another writer (a tool, or another Baton process) changes the row behind the copy's back.
    await sql`update leads set activity_summary = jsonb_set(activity_summary, '{total}', '40') where id = ${id}`.execute(t.app.deps.db);
    const before = cache().stats();
    await visits('bo@cache-two.example.com', 1);
    expect(cache().stats().misses).toBe(before.misses + 1);
    expect((await fresh(id)).activity.total).toBe(41);
  });

  it('drops a lead whose batch changed more than its activity', async () => {
    const id = await newLead('cy@cache-three.example.com');
    await visits('cy@cache-three.example.com', 1);
    expect(cache().size).toBeGreaterThan(0);
    // A demo request qualifies and routes the lead: the hand-off writes the row too.
    const res = await t.api('POST', '/api/v1/events', { events: [{ email: 'cy@cache-three.example.com', type: 'demo_requested' }] });
    expect(res.body.accepted).toBe(1);
    const row = await fresh(id);
    expect(row.stage).toBe('mql');
    const { rows } = await sql<{ version: string }>`select xmin::text as version from leads where id = ${id}`.execute(t.app.deps.db);
    expect(cache().get(id, rows[0]!.version)).toBeUndefined();
    // The next batch reads the row and carries on from it.
    await visits('cy@cache-three.example.com', 1);
    expect((await fresh(id)).activity.total).toBe(3);
  });
});
