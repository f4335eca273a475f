/**
 * baton calibrate on a CRM export whose columns the policy knows (mapped to company.size, title,
 * industry and a form answer), and everything a person can get wrong on the way in: each mistake
 * is a message naming the line or column to fix, an exit code of 1 and no stack trace.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calibrate, type CalibrateOptions } from '../../src/calibrate/command.js';
import { rocAuc } from '../../src/calibrate/metrics.js';
import { seededRandom } from '../../src/demo/generator.js';
import { checkPolicy } from '../../src/policy/check.js';
import { FIXTURE_POLICY } from '../support/test-app.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
let dir: string;
let deals: string;

/** 8,000 deals: mid-sized companies and senior titles win more often; "Lost Reason" is filled only for lost deals (leakage). */
function dealsCsv(): string {
  const random = seededRandom(11);
  const titles = ['VP Sales', 'Head of Data', 'Director of IT', 'Engineer', 'Analyst', 'Marketing Manager'];
  const industries = ['software', 'fintech', 'retail', 'education'];
  const lines = ['Deal Id,Employees,Job Title,Industry,Budget,Stage,Lost Reason'];
  for (let i = 0; i < 8000; i++) {
    const size = Math.floor(10 + random() ** 2 * 9000);
    const title = titles[Math.floor(random() * titles.length)]!;
    const industry = industries[Math.floor(random() * industries.length)]!;
    const budget = random() < 0.5 ? 'yes' : 'no';
    const won = random() < 1 / (1 + Math.exp(-trueLogit(size, title, industry, budget)));
    lines.push(`D${i},${size},${title},${industry},${budget},${won ? 'Closed Won' : 'Closed Lost'},${won ? '' : 'no budget'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** How the deals were won: what a perfect scorecard would know. */
function trueLogit(size: number, title: string, industry: string, budget: string): number {
  let logit = -2;
  if (size >= 200 && size <= 5000) logit += 1.2;
  if (/VP|Head|Director/.test(title)) logit += 1;
  if (industry === 'education') logit -= 1;
  if (budget === 'yes') logit += 0.8;
  return logit;
}

const base = (more: Partial<CalibrateOptions> = {}): CalibrateOptions => ({ history: deals, outcome: 'Stage', positive: 'Closed Won', policy: FIXTURE_POLICY, ...more });
const run = (more: Partial<CalibrateOptions>) => calibrate(base(more), { progress: false, env: {} });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'baton-calibrate-input-'));
  deals = path.join(dir, 'deals.csv');
  await writeFile(deals, dealsCsv());
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('baton calibrate on a CRM export the policy can read', () => {
  it('compares with the current points on the same rows, warns about a leaking column, and sizes the MQL bar for a volume', async () => {
    const out = path.join(dir, 'proposed.yaml');
    const { report } = await run({ map: 'Budget=answers.budget', writePolicy: out, targetMqlVolume: 600, seed: 5 });
    expect(report.split).toMatchObject({ description: 'stratified random split, 25 % held out, seed 5', train: 6000, test: 2000 });
    // Employees, Job Title and Industry match lead fields on their own; Budget is mapped.
    expect(Object.fromEntries(report.features.map((f) => [f.column, f.field]))).toMatchObject({
      Employees: 'company.size',
      'Job Title': 'title',
      Industry: 'company.industry',
      Budget: 'answers.budget',
    });
    expect(report.skipped).toEqual([{ column: 'Deal Id', reason: expect.stringContaining('identifier') }]);
    // The fixture's size and title rules can fire; its competitor and free-e-mail rules need an e-mail.
    expect(report.current).toMatchObject({ can_score: true, usable_rules: 2, total_rules: 4, missing_fields: ['competitor', 'free_email'] });
    expect(report.current.roc_auc).toBeGreaterThan(0.6);
    expect(report.warnings.some((w) => w.includes('"Lost Reason"') && w.includes('--exclude'))).toBe(true);
    expect(report.leakage[0]).toMatchObject({ column: 'Lost Reason' });
    expect(report.leakage[0]!.auc).toBeGreaterThan(0.95);
    expect(report.threshold).toMatchObject({ target: { kind: 'volume', count: 600 } });
    expect(report.threshold!.mqls).toBeLessThanOrEqual(600);
    const check = checkPolicy(await readFile(out, 'utf8'), out);
    expect(check.ok).toBe(true);
  });

  it('learns nearly all there is to learn, more than the current points, once the leaking column is excluded', async () => {
    const { report, history, split } = await run({ map: 'Budget=answers.budget', exclude: 'Lost Reason,Deal Id' });
    expect(report.warnings.some((w) => w.includes('Lost Reason'))).toBe(false);
    const cells = (name: string) => history.columns.find((c) => c.name === name)!.cells;
    const truth = Array.from(split.test, (r) => trueLogit(Number(cells('Employees')[r]), String(cells('Job Title')[r]), String(cells('Industry')[r]), String(cells('Budget')[r])));
    const best = rocAuc(truth, Array.from(split.test, (r) => history.y[r]!));
    expect(report.learned.roc_auc).toBeGreaterThan(best - 0.015);
    expect(report.learned.roc_auc).toBeGreaterThan(report.current.roc_auc + 0.03);
    const budget = report.features.find((f) => f.column === 'Budget')!.bins;
    const points = (label: string) => budget.find((b) => b.label === label)!.points;
    // 0.8 in log-odds is 0.8 × 20 / ln 2 ≈ 23 points on the default scale.
    expect(points('yes') - points('no')).toBeGreaterThan(15);
    expect(points('yes') - points('no')).toBeLessThan(31);
  });
});

describe('baton calibrate refuses bad input with a message that says where', () => {
  it('names a missing outcome column and lists the columns of line 1', async () => {
    await expect(run({ outcome: 'Status' })).rejects.toThrow(/--outcome names the column "Status", which .*deals\.csv does not have \(line 1 has: Deal Id, Employees/);
  });

  it('lists the values an unknown --positive could have been', async () => {
    await expect(run({ positive: 'Won' })).rejects.toThrow(/--positive "Won" never appears in the column "Stage".*Closed Lost \(\d+\), Closed Won \(\d+\)/);
  });

  it('refuses a --map to a column the file lacks, or to something that is not a lead field', async () => {
    await expect(run({ map: 'Revenue=company.annual_revenue' })).rejects.toThrow(/--map names the column "Revenue"/);
    await expect(run({ map: 'Budget=budget' })).rejects.toThrow(/--map: "budget" \(for the column "Budget"\) is not a lead field/);
    await expect(run({ map: 'Budget' })).rejects.toThrow(/--map: "Budget" should look like "Column=field"/);
  });

  it('points at the line of a split file that is wrong, and of a row with too many fields', async () => {
    const split = path.join(dir, 'split.csv');
    await writeFile(split, 'row,set\n1,train\n2,validation\n');
    await expect(run({ split })).rejects.toThrow(/split\.csv line 3: set "validation" should be train or test/);
    const broken = path.join(dir, 'broken.csv');
    await writeFile(broken, 'a,b,Stage\n1,2,won\n1,2,3,lost\n');
    await expect(run({ history: broken, positive: 'won' })).rejects.toThrow(/broken\.csv line 3: expected 3 fields \(as in the header\), found 4/);
  });

  it('exits 1 from the command line with the message and no stack trace', async () => {
    const result = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'calibrate', '--history', deals, '--outcome', 'Status', '--positive', 'x', '--policy', FIXTURE_POLICY],
      { cwd: ROOT },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^baton: --outcome names the column "Status"/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
