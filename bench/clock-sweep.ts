/**
 * Clock sweep: 100,000 open SLA clocks, 1,000 of them falling due at the same instant, on real
 * PostgreSQL with a `baton serve` process sweeping on its own (default 1 s poll).
 *
 *   npx tsx bench/clock-sweep.ts [--runs 3] [--open 100000] [--due 1000] [--processes 1] [--scenario both|breach|reassign]
 *
 * Per run: a fresh database; 100,000 leads in mql, each with a running first_touch clock (half
 * Ana's, half Bob's), seeded with SQL; then `baton serve` (or several) starts, and once it has
 * settled the 1,000 chosen clocks are set due 2 s ahead. Measured: from the due time to the
 * commit of the last of the 1,000 (max recorded_at of the events written for them) and to the
 * first. Scenarios:
 *  - breach: each due clock records its breach and runs "first_touch: notify_rep, notify_manager"
 *    (two events and one outbox notice a lead): the everyday case;
 *  - reassign: each due clock runs "first_touch + 1bh: reassign" (routing locks, the old clock
 *    cancelled, two fresh clocks, two notices a lead): the heaviest step.
 * Reports every run and the median over runs.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import pg from 'pg';
import { openDatabase } from '../src/store/connect.js';
import { startPostgres } from '../test/support/postgres-server.js';
import { startServerProcess, type ServerProcess } from '../test/support/server-process.js';
import { median, round } from './lib/load.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    open: { type: 'string', default: '100000' },
    due: { type: 'string', default: '1000' },
    processes: { type: 'string', default: '1' },
    scenario: { type: 'string', default: 'both' },
  },
});
const RUNS = Number(values.runs);
const OPEN = Number(values.open);
const DUE = Number(values.due);
const PROCESSES = Number(values.processes);
const SCENARIOS = values.scenario === 'both' ? (['breach', 'reassign'] as const) : ([values.scenario] as ('breach' | 'reassign')[]);
const POLICY = path.resolve(import.meta.dirname, '../test/fixtures/handoff-policy.yaml');
const HOUR = 3_600_000;

interface RunResult {
  lastMs: number;
  firstMs: number;
  events: number;
}

/** 100,000 mql leads with a running first_touch clock each, due in a week: nothing fires until the bench says so. */
async function seed(client: pg.Client): Promise<void> {
  const started = new Date(Date.now() - HOUR).toISOString();
  const later = new Date(Date.now() + 7 * 24 * HOUR).toISOString();
  const profile = JSON.stringify({ email: 'x', first_name: 'Bench', company: { name: 'Bench Co', size: 90, country: 'US' }, attribution: {} });
  const score = JSON.stringify({ fit: 0, engagement: 40, total: 40, items: [] });
  const activity = JSON.stringify({ count: 1, last_activity_at: started, types: {}, qualification: { via: 'high_intent', reason: 'demo', at: started } });
  const schedule = JSON.stringify([
    { kind: 'step', at: later, step: 0, point: '75% of first_touch', actions: ['remind_rep'] },
    { kind: 'breach', at: later },
  ]);
  const bar = new cliProgress.SingleBar({ format: '  seeding {bar} {value}/{total} leads', hideCursor: true }, cliProgress.Presets.shades_classic);
  bar.start(OPEN, 0);
  const chunk = 20_000;
  for (let from = 1; from <= OPEN; from += chunk) {
    const to = Math.min(OPEN, from + chunk - 1);
    await client.query(
      `with l as (
         insert into leads (id, email, profile, facts, stage, priority, fit_score, engagement_score, total_score, score, engagement,
           activity_summary, owner, queue, account_id, account_match, assignment, brief, source, policy_version, event_seq,
           created_at, updated_at, qualified_at, assigned_at)
         select gen_random_uuid(), 'lead' || g || '@bench.example', $1::jsonb, '{}'::jsonb, 'mql', 'high', 0, 40, 40, $2::jsonb, null,
           $3::jsonb, case when g % 2 = 0 then 'ana' else 'ben' end, null, null, null,
           jsonb_build_object('rep', case when g % 2 = 0 then 'ana' else 'ben' end, 'via', 'pool', 'step', 1, 'step_name', 'Everyone else', 'pool', 'main', 'explanation', 'bench', 'at', $4::text),
           null, 'bench', 1, 0, $4::timestamptz, $4::timestamptz, $4::timestamptz, $4::timestamptz
         from generate_series($6::int, $7::int) g
         returning id, owner)
       insert into sla_clocks (lead_id, clock, rep, status, started_at, due_at, duration, calendar, schedule, next_step, next_at, policy_version)
       select id, 'first_touch', owner, 'open', $4::timestamptz, $5::timestamptz, '4bh', 'ny', $8::jsonb, 0, $5::timestamptz, 1 from l`,
      [profile, score, activity, started, later, from, to, schedule],
    );
    bar.update(to);
  }
  bar.stop();
  await client.query(`update reps set open_leads = $1 where id in ('ana', 'ben')`, [OPEN / 2]);
  await client.query('analyze');
}

