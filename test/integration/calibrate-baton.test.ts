/**
 * baton calibrate --from-baton: learns from the leads Baton recorded, with outcomes from the
 * hand-off's `closed` (won against lost) and `rejected` events, and activity as counts per
 * engagement rule. Leads go in through the API and reps act through the actions API.
 *   60 leads with an outcome: even ones "VP Sales" (won when i % 4 = 0, else lost after accepting),
 *   odd ones "Engineer" (rejected); every third lead attended a webinar. 10 more have no outcome.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalibrateResult } from '../../src/calibrate/calibrate.js';
import { calibrate } from '../../src/calibrate/command.js';
import { checkPolicy } from '../../src/policy/check.js';
import { FIXTURE_POLICY, startTestApp, type TestApp } from '../support/test-app.js';

let now = Date.parse('2026-04-06T10:00:00Z');
const clock = { now: () => new Date(now) };
let t: TestApp;
let dir: string;

async function ok(res: Promise<{ status: number; body: any }>): Promise<any> {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  return r.body;
}

beforeAll(async () => {
  t = await startTestApp({ clock, workers: false });
  dir = await mkdtemp(path.join(tmpdir(), 'baton-calibrate-baton-'));
  for (let i = 0; i < 70; i++) {
    now += 60_000;
    const vp = i % 2 === 0;
    const lead = await ok(
      t.api('POST', '/api/v1/leads', {
        email: `person${i}@company${i}.com`,
        title: vp ? 'VP Sales' : 'Engineer',
        company: { name: `Company ${i}`, size: 300 + i * 10, country: 'US' },
        event: { type: 'demo_requested' },
      }),
    );
    if (i % 3 === 0) await ok(t.api('POST', '/api/v1/events', { events: [{ lead_id: lead.id, type: 'webinar_attended' }] }));
    if (i >= 60) continue; // no outcome yet
    const act = (body: object) => ok(t.api('POST', `/api/v1/leads/${lead.id}/actions`, body));
    if (!vp) {
      await act({ type: 'reject', reason: 'no_intent' });
      continue;
    }
    await act({ type: 'accept' });
    if (i % 4 === 0) {
      await act({ type: 'convert', to: 'opportunity' });
      await act({ type: 'close', outcome: 'won', disposition: 'wrong_fit' });
    } else {
      await act({ type: 'close', outcome: 'lost', disposition: 'no_budget' });
    }
  }
}, 180_000);

afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('baton calibrate --from-baton', () => {
  let result: CalibrateResult;
  const out = () => path.join(dir, 'proposed.yaml');
  beforeAll(async () => {
    result = await calibrate({ fromBaton: true, since: '30d', policy: FIXTURE_POLICY, writePolicy: out(), seed: 2 }, { progress: false, env: {}, db: t.app.deps.db, now: new Date(now) });
  });

  it('reads the leads with an outcome, won against lost or rejected, and leaves the others out', () => {
    const { report } = result;
    expect(report.rows).toBe(60);
    expect(report.positives).toBe(15); // i = 0, 4, …, 56
    expect(report.positive).toBe('closed won (against closed lost or rejected)');
    expect(report.notes).toContain('10 of 70 leads created since 2026-03-07 have no outcome yet and were left out.');
  });

  it('learns points from the leads\' fields and their activity per engagement rule', () => {
    const title = result.report.features.find((f) => f.field === 'title')!;
    const points = (label: string) => title.bins.find((b) => b.label === label)!.points;
    expect(points('VP Sales')).toBeGreaterThan(points('Engineer'));
    expect(result.report.events).toEqual([expect.objectContaining({ key: 'scoring.engagement.rules[1]', event: 'webinar_attended' })]);
    // The current policy can score its own leads: its title and size rules read fields they have.
    expect(result.report.current.can_score).toBe(true);
  });

  it('writes the learned webinar points into the policy\'s own engagement rule', async () => {
    const text = await readFile(out(), 'utf8');
    const check = checkPolicy(text, out());
    if (!check.ok) throw new Error(JSON.stringify(check.errors));
    const webinar = check.policy.scoring.engagement.rules[1]!;
    expect(webinar.event).toBe('webinar_attended');
    expect(webinar.points).toBe(result.report.events[0]!.points_per_event);
  });

  it('refuses with --positive other than won or accepted', async () => {
    await expect(calibrate({ fromBaton: true, positive: 'yes', policy: FIXTURE_POLICY }, { progress: false, env: {}, db: t.app.deps.db })).rejects.toThrow(/--positive with --from-baton is won or accepted/);
  });
});
