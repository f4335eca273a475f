/**
 * The hand-off metrics over 1,000,000 leads and ~10,000,000 events on real PostgreSQL.
 *
 *   npx tsx bench/metrics.ts [--leads 1000000] [--runs 3] [--url postgres://…] [--reuse]
 *
 * 1. Starts PostgreSQL 15 as the test harness does (default durability; shared_buffers 1 GB and
 *    work_mem 64 MB, as a server sized for this data would have), or uses --url.
 * 2. Generates the data set with SQL (generate_series): leads spread evenly over 2026-01-01 to
 *    2026-11-01 (~100,000 a month), half of them MQLs handed to the example policy's 8 reps, with
 *    attempts, accept/reject decisions, SLA clocks and conversions, ~10 events per lead, written
 *    to `leads` and `lead_events` in event-time order, as intake and the hand-off would.
 * 3. Builds the read model by replaying the whole log through the projector (the code the
 *    server's worker runs), and reports events/s.
 * 4. Starts `baton serve` on that database and times GET /api/v1/metrics (all four metrics, funnel,
 *    leaks, trend) for a month, a quarter, the whole ten months and a period with parts of days at
 *    both ends, with and without breakdowns: one warm-up, then the median of --runs requests each,
 *    with the CPU time each request cost Baton and the PostgreSQL server (when it runs here).
 * With --url and --reuse, a database that already holds the data set is used as it is.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { loadPolicyFile } from '../src/policy/load.js';
import { openDatabase } from '../src/store/connect.js';
import type { Database } from '../src/store/database.js';
import { catchUp } from '../src/metrics/read-model/projector.js';
import { startPostgres, postgresAt, type PostgresServer } from '../test/support/postgres-server.js';
import { startServerProcess, type ServerProcess } from '../test/support/server-process.js';
import { treeCpuSeconds } from './lib/cpu.js';
import { median, round } from './lib/load.js';

export const TOKEN = 'bench-admin-token-0123456789abcdef';
export const POLICY = path.resolve(import.meta.dirname, '../examples/baton.policy.yaml');
const DATABASE = 'baton_bench_metrics';

export interface Dataset {
  url: string;
  leads: number;
  events: number;
  /** Seconds: generating the data, replaying it into the read model. */
  generateSeconds: number;
  projectSeconds: number;
  stop(): Promise<void>;
}

/** A PostgreSQL with the data set and its read model built (or reused). */
export async function prepareDataset(options: { leads: number; url?: string; reuse?: boolean; log?: (line: string) => void }): Promise<Dataset> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const server: PostgresServer = options.url
    ? postgresAt(options.url)
    : await startPostgres({ settings: { shared_buffers: '1GB', work_mem: '64MB', maintenance_work_mem: '512MB', max_wal_size: '8GB', checkpoint_timeout: '30min' } });
  const url = server.urlFor(DATABASE);
  let generateSeconds = 0;
  let projectSeconds = 0;
  const existing = options.reuse ? await countLeads(server, url) : 0;
  if (existing !== options.leads) {
    await server.dropDatabase(DATABASE);
    await server.createDatabase(DATABASE);
  }
  const handle = await openDatabase({ kind: 'postgres', url, poolSize: 4 });
  try {
    const db = handle.db;
    if (existing !== options.leads) {
      log(`generating ${options.leads.toLocaleString('en')} leads and their events…`);
      const started = performance.now();
      await generate(db, options.leads);
      generateSeconds = (performance.now() - started) / 1000;
      log(`  generated in ${round(generateSeconds)} s`);
    } else {
      log(`reusing ${existing.toLocaleString('en')} leads in ${DATABASE}`);
    }
    const loaded = await loadPolicyFile(POLICY);
    if (!loaded.ok) throw new Error('the example policy does not load');
    const started = performance.now();
    let done = 0;
    let next = 1_000_000;
    const caughtUp = await catchUp(db, () => loaded.policy, {
      batchSize: 5_000,
      onBatch: (n) => {
        done += n;
        if (done >= next) {
          log(`  read model: ${done.toLocaleString('en')} events, ${Math.round(done / ((performance.now() - started) / 1000)).toLocaleString('en')}/s`);
          next += 1_000_000;
        }
      },
    });
    if (!caughtUp) throw new Error('the read model did not catch up');
    if (done > 0) {
      projectSeconds = (performance.now() - started) / 1000;
      log(`  read model built from ${done.toLocaleString('en')} events in ${round(projectSeconds)} s (${Math.round(done / projectSeconds).toLocaleString('en')} events/s)`);
      await sql`vacuum analyze metrics_handoffs`.execute(db);
      await sql`vacuum analyze metrics_clocks`.execute(db);
      await sql`vacuum analyze metrics_leads`.execute(db);
      await sql`vacuum analyze metrics_rollup`.execute(db);
      await sql`vacuum analyze metrics_rollup_hist`.execute(db);
    }
    const events = Number((await sql<{ n: number }>`select count(*)::int as n from lead_events`.execute(db)).rows[0]!.n);
    return { url, leads: options.leads, events, generateSeconds, projectSeconds, stop: () => server.stop() };
  } finally {
    await handle.close();
  }
}

