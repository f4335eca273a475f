/**
 * baton simulate --leads: a CSV of leads replayed under the fixture policy and a draft (MQL bar
 * 40 → 20 engagement points, enterprise weights 2:1 → 1:1), with an outcome column.
 *   row 1 Acme 2,000 US demo (won)   → enterprise: ana in both
 *   row 2 Bolt 3,000 US demo (lost)  → enterprise: ben in both
 *   row 3 Cora 50 US webinar (won)   → 20 points: MQL only in the draft, smb cy
 *   row 4 Dune 60 DE demo (lost)     → EMEA: eli in both
 *   row 5 gmail 50 US demo (lost)    → high intent skips the fit criteria; smb: cy now, dee in the draft (cy had row 3)
 *   row 6 Fern 10 US webinar         → under 20 employees: never an MQL
 *   row 7 a bad e-mail               → refused like intake would, named by its line
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { runSimulation } from '../../src/simulate/command.js';
import { FIXTURE_POLICY } from '../support/test-app.js';

let dir: string;
let leads: string;
let draft: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'baton-simulate-csv-'));
  leads = path.join(dir, 'leads.csv');
  await writeFile(
    leads,
    [
      'Email,Company,Employees,Country,utm_source,Event,Outcome',
      'a@acme.com,Acme,2000,US,google,demo_requested,won',
      'b@bolt.com,Bolt,3000,US,google,demo_requested,lost',
      'c@cora.com,Cora,50,US,newsletter,webinar_attended,won',
      'd@dune.com,Dune,60,DE,newsletter,demo_requested,lost',
      'e@gmail.com,,50,US,google,demo_requested,lost',
      'f@fern.com,Fern,10,US,,webinar_attended,',
      'not-an-email,Gone,500,US,google,demo_requested,won',
    ].join('\n'),
  );
  const doc = parseDocument(await readFile(FIXTURE_POLICY, 'utf8'));
  doc.setIn(['mql', 'engagement_at_least'], 20);
  doc.setIn(['pools', 'enterprise', 'members'], [{ rep: 'ana', weight: 1 }, { rep: 'ben', weight: 1 }]);
  draft = path.join(dir, 'draft.yaml');
  await writeFile(draft, doc.toString());
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const simulateCsv = () =>
  runSimulation({ policy: draft, current: FIXTURE_POLICY, leads, map: 'Country=company.country', outcome: 'Outcome', positive: 'won' }, { env: {} });

describe('baton simulate --leads', () => {
  it('replays the rows under both policies and compares them', async () => {
    const report = await simulateCsv();
    expect(report.history).toMatchObject({ inputs: 6, leads: 6 });
    expect(report.window).toEqual({ from: '2026-01-05T09:00:00.000Z', to: '2026-01-05T09:05:00.000Z' });
    expect(report.current).toMatchObject({ mqls: 4, by_source: { google: 3, newsletter: 1 }, leads_per_rep: { ana: 1, ben: 1, cy: 1, dee: 0, eli: 1 } });
    expect(report.draft).toMatchObject({ mqls: 5, by_source: { google: 3, newsletter: 2 }, leads_per_rep: { ana: 1, ben: 1, cy: 1, dee: 1, eli: 1 } });
    expect(report.changes).toMatchObject({ owner_changed: 1, newly_mql: 1, no_longer_mql: 0 });
    expect(report.current.outcomes).toMatchObject({ sent: 4, known: 4, converted: 1, conversion_rate: 0.25, acceptance_rate: null });
    expect(report.draft.outcomes).toMatchObject({ sent: 5, known: 5, converted: 2, conversion_rate: 0.4 });
    expect(report.notes.join(' ')).toMatch(/1 rows would be refused by intake and were left out: line 8: email/);
  });

  it('gives the same JSON twice', async () => {
    expect(JSON.stringify(await simulateCsv())).toBe(JSON.stringify(await simulateCsv()));
  });

  it('names the flag that is wrong', async () => {
    await expect(runSimulation({ current: FIXTURE_POLICY, leads } as never, { env: {} })).rejects.toThrow(/^--policy: the draft policy file is required/);
    await expect(runSimulation({ policy: draft, current: FIXTURE_POLICY, leads, outcome: 'Outcome' }, { env: {} })).rejects.toThrow(/--outcome and --positive go together/);
    await expect(runSimulation({ policy: draft, current: FIXTURE_POLICY, leads, outcome: 'Result', positive: 'won' }, { env: {} })).rejects.toThrow(/--outcome names the column "Result"/);
    await expect(runSimulation({ policy: path.join(dir, 'missing.yaml'), current: FIXTURE_POLICY, leads }, { env: {} })).rejects.toThrow(/--policy: .*missing\.yaml has errors:\n.*no policy file/);
  });
});
