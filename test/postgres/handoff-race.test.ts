/**
 * Two Baton apps on one PostgreSQL, both sweeping the same due clocks at the same moment: every
 * breach and every escalation step is recorded exactly once, every lead is reassigned once, and
 * the reps' open-lead counts still match the leads they hold.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDueClocks } from '../../src/handoff/sweeper.js';
import { createToken } from '../../src/store/token-store.js';
import { twoAppsOnOneDatabase } from '../support/two-apps.js';
import { sql } from 'kysely';

const POLICY = path.resolve(import.meta.dirname, '../fixtures/handoff-policy.yaml');
const LEADS = 300;
let now = new Date('2026-06-09T10:00:00-04:00');
const clock = { now: () => now };
const apps = twoAppsOnOneDatabase(POLICY, { logger: false, clock, env: { BATON_SLA_SWEEP_MS: '0' } });

describe('two processes sweeping the same clocks', () => {
  it('record each clock step exactly once', async () => {
    const { token } = await createToken(apps.a.deps.db, 'race', ['admin'], now);
    for (let i = 0; i < LEADS; i++) {
      const res = await (i % 2 ? apps.a : apps.b).server.inject({
        method: 'POST',
        url: '/api/v1/leads',
        headers: { authorization: `Bearer ${token}` },
        payload: { email: `race${i}@r${i}.example`, company: { name: `R${i}`, size: 90, country: 'US' }, event: { type: 'demo_requested' } },
      });
      expect(res.statusCode).toBe(201);
    }
    // Due 14:00, reassignment at 15:00: every lead has a reminder, a breach, a notice and a reassignment due.
    now = new Date('2026-06-09T15:00:00-04:00');
    const [ra, rb] = await Promise.all([runDueClocks(apps.a.deps, { batchSize: 20 }), runDueClocks(apps.b.deps, { batchSize: 20 })]);
    expect(ra.points + rb.points).toBe(LEADS * 4);
    expect(ra.points).toBeGreaterThan(0);
    expect(rb.points).toBeGreaterThan(0);

    const db = apps.a.deps.db;
    const counts = await sql<{ type: string; n: number; max: number }>`
      select type, count(*)::int as n, max(per)::int as max from (
        select lead_id, type, data->>'clock' as clock, data->>'step' as step, count(*) as per
        from lead_events where type in ('escalated', 'clock_breached', 'reassigned')
        group by lead_id, type, data->>'clock', data->>'step') x
      group by type order by type`.execute(db);
    expect(counts.rows).toEqual([
      { type: 'clock_breached', n: LEADS, max: 1 },
      { type: 'escalated', n: LEADS * 3, max: 1 },
      { type: 'reassigned', n: LEADS, max: 1 },
    ]);
    const reminders = await db.selectFrom('outbox').select(({ fn }) => fn.countAll<number>().as('n')).where('kind', '=', 'sla.reminder').executeTakeFirstOrThrow();
    expect(Number(reminders.n)).toBe(LEADS);
    const owners = await sql<{ owner: string; n: number }>`select owner, count(*)::int as n from leads group by owner order by owner`.execute(db);
    const loads = await db.selectFrom('reps').select(['id', 'open_leads']).orderBy('id').execute();
    for (const { owner, n } of owners.rows) expect(loads.find((l) => l.id === owner)?.open_leads).toBe(n);
    expect(await runDueClocks(apps.b.deps)).toEqual({ leads: 0, points: 0 });
  });
});
