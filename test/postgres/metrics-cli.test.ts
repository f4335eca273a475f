/**
 * On real PostgreSQL: two processes' readers racing over the same log build the read model once
 * (the cursor row is locked per batch), and the `baton metrics` and `baton audit` commands, run as
 * separate processes the way an operator runs them, report the known history's figures.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicyFile } from '../../src/policy/load.js';
import { catchUp, resetReadModel } from '../../src/metrics/read-model/projector.js';
import { computeMetrics } from '../../src/metrics/query/metrics.js';
import { openDatabase, type DatabaseHandle } from '../../src/store/connect.js';
import { knownHistory, metricsPolicyFile } from '../support/history.js';
import { testDatabase, type TestDatabase } from '../support/test-database.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
let database: TestDatabase;
let handles: DatabaseHandle[] = [];
let policyFile: string;

beforeAll(async () => {
  database = await testDatabase();
  if (database.kind !== 'postgres') throw new Error('this file runs in the postgres project');
  policyFile = await metricsPolicyFile();
  handles = await Promise.all([1, 2].map(() => openDatabase({ kind: 'postgres', url: database.url!, poolSize: 4 })));
  await knownHistory().history.save(handles[0]!.db);
});
afterAll(async () => {
  await Promise.all(handles.map((h) => h.close()));
  await database?.cleanup();
});

const baton = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: database.url!, BATON_POLICY: policyFile, LOG_LEVEL: 'warn' },
    maxBuffer: 16 * 1024 * 1024,
  });

describe('the read model on PostgreSQL', () => {
  it('is built once when two readers race over the same log', async () => {
    const loaded = await loadPolicyFile(policyFile);
    if (!loaded.ok) throw new Error('policy');
    const policy = () => loaded.policy;
    const period = { from: new Date('2026-10-05T00:00:00Z'), to: new Date('2026-10-19T00:00:00Z') };
    const now = new Date('2026-10-20T12:00:00Z');
    await catchUp(handles[0]!.db, policy, { batchSize: 3 });
    const alone = await computeMetrics(handles[0]!.db, { period, now, policy: loaded.policy, by: 'rep' });
    expect(alone.acceptance_rate).toMatchObject({ accepted: 6, rejected: 2, handed_off: 9 });

    await resetReadModel(handles[0]!.db);
    // Small batches, so the two readers take turns many times.
    await Promise.all(handles.map((h) => catchUp(h.db, policy, { batchSize: 3 })));
    const raced = await computeMetrics(handles[1]!.db, { period, now, policy: loaded.policy, by: 'rep' });
    expect(raced).toEqual(alone);
    const rows = await handles[0]!.db.selectFrom('metrics_daily_leads').select((eb) => eb.fn.sum<number>('created').as('n')).executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(11);
  });
});

describe('the commands', () => {
  it('`baton metrics --json` prints the metrics of the period', async () => {
    const { stdout } = await baton('metrics', '--from', '2026-10-05', '--to', '2026-10-18', '--by', 'rep', '--json');
    const m = JSON.parse(stdout);
    expect(m.acceptance_rate).toMatchObject({ value: 0.75, accepted: 6, rejected: 2 });
    expect(m.response_time).toMatchObject({ count: 8, median_ms: 20 * 60_000, p90_ms: 73_440_000 });
    expect(m.sla_compliance).toMatchObject({ met: 8, due: 12 });
    expect(m.breakdown.map((r: { key: string }) => r.key)).toEqual(['ana', 'cy', 'ben', '(none)']);
  });

  it('`baton metrics` prints a table a person can read', async () => {
    const { stdout } = await baton('metrics', '--from', '2026-10-05', '--to', '2026-10-18');
    expect(stdout).toMatch(/MQL → SAL acceptance\s+75\.0 %\s+50\.0 %–70\.0 %\s+✗ missed\s+6 accepted, 2 rejected of 9 handed off/);
    expect(stdout).toMatch(/Response time \(median\)\s+20 min\s+≤ 1\.0 h\s+✓ met/);
    expect(stdout).toContain('Leaks now: 1 with no owner, 1 with no first touch');
  });

  it('`baton audit` writes the HTML and Markdown reports and lists the actions', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'baton-audit-'));
    const html = path.join(dir, 'audit.html');
    const md = path.join(dir, 'audit.md');
    const { stdout, stderr } = await baton('audit', '--month', '2026-10', '--out', html, '--md', md);
    expect(stdout).toContain(`audit 2026-10: wrote ${html}, ${md}`);
    expect(stdout).toMatch(/\n {2}1\. /);
    // The parts run side by side; each is reported once as it ends, counted up to 6/6.
    for (const part of ['metrics for the month', 'metrics for the month before', 'rejection reasons', 'conversion', 'stalled leads', 'policy changes']) {
      expect(stderr).toMatch(new RegExp(`audit: [1-6]/6 ${part}\n`));
    }
    expect(stderr).toMatch(/audit: 6\/6 /);
    expect(await readFile(html, 'utf8')).toContain('<svg');
    expect(await readFile(md, 'utf8')).toContain('## The four metrics');
    const bad = await baton('audit', '--month', 'Oct').catch((error: { stderr: string; code: number }) => error);
    expect(bad).toMatchObject({ code: 1 });
    expect((bad as { stderr: string }).stderr).toContain('--month: expected a month as YYYY-MM');
  });
});
