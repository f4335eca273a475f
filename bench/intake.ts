/**
 * Lead intake end to end (HTTP → normalize → match → score → qualify → route → commit events and
 * outbox), on real PostgreSQL and on the embedded database.
 *
 *   npx tsx bench/intake.ts [--db postgres|pglite|both] [--runs 3] [--leads 3000]
 *
 * Per run: a fresh database and a `baton serve` process; then
 *  1. ceiling: single-row committed inserts/s into the same database with as many connections as
 *     the server's pool (the pipeline needs one commit per lead, so this bounds it);
 *  2. throughput: N leads, 32 in flight (35 % high intent → routed), leads/s;
 *  3. latency: an open loop at 200 leads/s for 10 s, p50/p99 from when each request was due;
 *  4. events: batches of 1,000 activity events for known leads, 2 batches in flight, events/s.
 * Reports every run and the median over runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startPostgres, type PostgresServer } from '../test/support/postgres-server.js';
import { startServerProcess } from '../test/support/server-process.js';
import { closedLoop, median, openLoop, percentile, post, round } from './lib/load.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    runs: { type: 'string', default: '3' },
    leads: { type: 'string', default: '3000' },
  },
});
const RUNS = Number(values.runs);
const LEADS = Number(values.leads);
const TOKEN = 'bench-admin-token-0123456789abcdef';
const POOL = 16;
const POLICY = path.resolve(import.meta.dirname, '../test/fixtures/policy.yaml');

interface RunResult {
  ceilingInsertsPerSec: number;
  leadsPerSec: number;
  ratioToCeiling: number;
  p50At200: number;
  p99At200: number;
  eventsPerSec: number;
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

async function ceiling(url: string | undefined, pgliteDir: string | undefined): Promise<number> {
  const seconds = 5;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: POOL });
    await pool.query('create table if not exists bench_ceiling (id bigserial primary key, v text not null, at timestamptz not null default now())');
    let count = 0;
    const end = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: POOL }, async () => {
        while (performance.now() < end) {
          await pool.query('insert into bench_ceiling (v) values ($1)', ['x']);
          count++;
        }
      }),
    );
    await pool.end();
    return count / seconds;
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(pgliteDir!);
  await db.exec('create table if not exists bench_ceiling (id bigserial primary key, v text not null, at timestamptz not null default now())');
  let count = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    await db.query('insert into bench_ceiling (v) values ($1)', ['x']);
    count++;
  }
  await db.close();
  return count / seconds;
}

async function oneRun(kind: 'postgres' | 'pglite', run: number, server: PostgresServer | undefined): Promise<RunResult> {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let ceilingValue: number;
  if (kind === 'postgres') {
    const name = `bench_${run}_${Date.now()}`;
    await server!.createDatabase(name);
    const url = server!.urlFor(name);
    ceilingValue = await ceiling(url, undefined);
    env = { DATABASE_URL: url, BATON_DB_POOL_SIZE: String(POOL) };
    cleanup = () => server!.dropDatabase(name);
  } else {
    const dir = await mkdtemp(path.join(tmpdir(), 'baton-bench-'));
    ceilingValue = await ceiling(undefined, path.join(dir, 'ceiling'));
    env = { BATON_DATA_DIR: path.join(dir, 'data') };
    cleanup = () => rm(dir, { recursive: true, force: true });
  }
  const baton = await startServerProcess({ ...env, BATON_ADMIN_TOKEN: TOKEN, BATON_POLICY: POLICY, LOG_LEVEL: 'error' });
  try {
    const leadsUrl = `${baton.url}/api/v1/leads`;
    // Warm up connections and JIT.
    await closedLoop(200, 16, (i) => post(leadsUrl, TOKEN, leadBody(1_000_000 + i, run)));

    const throughput = await closedLoop(LEADS, 32, (i) => post(leadsUrl, TOKEN, leadBody(i, run)));
    const failed = throughput.samples.filter((s) => s.status >= 300).length;
    if (failed) throw new Error(`${failed} lead submissions failed`);

    const latency = await openLoop(200, 10, (i) => post(leadsUrl, TOKEN, leadBody(2_000_000 + i, run)));
    const ms = latency.samples.map((s) => s.ms);

    const eventsUrl = `${baton.url}/api/v1/events`;
    const batches = 12;
    const events = await closedLoop(batches, 2, (b) =>
      post(eventsUrl, TOKEN, {
        events: Array.from({ length: 1_000 }, (_, j) => ({
          email: `person${(b * 1_000 + j) % LEADS}.r${run}@company${((b * 1_000 + j) % LEADS) % 500}.example.com`,
          type: j % 3 === 0 ? 'page_viewed' : 'content_downloaded',
          url: 'https://example.com/pricing',
        })),
      }),
    );
    const leadsPerSec = throughput.perSecond;
    return {
      ceilingInsertsPerSec: round(ceilingValue, 0),
      leadsPerSec: round(leadsPerSec, 0),
      ratioToCeiling: round(leadsPerSec / ceilingValue, 2),
      p50At200: round(percentile(ms, 50)),
      p99At200: round(percentile(ms, 99)),
      eventsPerSec: round(events.perSecond * 1_000, 0),
    };
  } finally {
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
      const med = (key: keyof RunResult) => median(results.map((r) => r[key]));
      console.log(
        `${kind} median of ${RUNS}: leads/s ${med('leadsPerSec')}, ceiling inserts/s ${med('ceilingInsertsPerSec')}, ratio ${med('ratioToCeiling')}, ` +
          `p50 ${med('p50At200')} ms, p99 ${med('p99At200')} ms at 200 leads/s, events/s ${med('eventsPerSec')}`,
      );
    }
  } finally {
    await server?.stop();
  }
}

await main();
