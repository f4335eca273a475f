/**
 * The public page-view endpoint (POST /t/events) on real PostgreSQL, and the snippet's size.
 *
 *   npx tsx bench/pageviews.ts [--runs 3] [--events 30000] [--concurrency 256]
 *
 * Per run: a fresh database and a `baton serve` process (PostgreSQL with its default durability,
 * fsync on), then
 *  1. throughput, one event per request (the worst case: a page view sent on its own), closed
 *     loop with `concurrency` requests in flight, events/s;
 *  2. throughput, five events per request (a page view and a few `baton.track` calls the snippet
 *     batched), events/s;
 *  3. latency: an open loop at 1,000 requests/s for 10 s, p50/p99 from when each request was due;
 *     the answer comes after the commit, so this is also how long until an event is stored;
 *  4. the storage ceiling: the same batch statement called directly (no HTTP), batches of 128
 *     events from 2 writers, events/s: what the database side allows on this machine;
 *  5. the same throughputs and latency against a second server that writes every request in its own transaction
 *     (BATON_TRACKING_BATCH=1, 16 writers): the difference is what group commit gains and the
 *     delay it adds.
 * Every accepted event is counted back from the database. Reports each run and the median.
 * The load comes from one address with ~50,000 visitor ids, so the bench policy raises the
 * per-IP and per-visitor limits (the rate limiter still runs on every request).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { Agent, request } from 'undici';
import { openDatabase } from '../src/store/connect.js';
import { writeActivity } from '../src/tracking/activity-store.js';
import { renderSnippet } from '../src/tracking/snippet.js';
import { startPostgres, type PostgresServer } from '../test/support/postgres-server.js';
import { startServerProcess, type ServerProcess } from '../test/support/server-process.js';
import { closedLoop, median, openLoop, percentile, round, type Sample } from './lib/load.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    events: { type: 'string', default: '30000' },
    concurrency: { type: 'string', default: '256' },
  },
});
const RUNS = Number(values.runs);
const EVENTS = Number(values.events);
const CONCURRENCY = Number(values.concurrency);
const KEY = 'pk_test_www';
const ORIGIN = 'https://www.example.test';
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const FIXTURE = path.resolve(import.meta.dirname, '../test/fixtures/tracking-policy.yaml');
const PAGES = ['/', '/pricing', '/features', '/docs/start', '/customers/contoso', '/blog/handoff'];

const agent = new Agent({ connections: 256, pipelining: 1, keepAliveTimeout: 30_000 });

interface ModeResult {
  eventsPerSecSingle: number;
  /** CPU time of the Baton process per 1,000 single-event requests: what the machine's load cannot skew. */
  serverCpuMsPer1000: number;
  /** CPU time of this load generator per 1,000 single-event requests (it shares the machine). */
  loadCpuMsPer1000: number;
  eventsPerSecBatched: number;
  p50At1000: number;
  p99At1000: number;
}

interface RunResult {
  storageCeiling: number;
  grouped: ModeResult;
  oneByOne: ModeResult;
}

const MODES = {
  grouped: {},
  oneByOne: { BATON_TRACKING_BATCH: '1', BATON_TRACKING_WRITERS: '16' },
} satisfies Record<Exclude<keyof RunResult, 'storageCeiling'>, Record<string, string>>;

function visitorOf(i: number): string {
  return `00000000-0000-4000-8000-${(i % 50_000).toString(16).padStart(12, '0')}`;
}

function batch(i: number, size: number) {
  return {
    key: KEY,
    visitor: visitorOf(i),
    events: Array.from({ length: size }, (_, j) =>
      j === 0
        ? { type: 'page_viewed', url: `https://www.example.test${PAGES[i % PAGES.length]}?utm_source=bench`, title: 'Northwind', referrer: 'https://www.google.com/', ago: 5 }
        : { type: 'video_played', url: 'https://www.example.test/features', properties: { video: `demo-${j}`, seconds: 30 }, ago: 3 },
    ),
  };
}

