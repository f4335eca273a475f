/**
 * Writes hand-off and clock rows and, in the same statement, the difference they make to the
 * rollups: the contributions of each row as it was (−1) and as it is now (+1) are summed per
 * rollup cell and added. The rows before the write are read from the table itself (a statement's
 * CTEs all see the table as it was), so the rollups equal the sum over the rows whatever the fold
 * loaded, and each event counts once because the projector writes in its cursor's transaction.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../store/database.js';
import type { Tx } from '../../store/transaction.js';
import { clockCounters, CLOCK_COUNTERS, HANDOFF_COUNTERS, handoffCounters, handoffHistograms } from '../rollup/contributions.js';
import type { ClockRow, Handoff } from './projection.js';

function upsertRows(table: 'metrics_handoffs' | 'metrics_clocks', keys: readonly string[], sample: object): RawBuilder<unknown> {
  const set = Object.keys(sample)
    .filter((c) => !keys.includes(c))
    .map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`);
  return sql`insert into ${sql.table(table)} select * from input on conflict (${sql.join(keys.map((k) => sql.ref(k)))}) do update set ${sql.join(set)} returning *`;
}

/** insert … on conflict: add the (nonzero) deltas of `counters` to metrics_rollup. */
function addCounters(counters: readonly string[], deltas: RawBuilder<unknown>): RawBuilder<unknown> {
  const cols = counters.map((c) => sql.ref(c));
  return sql`
    insert into metrics_rollup (day, dim, key, ${sql.join(cols)})
    select to_date(d.day, 'YYYY-MM-DD'), d.dim, d.key, ${sql.join(counters.map((c) => sql.ref(`d.${c}`)))} from (${deltas}) as d
    where (${sql.join(counters.map((c) => sql.ref(`d.${c}`)))}) is distinct from (${sql.join(counters.map(() => sql`0`))})
    on conflict (day, dim, key) do update set ${sql.join(counters.map((c) => sql`${sql.ref(c)} = metrics_rollup.${sql.ref(c)} + excluded.${sql.ref(c)}`))}
  `;
}

/** insert … on conflict: add the (nonzero) counts of `deltas` to the daily and monthly histograms. */
function addHistograms(deltas: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    insert into metrics_rollup_hist (grain, start, dim, measure, key, bucket, n)
    select g.grain, g.start, d.dim, d.measure, d.key, d.bucket, sum(d.n) from (${deltas}) as d
    cross join lateral (values ('d', to_date(d.day, 'YYYY-MM-DD')), ('m', date_trunc('month', to_date(d.day, 'YYYY-MM-DD')::timestamp)::date)) as g(grain, start)
    group by 1, 2, 3, 4, 5, 6 having sum(d.n) <> 0
    on conflict (grain, start, dim, measure, key, bucket) do update set n = metrics_rollup_hist.n + excluded.n
  `;
}

export async function writeHandoffs(tx: Tx, rows: readonly Handoff[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    with input as (select * from jsonb_populate_recordset(null::metrics_handoffs, ${JSON.stringify(rows)}::jsonb)),
    before_rows as (select h.* from metrics_handoffs h join input i on i.lead_id = h.lead_id and i.episode = h.episode),
    after_rows as (${upsertRows('metrics_handoffs', ['lead_id', 'episode'], rows[0]!)}),
    changed as (select -1 as sign, b.* from before_rows b union all select 1 as sign, a.* from after_rows a),
    counters as (${addCounters(HANDOFF_COUNTERS, handoffCounters(sql`changed`))}),
    histograms as (${addHistograms(handoffHistograms(sql`changed`))})
    select 1
  `.execute(tx);
}

export async function writeClocks(tx: Tx, rows: readonly ClockRow[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    with input as (select * from jsonb_populate_recordset(null::metrics_clocks, ${JSON.stringify(rows)}::jsonb)),
    before_rows as (select c.* from metrics_clocks c join input i on i.lead_id = c.lead_id and i.clock = c.clock and i.started_at = c.started_at),
    after_rows as (${upsertRows('metrics_clocks', ['lead_id', 'clock', 'started_at'], rows[0]!)}),
    changed as (select -1 as sign, b.* from before_rows b union all select 1 as sign, a.* from after_rows a),
    counters as (${addCounters(CLOCK_COUNTERS, clockCounters(sql`changed`))})
    select 1
  `.execute(tx);
}

/**
 * Sums the rollups again from the hand-off and clock rows as they are, without replaying the log
 * (after a change of histogram buckets, or to check them): the same contributions, all with +1.
 */
export async function recomputeRollups(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await sql`delete from metrics_rollup`.execute(tx);
    await sql`delete from metrics_rollup_hist`.execute(tx);
    const handoffs = sql`(select 1 as sign, h.* from metrics_handoffs h)`;
    await addCounters(HANDOFF_COUNTERS, handoffCounters(handoffs)).execute(tx);
    await addCounters(CLOCK_COUNTERS, clockCounters(sql`(select 1 as sign, c.* from metrics_clocks c)`)).execute(tx);
    await addHistograms(handoffHistograms(handoffs)).execute(tx);
  });
}
