/**
 * Reads what a period adds up to from the rollups: whole days from metrics_rollup (histograms:
 * whole months from the monthly rows, the other whole days from the daily rows), plus the parts
 * of days at either end summed from the rows with the same contribution SQL. Costs grow with the
 * number of days and keys, not with the hand-offs in the period.
 */
import { sql } from 'kysely';
import type { Tx } from '../../store/transaction.js';
import { between, DIMENSIONS, dimensionKey } from '../definitions.js';
import type { Period } from '../period.js';
import { clockCounters, COUNTERS, handoffCounters, handoffHistograms, TOTAL, type Counters, type Measure } from './contributions.js';
import { addTo, type Histogram } from './histogram.js';
import { periodCells, type DayRange, type PeriodCells } from './period-cells.js';

export function emptyCounters(): Counters {
  return Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counters;
}

function addCounters(into: Counters, row: Record<string, unknown>): void {
  for (const c of COUNTERS) if (row[c] !== undefined && row[c] !== null) into[c] += Number(row[c]);
}

/** dim → key → value. */
export class Keyed<T> {
  readonly byDim = new Map<string, Map<string, T>>();
  constructor(private readonly empty: () => T) {}
  at(dim: string, key: string): T {
    let keys = this.byDim.get(dim);
    if (!keys) this.byDim.set(dim, (keys = new Map()));
    let value = keys.get(key);
    if (value === undefined) keys.set(key, (value = this.empty()));
    return value;
  }
  keys(dim: string): string[] {
    return [...(this.byDim.get(dim)?.keys() ?? [])];
  }
  get(dim: string, key: string): T | undefined {
    return this.byDim.get(dim)?.get(key);
  }
}

export interface PeriodCounters {
  /** Counters per dim and key; the total is dim 'total', key ''. */
  keyed: Keyed<Counters>;
  /** The total per UTC day (YYYY-MM-DD), for the weekly trend. */
  days: Map<string, Counters>;
  /** Clocks still open whose deadline has not passed: in clocks_open but not due yet. */
  notYetDue: Keyed<{ n: number }>;
}

const dayRange = (column: string, r: DayRange) => sql<boolean>`${sql.ref(column)} >= ${r.from}::date and ${sql.ref(column)} < ${r.to}::date`;
const inList = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