/** Makes DUE clocks fall due at `at`: the breach and notices, or (reassign) the reassignment step alone. */
async function makeDue(client: pg.Client, scenario: 'breach' | 'reassign', at: Date): Promise<string[]> {
  const due = at.toISOString();
  const schedule =
    scenario === 'breach'
      ? [
          { kind: 'breach', at: due },
          { kind: 'step', at: due, step: 1, point: 'first_touch', actions: ['notify_rep', 'notify_manager'] },
          { kind: 'step', at: new Date(at.getTime() + HOUR).toISOString(), step: 2, point: 'first_touch + 1bh', actions: ['reassign'] },
        ]
      : [{ kind: 'step', at: due, step: 2, point: 'first_touch + 1bh', actions: ['reassign'] }];
  // The reassignment step comes an hour after a deadline that has passed already.
  const deadline = scenario === 'breach' ? at : new Date(at.getTime() - HOUR);
  const { rows } = await client.query<{ lead_id: string }>(
    `update sla_clocks set due_at = $1, next_at = $2, next_step = 0, schedule = $3::jsonb, status = $4
     where id in (select id from sla_clocks order by random() limit $5) returning lead_id`,
    [deadline.toISOString(), due, JSON.stringify(schedule), scenario === 'breach' ? 'open' : 'breached', DUE],
  );
  return rows.map((r) => r.lead_id);
}

async function run(server: Awaited<ReturnType<typeof startPostgres>>, scenario: 'breach' | 'reassign', n: number): Promise<RunResult> {
  const name = `bench_sweep_${scenario}_${n}_${process.pid}`;
  await server.createDatabase(name);
  const url = server.urlFor(name);
  const migrated = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
  await migrated.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const batons: ServerProcess[] = [];
  try {
    // The app publishes policy version 1 and the reps' rows at start; seed after the first start.
    const env = { DATABASE_URL: url, BATON_POLICY: POLICY, LOG_LEVEL: 'error', BATON_DB_POOL_SIZE: '8' };
    batons.push(await startServerProcess(env));
    await seed(client);
    for (let i = 1; i < PROCESSES; i++) batons.push(await startServerProcess(env));
    await new Promise((r) => setTimeout(r, 2_000));
    const dueAt = new Date(Date.now() + 2_000);
    const leads = await makeDue(client, scenario, dueAt);
    const lastType = scenario === 'breach' ? 'escalated' : 'reassigned';
    const deadline = Date.now() + 120_000;
    for (;;) {
      const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from lead_events where type = $1 and lead_id = any($2::uuid[])`, [lastType, leads]);
      if (rows[0]!.n >= leads.length) break;
      if (Date.now() > deadline) throw new Error(`only ${rows[0]!.n} of ${leads.length} handled after 120 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const { rows } = await client.query<{ first: Date; last: Date; events: number }>(
      `select min(recorded_at) as first, max(recorded_at) as last, count(*)::int as events from lead_events where lead_id = any($1::uuid[])`,
      [leads],
    );
    const r = rows[0]!;
    return { firstMs: r.first.getTime() - dueAt.getTime(), lastMs: r.last.getTime() - dueAt.getTime(), events: r.events };
  } finally {
    await Promise.all(batons.map((b) => b.stop()));
    await client.end();
    await server.dropDatabase(name);
  }
}

async function main(): Promise<void> {
  const server = await startPostgres();
  try {
    console.log(`clock sweep: ${OPEN} open clocks, ${DUE} due at once, ${PROCESSES} process(es), ${RUNS} runs`);
    for (const scenario of SCENARIOS) {
      const results: RunResult[] = [];
      for (let n = 1; n <= RUNS; n++) {
        const r = await run(server, scenario, n);
        results.push(r);
        console.log(`${scenario} run ${n}: last handled ${r.lastMs} ms after due, first ${r.firstMs} ms (${r.events} events)`);
      }
      console.log(
        `${scenario} median: all ${DUE} handled ${round(median(results.map((r) => r.lastMs)) / 1000, 2)} s after their due time ` +
          `(first ${round(median(results.map((r) => r.firstMs)) / 1000, 2)} s); target 5 s`,
      );
    }
  } finally {
    await server.stop();
  }
}

await main();
