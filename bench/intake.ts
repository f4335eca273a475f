/**
 * Lead intake end to end (HTTP → normalize → match → score → qualify → route → commit events and
 * outbox), on real PostgreSQL and on the embedded database.
 *
 *   npx tsx bench/intake.ts [--db postgres|pglite|both] [--runs 3] [--leads 3000]
 *
 *   [--pool 16] [--skip latency,events] [--warmup 2000] [--batches 12] [--node-args="…"]
 *
 * `--batches`: event batches measured; `--node-args` passes flags to the server's node (e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof` for a profile of the whole run).
 *
 * Per run: a fresh database and a `baton serve` process, warmed up with `warmup` leads (32 in
 * flight) and 4 batches of events (not measured); then
 *  1. ceiling: single-row committed inserts/s into the same database with as many connections as
 *     the server's pool (the pipeline needs one commit per lead, so this bounds it); also with one
 *     connection (one commit at a time: what bounds leads that wait on the same routing rows);
 *  2. throughput: N leads, 32 in flight (35 % high intent → routed), leads/s;
 *  3. latency: an open loop at 200 leads/s for 10 s, p50/p99 from when each request was due;
 *  4. events: batches of 1,000 activity events for known leads, 2 batches in flight, events/s.
 * Phases 1, 2 and 4 also report CPU time per unit of work (ms of CPU per lead, per insert, per
 * 1,000 events) of the Baton process, PostgreSQL (postmaster and every backend) and this load
 * generator, read from /proc: on a shared machine that figure holds where rates swing. Phases 2
 * and 4 start and end with the event-log readers (metrics, webhooks) caught up (PostgreSQL), so
 * their CPU holds the readers' work for that phase's events, and no other phase's.
 * Reports every run and the median over runs.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startPostgres, type PostgresServer } from '../test/support/postgres-server.js';
import { startServerProcess } from '../test/support/server-process.js';
import { cpuMeter, postmasterPid, type CpuMeter } from './lib/cpu.js';
import { closedLoop, median, openLoop, percentile, post, round } from './lib/load.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    runs: { type: 'string', default: '3' },
    leads: { type: 'string', default: '3000' },
    pool: { type: 'string', default: '16' },
    skip: { type: 'string', default: '' },
    warmup: { type: 'string', default: '2000' },
    batches: { type: 'string', default: '12' },
    'node-args': { type: 'string', default: '' },
  },
});
const SKIP = new Set(values.skip!.split(',').filter(Boolean));
const RUNS = Number(values.runs);
const LEADS = Number(values.leads);
const TOKEN = 'bench-admin-token-0123456789abcdef';
const POOL = Number(values.pool);
const WARMUP = Number(values.warmup);
const BATCHES = Number(values.batches);
const NODE_ARGS = values['node-args']!.split(' ').filter(Boolean);
const POLICY = path.resolve(import.meta.dirname, '../test/fixtures/policy.yaml');

interface RunResult {
  ceilingInsertsPerSec: number;
  /** The same with one connection: one commit (and its WAL flush) at a time. */
  ceilingOneConnection: number;
  leadsPerSec: number;
  ratioToCeiling: number;
  p50At200: number;
  p99At200: number;
  eventsPerSec: number;
  /** How long after the last batch's answer the event-log readers took to catch up (PostgreSQL). */
  readersBehindMs: number;
  /** CPU milliseconds per committed insert of the ceiling: PostgreSQL, client. */
  ceilingCpuMs: { db: number; load: number };
  /** CPU milliseconds per lead of the throughput phase. */
  leadCpuMs: Cpu;
  /** CPU milliseconds per 1,000 events of the events phase. */
  eventCpuMs: Cpu;
}

/** CPU milliseconds per unit: the Baton process (with PGlite inside it when embedded), PostgreSQL, the load generator. */
interface Cpu {
  baton: number;
  db: number;
  load: number;
  /** What an idle 2-core machine could do at this cost: 2 CPU-s / (baton + db + load). */
  perSecondOn2Cores: number;
}

function leadBody(i: number, run: number) {
  const roll = i % 20;
  return {
    email: `person${i}.r${run}@company${i % 500}.example.com`,
    first_name: 'Bench',
    last_name: `Person ${i}`,
    title: roll % 3 === 0 ? 'VP Sales' : 'Analyst',
    company: { name: `Company ${i % 500}`, size: roll < 10 ? 5_000 : 80, country: roll % 4 === 0 ? 'DE' : 'US', industry: 'software' },
    source: { utm_source: 'google', utm_medium: 'cpc' },
    ...(roll < 7 ? { event: { type: 'demo_requested' } } : { event: { type: 'form_submitted', form_id: 'content' } }),
  };
}

const CEILING_TABLE = 'create table if not exists bench_ceiling (id bigserial primary key, v text not null, at timestamptz not null default now())';

