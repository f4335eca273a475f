/**
 * Where the intake's time goes: runs `baton serve` with V8's CPU profiler under the same load as
 * bench/intake.ts and prints the functions with the most self time, for the lead phase and the
 * activity-batch phase separately.
 *   npx tsx bench/profile-intake.ts [--leads 3000] [--batches 40] [--db postgres|pglite]
 *
 * The profile covers the whole process; each phase's share is cut out by sample time (V8's
 * profile clock and process.hrtime are both the system's monotonic clock). On PostgreSQL it also
 * lists each phase's statements by time spent in the server (pg_stat_statements, all workers'
 * statements included).
 */
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startPostgres } from '../test/support/postgres-server.js';
import { startServerProcess } from '../test/support/server-process.js';
import { closedLoop, post } from './lib/load.js';

const { values } = parseArgs({
  options: { leads: { type: 'string', default: '3000' }, batches: { type: 'string', default: '40' }, db: { type: 'string', default: 'postgres' } },
});
const TOKEN = 'bench-admin-token-0123456789abcdef';
const dir = await mkdtemp(path.join(tmpdir(), 'baton-prof-'));
const server =
  values.db === 'postgres'
    ? await startPostgres({ settings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all', 'pg_stat_statements.track_planning': 'on' } })
    : undefined;
if (server) await server.createDatabase('prof');
const stats = server ? new pg.Client(server.urlFor('prof')) : undefined;
await stats?.connect();
await stats?.query('create extension pg_stat_statements');
const statementReport: string[] = [];
async function statements(phase: string): Promise<void> {
  if (!stats) return;
  const { rows } = await stats.query<{ calls: string; ms: number; plan_ms: number; rows: string; query: string }>(
    `select calls, total_exec_time as ms, total_plan_time as plan_ms, rows, query from pg_stat_statements
     where dbid = (select oid from pg_database where datname = current_database()) order by total_exec_time + total_plan_time desc limit 20`,
  );
  const total = rows.reduce((sum, r) => sum + r.ms + r.plan_ms, 0);
  statementReport.push(`\n=== ${phase}: statements by server time (exec + plan, ms; top 20 = ${Math.round(total)} ms)`);
  for (const r of rows) {
    statementReport.push(`${Math.round(r.ms + r.plan_ms).toString().padStart(7)} ms ${r.calls.padStart(7)} calls ${Math.round(r.plan_ms).toString().padStart(5)} plan  ${r.query.replace(/\s+/g, ' ').slice(0, 150)}`);
  }
  await stats.query('select pg_stat_statements_reset()');
  // Row versions written to the lead table, and how many of the updates were HOT (no index entries).
  const { rows: tables } = await stats.query<{ inserts: string; updates: string; hot: string }>(
    `select n_tup_ins as inserts, n_tup_upd as updates, n_tup_hot_upd as hot from pg_stat_user_tables where relname = 'leads'`,
  );
  const t = tables[0];
  if (t) statementReport.push(`  leads table so far: ${t.inserts} inserts, ${t.updates} updates, ${t.hot} of them HOT`);
}
const baton = await startServerProcess(
  {
    ...(server ? { DATABASE_URL: server.urlFor('prof'), BATON_DB_POOL_SIZE: '16' } : { BATON_DATA_DIR: path.join(dir, 'data') }),
    BATON_ADMIN_TOKEN: TOKEN,
    BATON_POLICY: path.resolve(import.meta.dirname, '../test/fixtures/policy.yaml'),
    LOG_LEVEL: 'error',
  },
  [],
  ['--cpu-prof', `--cpu-prof-dir=${dir}`],
);
const micros = () => Number(process.hrtime.bigint() / 1000n);
const n = Number(values.leads);
const leadUrl = `${baton.url}/api/v1/leads`;
const lead = (i: number) => ({
  email: `p${i}@c${i % 300}.example.com`,
  title: 'VP Sales',
  company: { name: `C ${i % 300}`, size: i % 2 ? 5000 : 80, country: 'US' },
  event: { type: i % 3 ? 'form_submitted' : 'demo_requested' },
});
await closedLoop(200, 16, (i) => post(leadUrl, TOKEN, lead(n + i)));
await stats?.query('select pg_stat_statements_reset()');

const phases: { name: string; from: number; to: number }[] = [];
let from = micros();
const leads = await closedLoop(n, 32, (i) => post(leadUrl, TOKEN, lead(i)));
phases.push({ name: 'leads', from, to: micros() });
await statements('leads');
console.log(`${Math.round(leads.perSecond)} leads/s while profiling`);

const batches = Number(values.batches);
const bodies = Array.from({ length: batches }, (_, b) => ({
  events: Array.from({ length: 1_000 }, (_, j) => {
    const i = (b * 1_000 + j) % n;
    return { email: `p${i}@c${i % 300}.example.com`, type: j % 3 === 0 ? 'page_viewed' : 'content_downloaded', url: 'https://example.com/pricing' };
  }),
}));
from = micros();
const events = await closedLoop(batches, 2, (b) => post(`${baton.url}/api/v1/events`, TOKEN, bodies[b]));
// The phase ends when the event-log readers (metrics, webhooks) have caught up: their work is the batches' too.
while (stats && (await stats.query('select 1 from event_cursors c where exists (select 1 from lead_events e where (e.tx, e.id) > (c.tx, c.last_id))')).rowCount) {
  await new Promise((resolve) => setTimeout(resolve, 10));
}
phases.push({ name: 'events', from, to: micros() });
await statements('events');
await stats?.end();
console.log(`${Math.round(events.perSecond * 1_000)} events/s while profiling`);
await baton.stop();
await server?.stop();

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; startTime: number; samples: number[]; timeDeltas: number[] };
const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error('no profile written');
const profile = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as Profile;
await rm(dir, { recursive: true, force: true });

const keyOf = new Map<number, string>();
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
for (const node of profile.nodes) {
  const where = node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^.*\/work\/main\//, '');
  keyOf.set(node.id, `${node.callFrame.functionName || '(anonymous)'} ${where}:${node.callFrame.lineNumber}`);
}

console.log(statementReport.join('\n'));
for (const phase of phases) {
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i]!;
    if (t < phase.from || t > phase.to) return;
    const key = keyOf.get(id)!;
    if (key.startsWith('(idle)')) return;
    total++;
    self.set(key, (self.get(key) ?? 0) + 1);
    const onStack = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parentOf.get(node)) onStack.add(keyOf.get(node)!);
    for (const k of onStack) inclusive.set(k, (inclusive.get(k) ?? 0) + 1);
  });
  const seconds = (phase.to - phase.from) / 1e6;
  console.log(`\n=== ${phase.name}: ${seconds.toFixed(1)} s, Baton busy in ${total} samples (${((total / (seconds * 1000)) * 100).toFixed(0)} % at 1 ms sampling)`);
  const byModule = new Map<string, number>();
  for (const [key, hits] of self) {
    const mod = key.split(' ')[1]!.split('/').slice(0, 2).join('/');
    byModule.set(mod, (byModule.get(mod) ?? 0) + hits);
  }
  console.log('self time by module:');
  for (const [mod, hits] of [...byModule].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${mod}`);
  console.log('self time by function:');
  for (const [key, hits] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
  console.log("Baton's own functions, total time (with what they call):");
  const own = [...inclusive].filter(([key]) => / src\//.test(key));
  for (const [key, hits] of own.sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
}