async function countLeads(server: PostgresServer, url: string): Promise<number> {
  try {
    const handle = await openDatabase({ kind: 'postgres', url, poolSize: 1 }, { migrate: false });
    try {
      return Number((await sql<{ n: number }>`select count(*)::int as n from leads`.execute(handle.db)).rows[0]!.n);
    } finally {
      await handle.close();
    }
  } catch {
    void server;
    return 0;
  }
}

/**
 * The data set, in SQL. Deterministic: every random choice is a hash of the lead number and a
 * salt, so two runs build the same leads and events.
 */
async function generate(db: Kysely<Database>, n: number): Promise<void> {
  const run = (text: string) => sql.raw(text).execute(db);
  await run(`
    create or replace function bench_rand(i bigint, salt text) returns float8 language sql immutable parallel safe as
    $$ select ((('x' || substr(md5(i::text || salt), 1, 8))::bit(32)::int) & 2147483647)::float8 / 2147483648 $$`);
  await run('drop table if exists bench_plan');
  // One row per lead with every time and choice its events need.
  await run(`
    create unlogged table bench_plan as
    with r as (
      select i, md5('lead' || i)::uuid as id,
        timestamptz '2026-01-01 00:00:00+00' + ((i - 1)::float8 / ${n}) * interval '304 days' as created_at,
        bench_rand(i, 'source') as r_source, bench_rand(i, 'segment') as r_segment, bench_rand(i, 'mql') as r_mql,
        bench_rand(i, 'score') as r_score, bench_rand(i, 'priority') as r_priority, bench_rand(i, 'rep') as r_rep,
        bench_rand(i, 'qualify') as r_qualify, bench_rand(i, 'queue') as r_queue, bench_rand(i, 'attempt') as r_attempt,
        bench_rand(i, 'delay') as r_delay, bench_rand(i, 'decision') as r_decision, bench_rand(i, 'decide_after') as r_decide,
        bench_rand(i, 'reason') as r_reason, bench_rand(i, 'connect') as r_connect, bench_rand(i, 'sql') as r_sql,
        bench_rand(i, 'opp') as r_opp, bench_rand(i, 'close') as r_close
      from generate_series(1, ${n}) as i
    ), p as (
      select r.*,
        (array['google', 'linkedin', 'webinar', 'partner', 'direct', 'event'])[1 + floor(r_source * 6)::int] as source,
        (array['smb', 'mid', 'enterprise', null])[1 + floor(r_segment * 4)::int] as segment,
        r_mql < 0.5 as mql,
        case when r_mql < 0.5 then 40 + floor(r_score * 80) else floor(r_score * 50) end::int as score,
        case when r_priority < 0.2 then 'high' else 'normal' end as priority,
        (array['ana', 'ben', 'carla', 'dev', 'farid', 'grace', 'emma', 'hugo'])[1 + floor(r_rep * 8)::int] as rep,
        created_at + r_qualify * interval '2 days' as mql_at
      from r
    )
    select p.*,
      case when rep in ('ana', 'ben', 'carla') then 'enterprise-na' when rep in ('emma', 'hugo') then 'emea' else 'smb' end as pool,
      mql and r_queue < 0.03 as queued,
      mql and r_queue >= 0.03 and r_attempt >= 0.1 as attempted,
      mql_at + exp(r_delay * 12) * interval '1 second' as attempt_at,
      exp(r_delay * 12) < 3600 as attempt_in_time,
      case when not mql or r_queue < 0.03 or r_decision >= 0.9 then null when r_decision < 0.65 then 'accepted' else 'rejected' end as decision,
      mql_at + exp(r_decide * 10) * interval '1 second' as decision_at,
      exp(r_decide * 10) < 14400 as decision_in_time,
      (array['wrong_company_size', 'wrong_industry', 'wrong_title', 'no_intent', 'bad_data'])[1 + floor(power(r_reason, 2) * 5)::int] as reason,
      r_connect < 0.6 as connected,
      r_sql < 0.4 as to_sql, r_opp < 0.5 as to_opp,
      case when r_close < 0.4 then 'won' when r_close < 0.8 then 'lost' end as closed
    from p`);
  await run(`
    insert into leads (id, email, profile, facts, stage, priority, fit_score, engagement_score, total_score, score, engagement, activity_summary,
      owner, queue, account_id, account_match, assignment, brief, source, policy_version, event_seq, created_at, updated_at, qualified_at, assigned_at)
    select id, 'lead' || i || '@bench.example',
      jsonb_build_object('email', 'lead' || i || '@bench.example', 'first_name', 'Lead', 'last_name', i::text, 'company', jsonb_build_object('name', 'Company ' || (i % 5000)), 'answers', '{}'::jsonb,
        'attribution', jsonb_build_object('first_touch', jsonb_build_object('at', created_at, 'utm_source', source, 'channel', case when source in ('google', 'linkedin') then 'paid' else source end, 'utm_campaign', source || '-' || (i % 7)))),
      '{}'::jsonb, case when mql then coalesce(case decision when 'accepted' then 'sal' when 'rejected' then 'nurture' end, 'mql') else 'known' end,
      priority, score, 0, score, jsonb_build_object('total', score), null, '{}'::jsonb,
      case when mql and not queued then rep end, case when queued then 'revops-queue' end, null, null, null, null,
      source, 1, 0, created_at, created_at, case when mql then mql_at end, case when mql and not queued then mql_at end
    from bench_plan`);
  // Every event of every lead, in the order it happened; seq follows time within each lead.
  await run(`
    insert into lead_events (lead_id, seq, type, occurred_at, recorded_at, actor, policy_version, data)
    select id, row_number() over (partition by id order by at, k), type, at, at, 'system', 1, data
    from (
      select b.id, e.k, e.type, e.at, e.data from bench_plan b cross join lateral (values
        (1, 'lead_created', b.created_at, jsonb_build_object('email', 'lead' || b.i || '@bench.example', 'profile', jsonb_build_object('attribution', jsonb_build_object('first_touch',
          jsonb_build_object('utm_source', b.source, 'channel', case when b.source in ('google', 'linkedin') then 'paid' else b.source end, 'utm_campaign', b.source || '-' || (b.i % 7)))), 'facts', '{}'::jsonb)),
        (2, case when b.segment is not null then 'account_matched' end, b.created_at, jsonb_build_object('segment', b.segment, 'method', 'domain', 'confidence', 1)),
        (3, 'score_changed', b.created_at, jsonb_build_object('fit', b.score, 'engagement', 0, 'total', b.score, 'delta', b.score)),
        (4, 'activity_recorded', b.created_at + interval '1 minute', '{"activity": {"type": "page_viewed"}, "matched": []}'::jsonb),
        (5, case when not b.mql then 'activity_recorded' end, b.created_at + interval '2 minutes', '{"activity": {"type": "page_viewed"}, "matched": []}'::jsonb),
        (6, case when not b.mql then 'activity_recorded' end, b.created_at + interval '3 minutes', '{"activity": {"type": "email_clicked"}, "matched": []}'::jsonb),
        (7, case when not b.mql then 'activity_recorded' end, b.created_at + interval '4 minutes', '{"activity": {"type": "content_downloaded"}, "matched": []}'::jsonb),
        (10, case when b.mql then 'stage_changed' end, b.mql_at, jsonb_build_object('from', 'known', 'to', 'mql', 'priority', b.priority)),
        (11, case when b.queued then 'queued' when b.mql then 'assigned' end, b.mql_at,
          case when b.queued then '{"queue": "revops-queue"}'::jsonb else jsonb_build_object('rep', b.rep, 'pool', b.pool) end),
        (12, case when b.mql and not b.queued then 'clock_started' end, b.mql_at,
          jsonb_build_object('clock', 'first_touch', 'rep', b.rep, 'started_at', b.mql_at, 'due_at', b.mql_at + interval '1 hour')),
        (13, case when b.mql and not b.queued then 'clock_started' end, b.mql_at,
          jsonb_build_object('clock', 'accept_or_reject', 'rep', b.rep, 'started_at', b.mql_at, 'due_at', b.mql_at + interval '4 hours')),
        (20, case when b.attempted then 'contact_attempted' end, b.attempt_at, jsonb_build_object('rep', b.rep, 'channel', 'call', 'outcome', 'no_answer', 'attempt', 1)),
        (21, case when b.attempted then 'clock_stopped' end, b.attempt_at,
          jsonb_build_object('clock', 'first_touch', 'rep', b.rep, 'outcome', case when b.attempt_in_time then 'met' else 'breached' end,
            'started_at', b.mql_at, 'stopped_at', b.attempt_at, 'due_at', b.mql_at + interval '1 hour',
            'elapsed_ms', round(extract(epoch from b.attempt_at - b.mql_at) * 1000), 'business_ms', round(extract(epoch from b.attempt_at - b.mql_at) * 1000))),
        (30, case when b.decision is not null then 'stage_changed' end, b.decision_at,
          jsonb_build_object('from', 'mql', 'to', case b.decision when 'accepted' then 'sal' else 'nurture' end)),
        (31, b.decision, b.decision_at, jsonb_build_object('rep', b.rep, 'reason', case when b.decision = 'rejected' then b.reason end)),
        (32, case when b.decision is not null then 'clock_stopped' end, b.decision_at,
          jsonb_build_object('clock', 'accept_or_reject', 'rep', b.rep, 'outcome', case when b.decision_in_time then 'met' else 'breached' end,
            'started_at', b.mql_at, 'stopped_at', b.decision_at, 'due_at', b.mql_at + interval '4 hours',
            'elapsed_ms', round(extract(epoch from b.decision_at - b.mql_at) * 1000), 'business_ms', round(extract(epoch from b.decision_at - b.mql_at) * 1000))),
        (40, case when b.attempted and b.connected then 'connected' end, b.attempt_at + interval '1 hour', jsonb_build_object('rep', b.rep, 'channel', 'call')),
        (50, case when b.decision = 'accepted' and b.to_sql then 'stage_changed' end, b.decision_at + interval '2 days', '{"from": "sal", "to": "sql"}'::jsonb),
        (60, case when b.decision = 'accepted' and b.to_sql and b.to_opp then 'stage_changed' end, b.decision_at + interval '5 days', '{"from": "sql", "to": "opportunity"}'::jsonb),
        (70, case when b.decision = 'accepted' and b.to_sql and b.to_opp and b.closed is not null then 'stage_changed' end, b.decision_at + interval '20 days',
          jsonb_build_object('from', 'opportunity', 'to', b.closed))
      ) as e(k, type, at, data)
      where e.type is not null
    ) events
    order by at, id, k`);
  await run('drop table bench_plan');
  await run('vacuum analyze leads');
  await run('vacuum analyze lead_events');
}