/** Committed single-row inserts per second, `connections` at a time (each its own commit), for 5 s; with CPU per insert. */
async function ceiling(
  url: string | undefined,
  pgliteDir: string | undefined,
  dbPid: number | undefined,
  connections = POOL,
): Promise<{ perSecond: number; cpuMs: RunResult['ceilingCpuMs'] }> {
  const seconds = 5;
  let count = 0;
  let meter: CpuMeter;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: connections });
    await pool.query(CEILING_TABLE);
    meter = cpuMeter({ db: dbPid! });
    const end = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < end) {
          await pool.query('insert into bench_ceiling (v) values ($1)', ['x']);
          count++;
        }
      }),
    );
    await pool.end();
  } else {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = new PGlite(pgliteDir!);
    await db.exec(CEILING_TABLE);
    meter = cpuMeter({});
    const end = performance.now() + seconds * 1000;
    while (performance.now() < end) {
      await db.query('insert into bench_ceiling (v) values ($1)', ['x']);
      count++;
    }
    await db.close();
  }
  const cpu = meter.read();
  return { perSecond: count / seconds, cpuMs: { db: round(((cpu.db ?? 0) * 1000) / count, 3), load: round((cpu.load! * 1000) / count, 3) } };
}

/** CPU ms per unit of work; `size` is what one unit holds (1,000 for a batch of events). */
function cpuPer(meter: CpuMeter, units: number, size = 1): Cpu {
  const cpu = meter.read();
  const ms = (s: number | undefined) => round(((s ?? 0) * 1000) / units, 3);
  const total = (cpu.baton ?? 0) + (cpu.db ?? 0) + cpu.load!;
  return { baton: ms(cpu.baton), db: ms(cpu.db), load: ms(cpu.load), perSecondOn2Cores: round((2 * units * size) / total, 0) };
}

/**
 * Waits until every event-log reader's cursor is at the end of the log (polling event_cursors);
 * returns how long that took. On the embedded database (no second connection) it returns at once.
 */
