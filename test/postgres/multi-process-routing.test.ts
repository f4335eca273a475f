/**
 * Several Baton processes on one PostgreSQL: no lead is assigned twice, and weighted round robin
 * and the pools' and reps' counts stay exact, whether a process routes from its copy of the
 * routing rows (checked at commit, routing-cache.ts) or with locking reads after a conflict.
 * Run twice: as configured by default (locking reads for 10 s after a conflict), and with
 * BATON_ROUTING_LOCK_SECONDS=0, every decision from the copy: the worst case for its check, which
 * lost pool counts (a rotation started afresh) until 2026-11-21.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { FIXTURE_POLICY } from '../support/test-app.js';
import { testDatabase, type TestDatabase } from '../support/test-database.js';

const TOKEN = 'multi-process-admin-token-0123456789';
const LEADS = 3_000;
const CONCURRENCY = 48;

const SCENARIOS: { name: string; env: Record<string, string> }[] = [
  { name: 'as configured by default', env: {} },
  { name: 'routing from the copy only (BATON_ROUTING_LOCK_SECONDS=0)', env: { BATON_ROUTING_LOCK_SECONDS: '0' } },
];

for (const scenario of SCENARIOS) {
  describe(`three Baton processes on one PostgreSQL, ${scenario.name}`, () => {
    let database: TestDatabase;
    let servers: ServerProcess[] = [];

    beforeAll(async () => {
      database = await testDatabase();
      const env = { DATABASE_URL: database.url!, BATON_ADMIN_TOKEN: TOKEN, BATON_POLICY: FIXTURE_POLICY, BATON_DB_POOL_SIZE: '8', ...scenario.env };
      // The first process migrates; the others start against the migrated schema at the same time.
      servers.push(await startServerProcess(env));
      servers.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
    });

    afterAll(async () => {
      await Promise.all(servers.map((s) => s.stop()));
      await database?.cleanup();
    });

    it('assign each of 3,000 concurrent leads exactly once and keep weighted round robin and the counts exact', async () => {
      let next = 0;
      const statuses: number[] = [];
      const worker = async () => {
        while (next < LEADS) {
          const i = next++;
          const server = servers[i % servers.length]!;
          const enterprise = i % 2 === 0;
          const res = await fetch(`${server.url}/api/v1/leads`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              email: `lead${i}@company${i}.com`,
              company: enterprise ? { name: `Big ${i}`, size: 5000, country: 'US' } : { name: `Small ${i}`, size: 50, country: 'US' },
              event: { type: 'demo_requested' },
            }),
          });
          statuses.push(res.status);
          await res.arrayBuffer();
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      expect(statuses.filter((s) => s !== 201)).toEqual([]);

      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const assigned = await client.query(`select lead_id, count(*)::int as n from lead_events where type = 'assigned' group by lead_id having count(*) > 1`);
        expect(assigned.rows).toEqual([]);
        const owners = await client.query(`select owner, count(*)::int as n from leads group by owner order by owner`);
        const counts = Object.fromEntries(owners.rows.map((r: { owner: string; n: number }) => [r.owner, r.n]));
        const byOwner = { ana: 0, ben: 0, cy: 0, dee: 0, eli: 0, ...counts } as Record<string, number> & { ana: number; ben: number; cy: number; dee: number };
        expect(byOwner.ana + byOwner.ben).toBe(LEADS / 2);
        // Weights 2:1 → exactly 1,000 : 500, whatever the interleaving across processes.
        expect(Math.abs(byOwner.ana - 1_000)).toBeLessThanOrEqual(1);
        expect(Math.abs(byOwner.cy - byOwner.dee)).toBeLessThanOrEqual(1);
        const loads = await client.query(`select id, open_leads from reps order by id`);
        for (const row of loads.rows as { id: string; open_leads: number }[]) expect({ rep: row.id, open: row.open_leads }).toEqual({ rep: row.id, open: byOwner[row.id] ?? 0 });
        // Each pool's rotation counted every lead it gave out, member by member.
        const pools = await client.query(`select pool, members from routing_pools where pool in ('enterprise', 'smb') order by pool`);
        for (const row of pools.rows as { pool: string; members: { rep: string; assignedCount: number }[] }[]) {
          for (const member of row.members) expect({ pool: row.pool, rep: member.rep, assigned: member.assignedCount }).toEqual({ pool: row.pool, rep: member.rep, assigned: byOwner[member.rep] });
        }
      } finally {
        await client.end();
      }
    });
  });
}
