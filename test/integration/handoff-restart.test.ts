/**
 * Clocks are rows, not timers: a clock pending when Baton stops still fires, exactly once, in the
 * next Baton started on the same database, here by that process's own sweeper worker.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type BatonApp } from '../../src/app.js';
import type { BatonConfig } from '../../src/config.js';
import { runDueClocks } from '../../src/handoff/sweeper.js';
import { createToken } from '../../src/store/token-store.js';
import { testDatabase, type TestDatabase } from '../support/test-database.js';

const POLICY = path.resolve(import.meta.dirname, '../fixtures/handoff-policy.yaml');
let now = new Date('2026-06-09T10:00:00-04:00');
const clock = { now: () => now };
let database: TestDatabase;
let config: BatonConfig;
const apps: BatonApp[] = [];

beforeAll(async () => {
  database = await testDatabase();
  config = {
    port: 0,
    host: '127.0.0.1',
    database: database.kind === 'postgres' ? { kind: 'postgres', url: database.url, poolSize: 4 } : { kind: 'pglite', dataDir: path.join(database.dataDir, 'data') },
    policyFile: POLICY,
    publicUrl: 'http://127.0.0.1',
    logLevel: 'silent',
  };
});
afterAll(async () => {
  for (const app of apps) await app.close().catch(() => undefined);
  await database?.cleanup();
});

async function start(sweepMs: number): Promise<BatonApp> {
  const app = await createApp(config, { logger: false, clock, env: { BATON_SLA_SWEEP_MS: String(sweepMs) } });
  apps.push(app);
  return app;
}
const breaches = async (app: BatonApp, leadId: string) =>
  app.deps.db.selectFrom('lead_events').select(['data']).where('lead_id', '=', leadId).where('type', '=', 'clock_breached').execute();

describe('a restart with clocks pending', () => {
  it('fires the clock that fell due while Baton was down, once, from the next process', async () => {
    const first = await start(0);
    const { token } = await createToken(first.deps.db, 'restart test', ['admin'], now);
    const res = await first.server.inject({
      method: 'POST',
      url: '/api/v1/leads',
      headers: { authorization: `Bearer ${token}` },
      payload: { email: 'pending@clocks.example', company: { name: 'Pending Clocks', size: 90, country: 'US' }, event: { type: 'demo_requested' } },
    });
    const leadId = (res.json() as { id: string }).id;
    const dueAt = (await first.deps.db.selectFrom('sla_clocks').select('due_at').where('lead_id', '=', leadId).where('clock', '=', 'first_touch').executeTakeFirstOrThrow()).due_at;
    expect(new Date(dueAt).toISOString()).toBe(new Date('2026-06-09T14:00:00-04:00').toISOString());
    await first.close();
    apps.pop();

    now = new Date('2026-06-09T14:30:00-04:00'); // past the deadline while nothing ran
    const second = await start(20);
    const deadline = Date.now() + 20_000;
    while ((await breaches(second, leadId)).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect((await breaches(second, leadId)).map((r) => r.data)).toEqual([{ clock: 'first_touch', rep: expect.any(String), due_at: new Date(dueAt).toISOString() }]);

    // Nothing is left to fire until the next step (reassignment at 15:00), however often anyone sweeps.
    expect(await runDueClocks(second.deps)).toEqual({ leads: 0, points: 0 });
    expect(await breaches(second, leadId)).toHaveLength(1);
    const escalated = await second.deps.db.selectFrom('lead_events').select('data').where('lead_id', '=', leadId).where('type', '=', 'escalated').execute();
    expect(escalated.map((e) => (e.data as { step: number }).step)).toEqual([0, 1]);
  });
});