// Bodies are serialized once per visitor and size: the load generator shares the two cores with
// Baton and PostgreSQL, and what it spends building requests is taken from them.
const bodies = new Map<string, string>();
function bodyOf(i: number, size: number): string {
  const key = `${i % 50_000}:${size}`;
  let body = bodies.get(key);
  if (!body) bodies.set(key, (body = JSON.stringify(batch(i, size))));
  return body;
}

async function send(url: string, i: number, size: number): Promise<Sample> {
  const started = performance.now();
  const res = await request(url, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin: ORIGIN, 'user-agent': UA },
    body: bodyOf(i, size),
  });
  await res.body.dump();
  return { status: res.statusCode, ms: performance.now() - started };
}

/** The test policy with limits a single load generator cannot hit. */
async function benchPolicy(dir: string): Promise<string> {
  const source = (await readFile(FIXTURE, 'utf8'))
    .replace(/per_visitor: \d+/, 'per_visitor: 100000')
    .replace(/per_ip: \d+/, 'per_ip: 100000000');
  const file = path.join(dir, 'pageviews-policy.yaml');
  await writeFile(file, source);
  return file;
}

async function startBaton(server: PostgresServer, policy: string, env: Record<string, string>): Promise<{ baton: ServerProcess; url: string; cleanup(): Promise<void> }> {
  const name = `bench_pv_${randomUUID().slice(0, 8)}`;
  await server.createDatabase(name);
  const url = server.urlFor(name);
  const baton = await startServerProcess({ DATABASE_URL: url, BATON_DB_POOL_SIZE: '16', BATON_POLICY: policy, LOG_LEVEL: 'error', ...env });
  return {
    baton,
    url,
    cleanup: async () => {
      await baton.stop();
      await server.dropDatabase(name);
    },
  };
}