export interface Timing {
  medianMs: number;
  runsMs: number[];
  bytes: number;
  /** Median CPU ms per request of Baton's process and of the PostgreSQL server (all its processes), when their pids are known. */
  batonCpuMs?: number;
  postgresCpuMs?: number;
}

/**
 * Median wall time of GET `route` (after one warm-up), the size of the answer, and the CPU time
 * each request cost Baton and PostgreSQL (from /proc, 10 ms ticks): under a shared, loaded
 * machine the CPU time is the steadier figure.
 */
export async function timeGet(baton: ServerProcess, route: string, runs: number, postgresPid?: number): Promise<Timing> {
  const cpu = () => ({ baton: baton.process.pid ? treeCpuSeconds(baton.process.pid) : Number.NaN, postgres: postgresPid ? treeCpuSeconds(postgresPid) : Number.NaN });
  const get = async () => {
    const before = cpu();
    const started = performance.now();
    const res = await fetch(`${baton.url}${route}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`GET ${route}: ${res.status} ${text.slice(0, 300)}`);
    const ms = performance.now() - started;
    const after = cpu();
    return { ms, bytes: text.length, baton: (after.baton - before.baton) * 1000, postgres: (after.postgres - before.postgres) * 1000 };
  };
  await get();
  const samples: Awaited<ReturnType<typeof get>>[] = [];
  for (let i = 0; i < runs; i++) samples.push(await get());
  const cpuMedian = (pick: (s: (typeof samples)[number]) => number) => (Number.isNaN(pick(samples[0]!)) ? {} : { value: Math.round(median(samples.map(pick))) });
  const batonCpu = cpuMedian((s) => s.baton);
  const postgresCpu = cpuMedian((s) => s.postgres);
  return {
    medianMs: round(median(samples.map((s) => s.ms))),
    runsMs: samples.map((s) => round(s.ms)),
    bytes: samples[0]!.bytes,
    ...('value' in batonCpu ? { batonCpuMs: batonCpu.value } : {}),
    ...('value' in postgresCpu ? { postgresCpuMs: postgresCpu.value } : {}),
  };
}

/** The PostgreSQL server's main process (its backends and parallel workers are its children), when it runs on this machine. */
export async function postgresPid(url: string): Promise<number | undefined> {
  const handle = await openDatabase({ kind: 'postgres', url, poolSize: 1 }, { migrate: false });
  try {
    const row = await sql<{ text: string }>`select pg_read_file('postmaster.pid') as text`.execute(handle.db);
    const pid = Number(row.rows[0]?.text.split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 && existsSync(`/proc/${pid}`) ? pid : undefined;
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}

/** Prints the run's summary lines and a Markdown table of its rows (numbers right-aligned). */
export function printResults(summary: string[], head: string[], rows: string[]): void {
  const align = head.map((h) => (/ms$/.test(h) || h === 'answer' || h === 'output' ? '---:' : '---'));
  process.stdout.write([...summary, '', `| ${head.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows, ''].join('\n'));
}

export function startBaton(url: string): Promise<ServerProcess> {
  return startServerProcess({ DATABASE_URL: url, BATON_ADMIN_TOKEN: TOKEN, BATON_POLICY: POLICY, LOG_LEVEL: 'error', BATON_DB_POOL_SIZE: '8' });
}

export function benchOptions() {
  const { values } = parseArgs({
    options: {
      leads: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '3' },
      url: { type: 'string' },
      reuse: { type: 'boolean', default: false },
    },
  });
  return { leads: Number(values.leads), runs: Number(values.runs), ...(values.url ? { url: values.url } : {}), reuse: values.reuse ?? false };
}