function readersSettled(url: string | undefined): { (): Promise<number>; close(): Promise<void> } {
  const client = url ? new pg.Client(url) : undefined;
  const connected = client?.connect();
  const wait = async (): Promise<number> => {
    if (!client) return 0;
    await connected;
    const started = performance.now();
    for (;;) {
      const { rows } = await client.query(
        'select count(*)::int as behind from event_cursors c where exists (select 1 from lead_events e where (e.tx, e.id) > (c.tx, c.last_id))',
      );
      if (rows[0].behind === 0) return performance.now() - started;
      if (performance.now() - started > 60_000) throw new Error('the event-log readers did not catch up within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return Object.assign(wait, { close: async () => void (await client?.end()) });
}

async function oneRun(kind: 'postgres' | 'pglite', run: number, server: PostgresServer | undefined): Promise<RunResult> {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let ceilingValue: Awaited<ReturnType<typeof ceiling>>;
  let oneConnection: number;
  let dbPid: number | undefined;
  if (kind === 'postgres') {
    const name = `bench_${run}_${Date.now()}`;
    await server!.createDatabase(name);
    const url = server!.urlFor(name);
    dbPid = await postmasterPid(url);
    ceilingValue = await ceiling(url, undefined, dbPid);
    oneConnection = (await ceiling(url, undefined, dbPid, 1)).perSecond;
    env = { DATABASE_URL: url, BATON_DB_POOL_SIZE: String(POOL) };
    cleanup = () => server!.dropDatabase(name);
  } else {
    const dir = await mkdtemp(path.join(tmpdir(), 'baton-bench-'));
    ceilingValue = await ceiling(undefined, path.join(dir, 'ceiling'), undefined);
    oneConnection = ceilingValue.perSecond; // PGlite has one connection anyway
    env = { BATON_DATA_DIR: path.join(dir, 'data') };
    cleanup = () => rm(dir, { recursive: true, force: true });
  }
  const baton = await startServerProcess({ ...env, BATON_ADMIN_TOKEN: TOKEN, BATON_POLICY: POLICY, LOG_LEVEL: 'error' }, [], NODE_ARGS);
  const settle = readersSettled(env.DATABASE_URL);
  const pids = { baton: baton.process.pid!, ...(dbPid ? { db: dbPid } : {}) };
  try {
    const leadsUrl = `${baton.url}/api/v1/leads`;
    // Warm up connections and the JIT: V8 optimizes the hot code over the first thousands of
    // requests, and a server that has run a while is the one that takes leads (speed-to-lead.md).
    await closedLoop(WARMUP, 32, (i) => post(leadsUrl, TOKEN, leadBody(1_000_000 + i, run)));

    await settle();
    const leadMeter = cpuMeter(pids);
    const throughput = await closedLoop(LEADS, 32, (i) => post(leadsUrl, TOKEN, leadBody(i, run)));
    await settle();
    const leadCpuMs = cpuPer(leadMeter, LEADS);
    const failed = throughput.samples.filter((s) => s.status >= 300).length;
    if (failed) throw new Error(`${failed} lead submissions failed`);

    let ms: number[] = [];
    if (!SKIP.has('latency')) {
      const latency = await openLoop(200, 10, (i) => post(leadsUrl, TOKEN, leadBody(2_000_000 + i, run)));
      ms = latency.samples.map((s) => s.ms);
    }

    let eventsPerSec = Number.NaN;
    let readersBehindMs = Number.NaN;
    let eventCpuMs: Cpu = { baton: Number.NaN, db: Number.NaN, load: Number.NaN, perSecondOn2Cores: Number.NaN };
    if (!SKIP.has('events')) {
      const eventsUrl = `${baton.url}/api/v1/events`;
      const batches = BATCHES;
      // Bodies are built before the clock starts: the load generator's JSON is not the server's cost.
      const bodies = Array.from({ length: batches }, (_, b) => ({
        events: Array.from({ length: 1_000 }, (_, j) => ({
          email: `person${(b * 1_000 + j) % LEADS}.r${run}@company${((b * 1_000 + j) % LEADS) % 500}.example.com`,
          type: j % 3 === 0 ? 'page_viewed' : 'content_downloaded',
          url: 'https://example.com/pricing',
        })),
      }));
      // Warm-up batches (not measured), for the leads of the warm-up.
      const warmBodies = Array.from({ length: 4 }, (_, b) => ({
        events: Array.from({ length: 1_000 }, (_, j) => ({ email: leadBody(1_000_000 + ((b * 1_000 + j) % WARMUP), run).email, type: j % 3 === 0 ? 'page_viewed' : 'content_downloaded', url: 'https://example.com/pricing' })),
      }));
      await closedLoop(warmBodies.length, 2, (b) => post(eventsUrl, TOKEN, warmBodies[b]));
      await settle();
      const eventMeter = cpuMeter(pids);
      const events = await closedLoop(batches, 2, (b) => post(eventsUrl, TOKEN, bodies[b]));
      readersBehindMs = await settle();
      eventCpuMs = cpuPer(eventMeter, batches, 1_000);
      const refused = events.samples.filter((s) => s.status !== 200).length;
      if (refused) throw new Error(`${refused} event batches failed`);
      eventsPerSec = events.perSecond * 1_000;
    }
    const leadsPerSec = throughput.perSecond;
    return {
      ceilingInsertsPerSec: round(ceilingValue.perSecond, 0),
      ceilingOneConnection: round(oneConnection, 0),
      leadsPerSec: round(leadsPerSec, 0),
      ratioToCeiling: round(leadsPerSec / ceilingValue.perSecond, 3),
      p50At200: round(percentile(ms, 50)),
      p99At200: round(percentile(ms, 99)),
      eventsPerSec: round(eventsPerSec, 0),
      readersBehindMs: round(readersBehindMs, 0),
      ceilingCpuMs: ceilingValue.cpuMs,
      leadCpuMs,
      eventCpuMs,
    };
  } finally {
    await settle.close();
    await baton.stop();
    await cleanup();
  }
}

async function main() {
  const kinds = values.db === 'both' ? (['postgres', 'pglite'] as const) : [values.db as 'postgres' | 'pglite'];
  const server = kinds.includes('postgres') ? await startPostgres() : undefined;
  try {
    for (const kind of kinds) {
      const results: RunResult[] = [];
      for (let run = 1; run <= RUNS; run++) {
        const r = await oneRun(kind, run, server);
        results.push(r);
        console.log(`${kind} run ${run}: ${JSON.stringify(r)}`);
      }
      const med = (pick: (r: RunResult) => number) => median(results.map(pick));
      const cpu = (pick: (r: RunResult) => Cpu) =>
        `Baton ${med((r) => pick(r).baton)}, DB ${med((r) => pick(r).db)}, load ${med((r) => pick(r).load)} (→ ${med((r) => pick(r).perSecondOn2Cores)}/s on 2 idle cores)`;
      console.log(
        `${kind} median of ${RUNS}: leads/s ${med((r) => r.leadsPerSec)}, ceiling inserts/s ${med((r) => r.ceilingInsertsPerSec)} (${POOL} connections; ${med((r) => r.ceilingOneConnection)} with 1), ` +
          `ratio ${med((r) => r.ratioToCeiling)}, p50 ${med((r) => r.p50At200)} ms, p99 ${med((r) => r.p99At200)} ms at 200 leads/s, events/s ${med((r) => r.eventsPerSec)}\n` +
          `  CPU ms per lead: ${cpu((r) => r.leadCpuMs)}\n` +
          `  CPU ms per 1,000 events: ${cpu((r) => r.eventCpuMs)}; readers caught up ${med((r) => r.readersBehindMs)} ms after the last batch\n` +
          `  CPU ms per ceiling insert: DB ${med((r) => r.ceilingCpuMs.db)}, client ${med((r) => r.ceilingCpuMs.load)}`,
      );
    }
  } finally {
    await server?.stop();
  }
}

await main();
