/**
 * `baton simulate` against a real store: leads, activity and rep actions go in through the API
 * on a fake clock; the simulate command replays them under the fixture policy (current) and a
 * draft that lowers the MQL bar from 40 to 20 engagement points and gives ana the same weight as
 * ben in the enterprise pool. Every figure is worked out by hand below.
 *
 * The history (calendar open around the clock, so business time = wall time):
 *  E1–E6: enterprise leads (2,000 people, US) asking for a demo → high intent, MQL in both.
 *     Current pool weights ana 2, ben 1 → ana, ben, ana, ana, ben, ana.
 *     Draft weights 1, 1 → ana, ben, ana, ben, ana, ben: E4, E5, E6 change owner.
 *     Recorded: E1 attempt +30m, accept, convert to opportunity; E2 attempt +2h, reject;
 *     E3 and E4 attempt +30m, accept; E5 reject without an attempt; E6 attempt +3h.
 *  S1–S4: small US companies, a webinar (20) and a download (5) = 25 points: MQL only in the draft
 *     (at the webinar), smb pool cy, dee, cy, dee.
 *  S5, S6: two pricing views (30) and a webinar (50): MQL in both; current cy, dee; draft (after
 *     S1–S4) cy, dee. Recorded: S5 attempt +1h, accept; S6 attempt +5h, reject.
 * Response times observed: ana 30m, 30m, 30m, 3h; ben 2h (E5 ended without one); cy 1h; dee 5h.
 * Projected first-touch breaches (high intent 1h, standard 4h; share of the rep's responses over
 * the budget): current 4 × ¼ (ana) + 2 × 1 (ben) + 0 (cy) + 1 (dee) = 4 of 8;
 * draft 3 × ¼ + 3 × 1 + 0 + 3 × 1 (dee: S2, S4, S6) = 6.75 of 12.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { runSimulation } from '../../src/simulate/command.js';
import type { SimulationReport } from '../../src/simulate/simulate.js';
import { FIXTURE_POLICY, startTestApp, type TestApp } from '../support/test-app.js';

const START = Date.parse('2026-03-02T09:00:00Z');
let now = START;
const clock = { now: () => new Date(now) };
const minutes = (m: number) => (now += m * 60_000);

let t: TestApp;
let dir: string;
let draftFile: string;
const ids: Record<string, string> = {};

async function lead(name: string, body: Record<string, unknown>): Promise<string> {
  const res = await t.api('POST', '/api/v1/leads', { email: `${name.toLowerCase()}@${name.toLowerCase()}-corp.com`, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  ids[name] = res.body.id;
  return res.body.id;
}

async function activity(name: string, type: string, url?: string): Promise<void> {
  const res = await t.api('POST', '/api/v1/events', { events: [{ lead_id: ids[name], type, ...(url ? { url } : {}) }] });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.results?.[0]?.status ?? 'accepted').toBe('accepted');
}

async function act(name: string, action: Record<string, unknown>): Promise<void> {
  const res = await t.api('POST', `/api/v1/leads/${ids[name]}/actions`, action);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

const attempt = { type: 'attempt', channel: 'call', outcome: 'no_answer' };
const enterprise = { company: { name: 'Big', size: 2000, country: 'US' }, source: { utm_source: 'google' }, event: { type: 'demo_requested' } };
const small = { company: { name: 'Small', size: 50, country: 'US' }, source: { utm_source: 'newsletter' } };

beforeAll(async () => {
  t = await startTestApp({ clock, workers: false });
  dir = await mkdtemp(path.join(tmpdir(), 'baton-simulate-'));
  const doc = parseDocument(await readFile(FIXTURE_POLICY, 'utf8'));
  doc.setIn(['mql', 'engagement_at_least'], 20);
  doc.setIn(['pools', 'enterprise', 'members'], [{ rep: 'ana', weight: 1 }, { rep: 'ben', weight: 1 }]);
  draftFile = path.join(dir, 'draft.yaml');
  await writeFile(draftFile, doc.toString());

  await lead('E1', enterprise);
  minutes(30);
  await act('E1', attempt);
  await act('E1', { type: 'accept' });
  await act('E1', { type: 'convert', to: 'opportunity' });
  minutes(10);
  await lead('E2', enterprise);
  minutes(120);
  await act('E2', attempt);
  await act('E2', { type: 'reject', reason: 'no_intent' });
  minutes(10);
  for (const name of ['E3', 'E4']) {
    await lead(name, enterprise);
    minutes(30);
    await act(name, attempt);
    await act(name, { type: 'accept' });
    minutes(10);
  }
  await lead('E5', enterprise);
  minutes(5);
  await act('E5', { type: 'reject', reason: 'no_intent' });
  minutes(10);
  await lead('E6', enterprise);
  minutes(180);
  await act('E6', attempt);
  minutes(10);
  for (const name of ['S1', 'S2', 'S3', 'S4']) {
    await lead(name, small);
    minutes(1);
    await activity(name, 'webinar_attended');
    minutes(1);
    await activity(name, 'content_downloaded');
    minutes(10);
  }
  for (const [name, delay, outcome] of [['S5', 60, 'accept'], ['S6', 300, 'reject']] as const) {
    await lead(name, small);
    minutes(1);
    await activity(name, 'page_viewed', 'https://example.com/pricing');
    minutes(1);
    await activity(name, 'page_viewed', 'https://example.com/pricing/teams');
    minutes(1);
    await activity(name, 'webinar_attended');
    minutes(delay);
    await act(name, attempt);
    await act(name, outcome === 'accept' ? { type: 'accept' } : { type: 'reject', reason: 'no_intent' });
    minutes(10);
  }
});

afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const simulateNow = () =>
  runSimulation({ policy: draftFile, current: FIXTURE_POLICY, since: '30d' }, { db: t.app.deps.db, now: new Date(now), env: {} });

describe('baton simulate on recorded history', () => {
  let report: SimulationReport;
  beforeAll(async () => {
    report = await simulateNow();
  });

  it('replays the current policy to the owners the history recorded', () => {
    expect(report.history.leads).toBe(12);
    expect(report.current_matches_recorded).toBe(1);
  });

  it('counts MQLs and their mix under each policy', () => {
    expect(report.current.mqls).toBe(8);
    expect(report.draft.mqls).toBe(12);
    expect(report.current.by_source).toEqual({ google: 6, newsletter: 2 });
    expect(report.draft.by_source).toEqual({ google: 6, newsletter: 6 });
    expect(report.current.by_priority).toEqual({ high: 6, normal: 2 });
    expect(report.current.high_priority_share).toBe(0.75);
    expect(report.draft.high_priority_share).toBe(0.5);
    expect(report.draft.by_route).toEqual({ 'Enterprise NA': 6, 'Everyone else': 6 });
    expect(report.changes).toMatchObject({ newly_mql: 4, no_longer_mql: 0, newly_sent: 4, no_longer_sent: 0 });
    expect(report.changes.examples.newly_mql.sort()).toEqual([ids.S1, ids.S2, ids.S3, ids.S4].sort());
  });

  it('gives each rep their leads and measures the round robin', () => {
    expect(report.current.leads_per_rep).toEqual({ ana: 4, ben: 2, cy: 1, dee: 1, eli: 0 });
    expect(report.draft.leads_per_rep).toEqual({ ana: 3, ben: 3, cy: 3, dee: 3, eli: 0 });
    const current = report.current.fairness.enterprise!;
    expect(current.counts).toEqual({ ana: 4, ben: 2 });
    expect(current.max_minus_min).toBe(2);
    expect(current.cv).toBeCloseTo(1 / 3, 10); // mean 3, standard deviation 1
    expect(current.cv_per_weight).toBe(0); // 4/2 = 2/1: exactly in proportion
    expect(report.draft.fairness.enterprise).toMatchObject({ counts: { ana: 3, ben: 3 }, max_minus_min: 0, cv: 0, cv_per_weight: 0 });
  });

  it('lists the leads that would change owner', () => {
    expect(report.changes.owner_changed).toBe(3);
    expect(report.changes.examples.owner_changed).toEqual(
      expect.arrayContaining([
        { lead: ids.E4, current: 'ana', draft: 'ben' },
        { lead: ids.E5, current: 'ben', draft: 'ana' },
        { lead: ids.E6, current: 'ana', draft: 'ben' },
      ]),
    );
  });

  it('projects first-touch breaches from each rep\'s observed response times', () => {
    expect(report.history.response_observations).toBe(7);
    expect(report.current.first_touch).toMatchObject({ assigned: 8, projected: 8, unprojected: 0 });
    expect(report.current.first_touch.projected_breaches).toBeCloseTo(4, 10);
    expect(report.current.first_touch.breach_rate).toBeCloseTo(0.5, 10);
    expect(report.draft.first_touch.projected_breaches).toBeCloseTo(6.75, 10);
    expect(report.draft.first_touch.breach_rate).toBeCloseTo(6.75 / 12, 10);
  });

  it('reports acceptance and conversion of the leads each policy sends, where the outcome is known', () => {
    expect(report.current.outcomes).toMatchObject({ sent: 8, known: 7, accepted: 4, rejected: 3, converted: 1, unknown: 1 });
    expect(report.current.outcomes.acceptance_rate).toBeCloseTo(4 / 7, 10);
    expect(report.current.outcomes.conversion_rate).toBeCloseTo(1 / 7, 10);
    expect(report.draft.outcomes).toMatchObject({ sent: 12, known: 7, accepted: 4, rejected: 3, converted: 1, unknown: 5 });
  });

  it('is deterministic: the same history and policies give a byte-identical JSON report', async () => {
    const again = await simulateNow();
    expect(JSON.stringify(again, null, 2)).toBe(JSON.stringify(report, null, 2));
  });
});