async function main(): Promise<void> {
  const options = benchOptions();
  const data = await prepareDataset(options);
  const baton = await startBaton(data.url);
  const pgPid = await postgresPid(data.url);
  try {
    const periods = [
      ['month (2026-10)', 'from=2026-10-01&to=2026-10-31'],
      ['quarter (2026-08..10)', 'from=2026-08-01&to=2026-10-31'],
      ['all ten months', 'from=2026-01-01&to=2026-10-31'],
      // Parts of days at both ends, days outside whole months, and months: every path of the rollup read.
      ['2026-01-15 13:00 → 2026-10-17 06:00', 'from=2026-01-15T13:00:00Z&to=2026-10-17T06:00:00Z'],
    ] as const;
    const rows: string[] = [];
    for (const [label, period] of periods) {
      for (const by of ['', 'rep', 'source', 'score_band']) {
        const route = `/api/v1/metrics?${period}${by ? `&by=${by}` : ''}`;
        const t = await timeGet(baton, route, options.runs, pgPid);
        rows.push(`| ${label} | ${by || '—'} | **${t.medianMs}** | ${t.runsMs.join(', ')} | ${t.batonCpuMs ?? '–'} | ${t.postgresCpuMs ?? '–'} | ${Math.round(t.bytes / 1024)} KB |`);
        process.stderr.write(`${rows[rows.length - 1]}\n`);
      }
    }
    printResults(
      [
        `leads: ${data.leads.toLocaleString('en')}, events: ${data.events.toLocaleString('en')}`,
        data.projectSeconds
          ? `generate: ${round(data.generateSeconds)} s; read model from the log: ${round(data.projectSeconds)} s (${Math.round(data.events / data.projectSeconds).toLocaleString('en')} events/s)`
          : 'data set and read model reused (--reuse)',
      ],
      ['period', 'breakdown', 'median ms', 'runs ms', 'Baton CPU ms', 'PostgreSQL CPU ms', 'answer'],
      rows,
    );
  } finally {
    await baton.stop();
    if (!options.url) await data.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
