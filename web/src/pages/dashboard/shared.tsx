/** What the dashboard's parts share: the analyses' shapes, figure helpers and the number that links to its leads. */
import { targetText } from '../../format';
import { leadsHref, type DashboardQuery } from '../../period';
import { Link } from '../../router';
import type { Metrics, Target } from '../../types';

export interface ParetoRow {
  reason: string;
  label: string;
  count: number;
  share: number;
  cumulative_share: number;
}
export interface Rejections {
  rejected: number;
  decided: number;
  reasons: ParetoRow[];
  hints?: { message: string }[];
}
export interface ConversionRow {
  key: string;
  mqls: number;
  sal: number;
  sql: number;
  opportunity: number;
  won: number;
  to_opportunity: number | null;
  to_won: number | null;
}
export interface Conversion {
  overall: ConversionRow;
  by_source: ConversionRow[];
  by_score_band: ConversionRow[];
  hints?: string[];
}

export const targetLine = (t: Target | null | undefined) => (t ? `target ${targetText(t)}` : 'no target set');
export const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0));
export const rate = (a: number, b: number) => (b > 0 ? a / b : null);
export const medianOf = (m: Pick<Metrics, 'response_time'>) =>
  (m.response_time as { target_basis?: string }).target_basis === 'business' ? (m.response_time.business?.median_ms ?? null) : m.response_time.median_ms;
export const basis = (m: Metrics) => ((m.response_time as { target_basis?: string }).target_basis === 'business' ? ' (business time)' : '');

/** Response time and SLA compliance per week of the period (the trend carries only counts), fetched after the main figures. */
/** A count that links to its leads; `data-figure` names the API field it shows. */
export function Num({ q, figure, value, metric, bucket, extra }: { q: DashboardQuery; figure?: string; value: number; metric: string; bucket: string; extra?: Record<string, string> }) {
  return (
    <Link to={leadsHref(q, { metric, bucket, ...extra })} data-figure={figure} data-value={value} className="num-link">
      {value.toLocaleString()}
    </Link>
  );
}