/** User + system CPU time of a process so far (Linux /proc, clock ticks of 10 ms). */
async function cpuMs(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function failures(samples: Sample[]): number {
  return samples.filter((s) => s.status !== 202).length;
}

async function latencyAt1000(endpoint: string, offset: number): Promise<{ p50: number; p99: number; sent: number }> {
  const latency = await openLoop(1_000, 10, (i) => send(endpoint, offset + i, 1));
  if (failures(latency.samples)) throw new Error(`${failures(latency.samples)} requests failed in the latency run`);
  const ms = latency.samples.map((s) => s.ms);
  return { p50: round(percentile(ms, 50)), p99: round(percentile(ms, 99)), sent: latency.samples.length };
}

/** One server: warm-up, the two throughputs, the latency; then every accepted event counted back. */
async function oneMode(server: PostgresServer, policy: string, env: Record<string, string>): Promise<ModeResult> {
  const started = await startBaton(server, policy, env);
  try {
    const endpoint = `${started.baton.url}/t/events`;
    const warm = await closedLoop(2_000, 32, (i) => send(endpoint, i, 1));
    if (failures(warm.samples)) throw new Error(`warm-up failed: ${JSON.stringify(warm.samples.find((s) => s.status !== 202))}\n${started.baton.output()}`);
    const cpuBefore = await cpuMs(started.baton.process.pid!);
    const loadBefore = process.cpuUsage();
    const single = await closedLoop(EVENTS, CONCURRENCY, (i) => send(endpoint, i, 1));
    const cpuUsed = (await cpuMs(started.baton.process.pid!)) - cpuBefore;
    const loadUsed = process.cpuUsage(loadBefore);
    if (failures(single.samples)) throw new Error(`${failures(single.samples)} single-event requests failed`);
    const batched = await closedLoop(EVENTS / 5, CONCURRENCY, (i) => send(endpoint, i, 5));
    if (failures(batched.samples)) throw new Error(`${failures(batched.samples)} batched requests failed`);
    const latency = await latencyAt1000(endpoint, 0);

    const sent = 2_000 + EVENTS + EVENTS + latency.sent;
    const client = new pg.Client({ connectionString: started.url });
    await client.connect();
    const stored = Number((await client.query<{ n: string }>('select count(*) as n from tracking_activity')).rows[0]!.n);
    await client.end();
    if (stored !== sent) throw new Error(`sent ${sent} events but ${stored} are stored`);
    return {
      eventsPerSecSingle: round(single.perSecond, 0),
      serverCpuMsPer1000: round((cpuUsed / EVENTS) * 1_000, 0),
      loadCpuMsPer1000: round(((loadUsed.user + loadUsed.system) / 1_000 / EVENTS) * 1_000, 0),
      eventsPerSecBatched: round(batched.perSecond * 5, 0),
      p50At1000: latency.p50,
      p99At1000: latency.p99,
    };
  } finally {
    await started.cleanup();
  }
}

/** writeActivity called directly on a fresh database: batches of 128 events, 2 at a time. */
async function storageCeiling(server: PostgresServer): Promise<number> {
  const name = `bench_pv_ceiling_${randomUUID().slice(0, 8)}`;
  await server.createDatabase(name);
  const database = await openDatabase({ kind: 'postgres', url: server.urlFor(name), poolSize: 4 });
  try {
    const size = 128;
    const batches = Math.ceil(EVENTS / size);
    const rows = (b: number) =>
      Array.from({ length: size }, (_, j) => ({
        visitor_id: visitorOf(b * size + j),
        site: 'www',
        type: 'page_viewed',
        occurred_at: new Date(),
        url: `https://www.example.test${PAGES[j % PAGES.length]}?utm_source=bench`,
        title: 'Northwind',
        properties: { referrer: 'https://www.google.com/' },
        touch: { utm_source: 'bench', landing_page: `https://www.example.test${PAGES[j % PAGES.length]}` },
      }));
    let next = 0;
    const started = performance.now();
    await Promise.all(
      [0, 1].map(async () => {
        while (next < batches) await writeActivity(database.db, rows(next++), new Date());
      }),
    );
    return round((batches * size) / ((performance.now() - started) / 1000), 0);
  } finally {
    await database.close();
    await server.dropDatabase(name);
  }
}

async function main() {
  const snippet = renderSnippet({ key: KEY, endpoint: 'https://baton.northwind.example', consent: true, identify: true, delay: 1_000 });
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
  console.log(`snippet: ${snippet.length} bytes, ${gzipSync(snippet, { level: 9 }).length} bytes gzipped (level 9), ${gzipSync(snippet).length} at the default level`);
  const dir = await mkdtemp(path.join(tmpdir(), 'baton-pageviews-'));
  const server = await startPostgres();
  try {
    const policy = await benchPolicy(dir);
    const results: RunResult[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const r: RunResult = {
        storageCeiling: await storageCeiling(server),
        grouped: await oneMode(server, policy, MODES.grouped),
        oneByOne: await oneMode(server, policy, MODES.oneByOne),
      };
      results.push(r);
      console.log(`run ${run}: ${JSON.stringify(r)}`);
    }
    console.log(`storage ceiling median of ${RUNS}: ${median(results.map((r) => r.storageCeiling))} events/s (batches of 128, 2 writers, no HTTP)`);
    for (const mode of Object.keys(MODES) as (keyof typeof MODES)[]) {
      const med = (key: keyof ModeResult) => median(results.map((r) => r[mode][key]));
      console.log(
        `${mode} median of ${RUNS}: ${med('eventsPerSecSingle')} events/s one per request (CPU per 1,000: server ${med('serverCpuMsPer1000')} ms, load generator ${med('loadCpuMsPer1000')} ms), ` +
          `${med('eventsPerSecBatched')} events/s five per request ` +
          `(${CONCURRENCY} in flight); at 1,000 requests/s p50 ${med('p50At1000')} ms, p99 ${med('p99At1000')} ms`,
      );
    }
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
    await agent.close();
  }
}

await main();