/** The counters of a period for the total, the clock types and the dimensions asked for. */
export async function readCounters(tx: Tx, period: Period, now: Date, dims: readonly string[], cells: PeriodCells = periodCells(period)): Promise<PeriodCounters> {
  const keyed = new Keyed(emptyCounters);
  const days = new Map<string, Counters>();
  const notYetDue = new Keyed(() => ({ n: 0 }));
  const wanted = [TOTAL, 'clock', ...dims];
  const sum = sql.join(COUNTERS.map((c) => sql`sum(${sql.ref(c)})::bigint as ${sql.ref(c)}`));
  const edgeRows = (table: 'metrics_handoffs' | 'metrics_clocks', columns: string[]) =>
    sql`(select 1 as sign, t.* from ${sql.table(table)} t where ${sql.join(cells.edges.flatMap((e) => columns.map((c) => between(`t.${c}`, e))), sql` or `)})`;

  if (cells.days) {
    const r = cells.days;
    const [perKey, perDay] = await Promise.all([
      sql<Record<string, unknown>>`select dim, key, ${sum} from metrics_rollup where ${dayRange('day', r)} and dim in (${inList(['clock', ...dims])}) group by dim, key`.execute(tx),
      sql<Record<string, unknown>>`select to_char(day, 'YYYY-MM-DD') as day, ${sql.join(COUNTERS.map((c) => sql.ref(c)))} from metrics_rollup where ${dayRange('day', r)} and dim = ${TOTAL} and key = ''`.execute(tx),
    ]);
    for (const row of perKey.rows) addCounters(keyed.at(String(row.dim), String(row.key)), row);
    for (const row of perDay.rows) {
      const day = emptyCounters();
      addCounters(day, row);
      days.set(String(row.day), day);
      addCounters(keyed.at(TOTAL, ''), row);
    }
  }
  if (cells.edges.length > 0) {
    const [handoffs, clocks] = await Promise.all([
      handoffCounters(edgeRows('metrics_handoffs', ['assigned_at', 'mql_at']), { within: cells.edges, dims: wanted }).execute(tx),
      clockCounters(edgeRows('metrics_clocks', ['started_at']), { within: cells.edges, dims: wanted }).execute(tx),
    ]);
    for (const row of [...handoffs.rows, ...clocks.rows]) {
      addCounters(keyed.at(String(row.dim), String(row.key)), row);
      if (row.dim === TOTAL) {
        const day = days.get(String(row.day)) ?? emptyCounters();
        addCounters(day, row);
        days.set(String(row.day), day);
      }
    }
  }
  // Open clocks whose deadline is still ahead: few (only the running ones due after now), found by deadline.
  const keyOf = [sql`(${sql.lit(TOTAL)}, '')`, sql`('clock', c.clock)`, ...dims.filter((d) => (DIMENSIONS as readonly string[]).includes(d)).map((d) => sql`(${sql.lit(d)}, ${dimensionKey('c', d as (typeof DIMENSIONS)[number])})`)];
  const pending = await sql<{ dim: string; key: string; n: number }>`
    select x.dim, x.key, count(*)::int as n
    from metrics_clocks c cross join lateral (values ${sql.join(keyOf)}) as x(dim, key)
    where c.stopped_at is null and c.status = 'open' and c.due_at >= ${now} and ${between('c.started_at', period)}
    group by 1, 2
  `.execute(tx);
  for (const row of pending.rows) notYetDue.at(row.dim, row.key).n += Number(row.n);
  return { keyed, days, notYetDue };
}

/** The histograms of a period per measure, dim and key (key '' for the total). */
export async function readHistograms(tx: Tx, period: Period, dims: readonly string[], cells: PeriodCells = periodCells(period)): Promise<Map<string, Histogram>> {
  const result = new Map<string, Histogram>();
  const add = (row: { measure: unknown; dim: unknown; key: unknown; bucket: unknown; n: unknown }) => {
    const id = histogramId(String(row.measure) as Measure, String(row.dim), String(row.key));
    const h = result.get(id) ?? new Map<number, number>();
    addTo(h, Number(row.bucket), Number(row.n));
    result.set(id, h);
  };
  const wanted = [TOTAL, ...dims];
  const whole = [
    ...(cells.months.length > 0 ? [sql<boolean>`(grain = 'm' and start in (${sql.join(cells.months.map((m) => sql`${m}::date`))}))`] : []),
    ...cells.monthEdgeDays.map((r) => sql<boolean>`(grain = 'd' and ${dayRange('start', r)})`),
  ];
  const [rolled, edges] = await Promise.all([
    whole.length === 0
      ? Promise.resolve({ rows: [] as Record<string, unknown>[] })
      : sql<Record<string, unknown>>`
          select measure, dim, key, bucket, sum(n)::bigint as n from metrics_rollup_hist
          where (${sql.join(whole, sql` or `)}) and dim in (${inList(wanted)})
          group by 1, 2, 3, 4
        `.execute(tx),
    cells.edges.length === 0
      ? Promise.resolve({ rows: [] as Record<string, unknown>[] })
      : handoffHistograms(
          sql`(select 1 as sign, t.* from metrics_handoffs t where ${sql.join(cells.edges.flatMap((e) => [between('t.assigned_at', e), between('t.mql_at', e)]), sql` or `)})`,
          { within: cells.edges, dims: wanted },
        ).execute(tx),
  ]);
  for (const row of rolled.rows) add(row as never);
  for (const row of edges.rows) add(row as never);
  return result;
}

export function histogramId(measure: Measure, dim: string, key: string): string {
  return `${measure}|${dim}|${key}`;
}
