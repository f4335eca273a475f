/**
 * The intake routes from this process's copy of the routing rows and checks their versions at
 * commit (src/store/routing-cache.ts). A change made behind the copy's back (a manager's away
 * flag or caps, a second writer) must still be obeyed by the very next lead, and the rotation must
 * stay exact.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ workers: false });
});
afterAll(async () => {
  await t?.close();
});

let n = 0;
const demoRequest = () => ({
  email: `buyer${++n}@routing-cache-${n}.example.com`,
  title: 'VP Sales',
  company: { name: `Routing Cache ${n}`, size: 420, country: 'United States' },
  event: { type: 'demo_requested' },
});
const send = async () => {
  const res = await t.api('POST', '/api/v1/leads', demoRequest());
  expect(res.status).toBe(201);
  return res.body.owner as string;
};

describe('routing from the copy of the routing rows', () => {
  it('obeys an away flag set behind the copy, at the next lead', async () => {
    // Warm the copy: both members of the smb pool take a lead.
    expect(new Set([await send(), await send()])).toEqual(new Set(['cy', 'dee']));
    expect((await t.api('PATCH', '/api/v1/reps/cy', { away: true })).status).toBe(200);
    for (let i = 0; i < 4; i++) expect(await send()).toBe('dee');
    expect((await t.api('PATCH', '/api/v1/reps/cy', { away: false })).status).toBe(200);
    const back = [await send(), await send(), await send(), await send()];
    expect(back.filter((o) => o === 'cy').length).toBeGreaterThanOrEqual(2); // cy catches up on the turns missed
  });

  it('obeys a rotation another writer moved on, and keeps the pool row and the copy in step', async () => {
    await send();
    // Another writer (as a second process would) rewrites the pool row: a new version, cy's turn.
    const { rows } = await sql<{ members: { rep: string; currentWeight: number }[] }>`select members from routing_pools where pool = 'smb'`.execute(t.app.database.db);
    const members = rows[0]!.members.map((m) => ({ ...m, currentWeight: m.rep === 'cy' ? 1_000 : -1_000 }));
    await sql`update routing_pools set members = ${JSON.stringify(members)}::jsonb where pool = 'smb'`.execute(t.app.database.db);
    expect(await send()).toBe('cy');

    // Concurrent leads from this process: each assigned once, and the pool's state is the last decision's.
    const owners = await Promise.all(Array.from({ length: 20 }, send));
    expect(owners.every((o) => o === 'cy' || o === 'dee')).toBe(true);
    const after = await sql<{ assigned: number }>`select sum((m->>'assignedCount')::int)::int as assigned from routing_pools, jsonb_array_elements(members) m where pool = 'smb'`.execute(t.app.database.db);
    const leads = await sql<{ n: number }>`select count(*)::int as n from leads where owner in ('cy', 'dee')`.execute(t.app.database.db);
    expect(after.rows[0]!.assigned).toBe(leads.rows[0]!.n);
  });
});
