/**
 * The least an activity batch can cost as Baton stores it, to set against the 20,000 events/s
 * target: what PostgreSQL spends on the batch's own statements alone, and what Node spends
 * parsing the request and serializing those statements' parameters, with no deciding, no HTTP
 * server, no readers, no workers.
 *
 *   npx tsx bench/events-floor.ts [--runs 3] [--batches 40] [--statements lock,update,insert]
 *
 * `--statements`: which of the batch's statements run (each transaction still commits), to see
 * what each costs.
 *
 * Per run, on a fresh database:
 *  1. A real `baton serve` takes 3,000 leads and 4 batches of 1,000 events (the intake bench's
 *     bodies), so lead rows and event rows have their real shapes and sizes; then it stops.
 *  2. From the rows it wrote, each measured batch gets what Baton would send for 1,000 events on
 *     1,000 leads: the activity columns of each lead (`SAVE_ACTIVITY`), one `activity_recorded`
 *     per event and `score_changed` rows in the share the real batches wrote.
 *  3. Two connections (the bench's 2 batches in flight) each run batches as Baton's transaction
 *     does: lock the leads by e-mail (`LOCK_LEAD_VERSIONS`), update the leads, insert the events,
 *     commit. CPU of PostgreSQL (postmaster and backends, /proc) per 1,000 events.
 *  4. Node: JSON.parse of the request bodies plus JSON.stringify of the statements' parameters,
 *     CPU per 1,000 events of this process.
 * On 2 cores, 20,000 events/s leaves 100 CPU-ms per 1,000 events for everything.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { LOCK_LEAD_VERSIONS, SAVE_ACTIVITY, eventsFromJson } from '../src/store/lead-store.js';
import { startPostgres } from '../test/support/postgres-server.js';
import { startServerProcess } from '../test/support/server-process.js';
import { cpuMeter, postmasterPid, selfCpuSeconds } from './lib/cpu.js';
import { closedLoop, median, post, round } from './lib/load.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, batches: { type: 'string', default: '40' }, statements: { type: 'string', default: 'lock,update,insert' } },
});
const STATEMENTS = new Set(values.statements!.split(','));
const RUNS = Number(values.runs);
const BATCHES = Number(values.batches);
const LEADS = 3_000;
const TOKEN = 'bench-admin-token-0123456789abcdef';
const POLICY = path.resolve(import.meta.dirname, '../test/fixtures/policy.yaml');

const email = (i: number) => `person${i}@company${i % 500}.example.com`;
const leadBody = (i: number) => ({
  email: email(i),
  first_name: 'Bench',
  last_name: `Person ${i}`,
  title: i % 3 === 0 ? 'VP Sales' : 'Analyst',
  company: { name: `Company ${i % 500}`, size: i % 20 < 10 ? 5_000 : 80, country: i % 4 === 0 ? 'DE' : 'US', industry: 'software' },
  source: { utm_source: 'google', utm_medium: 'cpc' },
  event: { type: i % 20 < 7 ? 'demo_requested' : 'form_submitted' },
});
const eventsBody = (b: number) => ({
  events: Array.from({ length: 1_000 }, (_, j) => ({
    email: email((b * 1_000 + j) % LEADS),
    type: j % 3 === 0 ? 'page_viewed' : 'content_downloaded',
    url: 'https://example.com/pricing',
  })),
});

interface Floor {
  dbMs: number;
  nodeMs: number;
  eventRowsPer1000: number;
}

async function oneRun(server: Awaited<ReturnType<typeof startPostgres>>, run: number): Promise<Floor> {
  const name = `floor_${run}_${Date.now()}`;
  await server.createDatabase(name);
  const url = server.urlFor(name);
  const client = new pg.Client(url);
  const counts = async () => {
    const { rows } = await client.query<{ type: string; n: number }>(
      `select type, count(*)::int as n from lead_events where type in ('activity_recorded', 'score_changed') group by type`,
    );
    return new Map(rows.map((r) => [r.type, r.n]));
  };
  const baton = await startServerProcess({ DATABASE_URL: url, BATON_ADMIN_TOKEN: TOKEN, BATON_POLICY: POLICY, LOG_LEVEL: 'error' }, [], []);
  let before: Map<string, number>;
  let after: Map<string, number>;
  try {
    await closedLoop(LEADS, 32, (i) => post(`${baton.url}/api/v1/leads`, TOKEN, leadBody(i)));
    await client.connect();
    before = await counts();
    await closedLoop(4, 2, (b) => post(`${baton.url}/api/v1/events`, TOKEN, eventsBody(b)));
    after = await counts();
  } finally {
    await baton.stop();
  }
  const added = (type: string) => (after.get(type) ?? 0) - (before.get(type) ?? 0);
  // The share of events after which the lead's score changed (a capped rule adds nothing).
  const scoreShare = added('score_changed') / added('activity_recorded');

  // What the real batches wrote: the leads' activity columns, and their event rows' data.
  const { rows: leads } = await client.query<Record<string, unknown> & { id: string; email: string }>(
    `select id, email, priority, fit_score, engagement_score, total_score, score, engagement, activity_summary, policy_version, event_seq, updated_at
     from leads order by id`,
  );
  const { rows: samples } = await client.query<{ type: string; data: unknown }>(
    `select distinct on (type) type, data from lead_events where type in ('activity_recorded', 'score_changed') order by type, id desc`,
  );
  await client.end();
  const sample = new Map(samples.map((s) => [s.type, s.data]));

  // Each measured batch: 1,000 leads (as the intake bench's batches), with bodies built first.
  const leadByEmail = new Map(leads.map((l) => [l.email, l]));
  const bodies = Array.from({ length: BATCHES }, (_, b) => JSON.stringify(eventsBody(b + 4)));
  const now = new Date().toISOString();
  const nodeStarted = selfCpuSeconds();
  const batches = bodies.map((body, b) => {
    const events = (JSON.parse(body) as ReturnType<typeof eventsBody>).events;
    const slim: unknown[] = [];
    const rows: unknown[] = [];
    events.forEach((event, j) => {
      const lead = leadByEmail.get(event.email)!;
      const seq = Number(lead.event_seq) + 1 + b * 2;
      slim.push({ ...lead, event_seq: seq + 1, updated_at: now });
      rows.push({ lead_id: lead.id, seq, type: 'activity_recorded', occurred_at: now, actor: 'api', policy_version: 1, client_event_id: null, data: sample.get('activity_recorded') });
      if (j < scoreShare * 1_000) {
        rows.push({ lead_id: lead.id, seq: seq + 1, type: 'score_changed', occurred_at: now, actor: 'api', policy_version: 1, client_event_id: null, data: sample.get('score_changed') });
      }
    });
    return { emails: events.map((e) => e.email), slim: JSON.stringify(slim), rows: JSON.stringify(rows), count: rows.length };
  });
  const nodeMs = ((selfCpuSeconds() - nodeStarted) * 1_000) / BATCHES;

  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const meter = cpuMeter({ db: await postmasterPid(url) });
  let next = 0;
  await Promise.all(
    [0, 1].map(async () => {
      const connection = await pool.connect();
      try {
        while (next < batches.length) {
          const batch = batches[next++]!;
          await connection.query('begin');
          if (STATEMENTS.has('lock')) await connection.query({ name: LOCK_LEAD_VERSIONS.name, text: LOCK_LEAD_VERSIONS.sql, values: [batch.emails, []] });
          if (STATEMENTS.has('update')) await connection.query({ name: SAVE_ACTIVITY.name, text: SAVE_ACTIVITY.sql, values: [batch.slim] });
          if (STATEMENTS.has('insert')) await connection.query({ name: 'floor_insert_events', text: eventsFromJson('$1', '$2::timestamptz'), values: [batch.rows, now] });
          await connection.query('commit');
        }
      } finally {
        connection.release();
      }
    }),
  );
  const cpu = meter.read();
  await pool.end();
  await server.dropDatabase(name);
  const eventRows = batches.reduce((sum, b) => sum + b.count, 0) / BATCHES;
  return { dbMs: round(((cpu.db ?? 0) * 1_000) / BATCHES, 1), nodeMs: round(nodeMs, 1), eventRowsPer1000: round(eventRows, 0) };
}

const server = await startPostgres();
try {
  const results: Floor[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const r = await oneRun(server, run);
    results.push(r);
    console.log(`run ${run}: ${JSON.stringify(r)}`);
  }
  const db = median(results.map((r) => r.dbMs));
  const node = median(results.map((r) => r.nodeMs));
  console.log(
    `median of ${RUNS}, CPU ms per 1,000 events: PostgreSQL ${db} (${[...STATEMENTS].join(', ')}, commit; ${median(results.map((r) => r.eventRowsPer1000))} event rows a batch), ` +
      `Node ${node} (parse the request, serialize the parameters); together ${round(db + node, 1)} → at most ${round(2_000_000 / (db + node), 0)} events/s on 2 idle cores with nothing else done`,
  );
} finally {
  await server.stop();
}
