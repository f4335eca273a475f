/**
 * The monthly audit for a month of ~100,000 leads (October 2026 of the bench/metrics.ts data set:
 * 1,000,000 leads over ten months), on real PostgreSQL.
 *
 *   npx tsx bench/audit.ts [--leads 1000000] [--runs 3] [--url postgres://…] [--reuse]
 *
 * Builds (or reuses) the data set and its read model as bench/metrics.ts does, starts
 * `baton serve`, then times GET /api/v1/reports/audit?month=2026-10 as JSON, HTML and Markdown
 * (one warm-up, median of --runs), and `baton audit --month 2026-10 --out … --md …` as an operator
 * runs it (a new process: start-up, catch-up check, both files), each with the CPU time it cost
 * Baton (the server, or the CLI process) and the PostgreSQL server.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { benchOptions, POLICY, postgresPid, prepareDataset, printResults, startBaton, timeGet } from './metrics.js';
import { treeCpuSeconds } from './lib/cpu.js';
import { median, round } from './lib/load.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const options = benchOptions();
const data = await prepareDataset(options);
const baton = await startBaton(data.url);
const pgPid = await postgresPid(data.url);
const rows: string[] = [];
try {
  const monthLeads = await fetch(`${baton.url}/api/v1/metrics?from=2026-10-01&to=2026-10-31`, { headers: { authorization: 'Bearer bench-admin-token-0123456789abcdef' } }).then((r) => r.json() as Promise<{ trend: { leads: number }[] }>);
  const leads = monthLeads.trend.reduce((s, w) => s + w.leads, 0);
  for (const format of ['json', 'html', 'md']) {
    const t = await timeGet(baton, `/api/v1/reports/audit?month=2026-10&format=${format}`, options.runs, pgPid);
    rows.push(`| GET /api/v1/reports/audit?format=${format} | **${t.medianMs}** | ${t.runsMs.join(', ')} | ${t.batonCpuMs ?? '–'} | ${t.postgresCpuMs ?? '–'} | ${Math.round(t.bytes / 1024)} KB |`);
    process.stderr.write(`${rows[rows.length - 1]}\n`);
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'baton-bench-audit-'));
  const cli: number[] = [];
  const cliCpu: number[] = [];
  const pgCpu: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    // This process's CPU includes its children once they have exited (the CLI process).
    const cpuBefore = [treeCpuSeconds(process.pid), pgPid ? treeCpuSeconds(pgPid) : Number.NaN];
    const started = performance.now();
    await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'audit', '--month', '2026-10', '--out', path.join(dir, 'a.html'), '--md', path.join(dir, 'a.md'), '--quiet'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: data.url, BATON_POLICY: POLICY, LOG_LEVEL: 'error' },
    });
    cli.push(round(performance.now() - started));
    cliCpu.push((treeCpuSeconds(process.pid) - cpuBefore[0]!) * 1000);
    pgCpu.push((pgPid ? treeCpuSeconds(pgPid) : Number.NaN) * 1000 - cpuBefore[1]! * 1000);
  }
  const size = (await stat(path.join(dir, 'a.html'))).size;
  const cpu = (values: number[]) => (values.some(Number.isNaN) ? '–' : String(Math.round(median(values))));
  rows.push(`| baton audit --month 2026-10 --out --md (new process) | **${round(median(cli))}** | ${cli.join(', ')} | ${cpu(cliCpu)} | ${cpu(pgCpu)} | ${Math.round(size / 1024)} KB HTML |`);
  await rm(dir, { recursive: true, force: true });
  printResults(
    [`leads: ${data.leads.toLocaleString('en')}, events: ${data.events.toLocaleString('en')}; October 2026: ${leads.toLocaleString('en')} new leads`],
    ['audit', 'median ms', 'runs ms', 'Baton CPU ms', 'PostgreSQL CPU ms', 'output'],
    rows,
  );
} finally {
  await baton.stop();
  if (!options.url) await data.stop();
}
