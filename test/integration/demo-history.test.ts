import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoHistory } from '../../src/demo/history.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/baton.policy.yaml');
const END = new Date('2026-11-20T18:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ policyFile: EXAMPLE, workers: false, clock: { now: () => END } });
});
afterAll(async () => {
  await t?.close();
});

describe('the demo history', () => {
  it('records weeks of hand-offs through the real intake and rep actions, all in the past', async () => {
    const summary = await seedDemoHistory(t.app.deps, { end: END, weeks: 1, leadsPerDay: 12, seed: 7, firstSerial: 100_000 });
    expect(summary.leads).toBeGreaterThan(20);
    expect(summary.actions).toBeGreaterThan(5);
    const events = await t.app.deps.db.selectFrom('lead_events').select(['type', 'occurred_at', 'actor']).execute();
    const types = new Set(events.map((e) => e.type));
    expect([...types].sort()).toEqual(expect.arrayContaining(['accepted', 'assigned', 'clock_started', 'contact_attempted', 'lead_created']));
    expect(events.every((e) => new Date(e.occurred_at).getTime() <= END.getTime())).toBe(true);
    const repActions = events.filter((e) => e.type === 'accepted' || e.type === 'rejected');
    expect(repActions.every((e) => e.actor.startsWith('rep:'))).toBe(true);
    const first = new Date(Math.min(...events.map((e) => new Date(e.occurred_at).getTime())));
    expect(END.getTime() - first.getTime()).toBeLessThanOrEqual(7 * 24 * 3600_000);
  });
});
