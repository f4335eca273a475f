/**
 * Exact percentiles of a period (histogram.ts says how): the rollup histograms name the bucket
 * and the rank inside it of each value percentile_cont reads; one statement then reads those
 * values from the measure's index (a bucket's rows of the period, in value order), and the
 * result is interpolated as percentile_cont does.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../store/transaction.js';
import { between, dimensionIs, type Dimension } from '../definitions.js';
import type { Period } from '../period.js';
import { MEASURES, TOTAL, type Measure } from './contributions.js';
import { bucketRange, histogramTotal, interpolate, locate, onlyValue, percentileRanks, type Histogram } from './histogram.js';
import { histogramId } from './read.js';

export interface QuantileRequest {
  measure: Measure;
  /** 'total' (key '') or a dimension. */
  dim: string;
  key: string;
  p: number;
}

export function quantileId(q: QuantileRequest): string {
  return `${histogramId(q.measure, q.dim, q.key)}|${q.p}`;
}

interface Slice {
  measure: Measure;
  dim: string;
  key: string;
  bucket: number;
  /** Ranks inside the bucket to read: from, count. */
  offset: number;
  count: number;
}

/** The rows a measure has a value for, in the period and under the key, as its index (migration 004) holds them. */
function sliceRows(slice: Slice, period: Period): RawBuilder<unknown> {
  const m = MEASURES[slice.measure];
  const v = sql.ref(`h.${m.column}`);
  const { from, to } = bucketRange(slice.bucket);
  const conditions = [
    sql`${v} is not null`,
    ...(m.cohort === 'h.assigned_at' ? [sql`h.response_ms is not null`, sql`h.assigned_at is not null`] : []),
    between(m.cohort, period),
    ...(slice.dim === TOTAL ? [] : [dimensionIs('h', slice.dim as Dimension, slice.key)]),
    ...(from === null ? [] : [sql`${v} >= ${from}`]),
    ...(to === null ? [] : [sql`${v} < ${to}`]),
  ];
  return sql`array(select ${v} from metrics_handoffs h where ${sql.join(conditions, sql` and `)} order by ${v} offset ${slice.offset} limit ${slice.count})`;
}

/**
 * The percentiles asked for, exact: `histograms` must count the same rows the index holds for
 * the period (read them in the same transaction). Null where there are no values.
 */
export async function quantiles(tx: Tx, period: Period, histograms: Map<string, Histogram>, requests: readonly QuantileRequest[]): Promise<Map<string, number | null>> {
  const result = new Map<string, number | null>();
  const slices = new Map<string, Slice>();
  /** Where the value of a rank is: known already (a one-value bucket), or at an offset of a slice to read. */
  type Place = { value: number } | { slice: string; offset: number };
  const placeOf = (q: QuantileRequest, histogram: Histogram, rank: number): Place => {
    const { bucket, offset } = locate(histogram, rank);
    const value = onlyValue(bucket);
    if (value !== undefined) return { value };
    const id = `${histogramId(q.measure, q.dim, q.key)}|${bucket}`;
    const slice = slices.get(id);
    if (!slice) slices.set(id, { measure: q.measure, dim: q.dim, key: q.key, bucket, offset, count: 1 });
    else {
      const end = Math.max(slice.offset + slice.count, offset + 1);
      slice.offset = Math.min(slice.offset, offset);
      slice.count = end - slice.offset;
    }
    return { slice: id, offset };
  };
  const wanted: { id: string; first: Place; second: Place; proportion: number }[] = [];
  for (const q of requests) {
    const histogram = histograms.get(histogramId(q.measure, q.dim, q.key));
    if (!histogram || histogramTotal(histogram) === 0) {
      result.set(quantileId(q), null);
      continue;
    }
    const r = percentileRanks(q.p, histogramTotal(histogram));
    wanted.push({ id: quantileId(q), first: placeOf(q, histogram, r.first), second: placeOf(q, histogram, r.second), proportion: r.proportion });
  }
  const ordered = [...slices.entries()];
  const values = new Map<string, number[]>();
  if (ordered.length > 0) {
    const rows = await sql<{ i: number; vs: unknown[] }>`
      ${sql.join(ordered.map(([, slice], i) => sql`select ${sql.lit(i)} as i, ${sliceRows(slice, period)} as vs`), sql` union all `)}
    `.execute(tx);
    for (const row of rows.rows) values.set(ordered[Number(row.i)]![0], row.vs.map(Number));
  }
  const valueAt = (place: Place): number => {
    if ('value' in place) return place.value;
    const value = values.get(place.slice)?.[place.offset - slices.get(place.slice)!.offset];
    // The histograms and the rows are read in one snapshot, so the value is there; if not, the rollups are off.
    if (value === undefined) throw new Error(`metrics rollup out of step with its rows at ${place.slice} (rank ${place.offset}): rebuild with baton metrics --rebuild`);
    return value;
  };
  for (const w of wanted) result.set(w.id, interpolate(valueAt(w.first), valueAt(w.second), w.proportion));
  return result;
}
