/**
 * Conversion analysis: of the MQLs of a period, how many reached SAL, SQL, opportunity and won,
 * by source, campaign, content, first-touch channel and score band, and whether higher score
 * bands really convert better (if not, the scoring needs recalibrating).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/database.js';
import { cohorts, funnelReached, NONE_KEY } from '../definitions.js';
import type { Period } from '../period.js';
import { bandFloor } from '../score-band.js';
import { ratio } from '../targets.js';
import { scoreBandVerdict, type BandVerdict } from './hints.js';

export const CONVERSION_DIMENSIONS = ['source', 'campaign', 'content', 'channel', 'score_band'] as const;
type ConversionDimension = (typeof CONVERSION_DIMENSIONS)[number];

export interface ConversionRow {
  key: string;
  mqls: number;
  sal: number;
  sql: number;
  opportunity: number;
  won: number;
  to_sal: number | null;
  to_sql: number | null;
  to_opportunity: number | null;
  to_won: number | null;
}

export interface ConversionAnalysis {
  period: { from: string; to: string };
  overall: ConversionRow;
  by_source: ConversionRow[];
  by_campaign: ConversionRow[];
  by_content: ConversionRow[];
  by_channel: ConversionRow[];
  by_score_band: ConversionRow[];
  /** Do higher score bands convert better to opportunity? */
  score_bands: BandVerdict;
  hints: string[];
}

export async function conversionAnalysis(db: Kysely<Database>, period: Period): Promise<ConversionAnalysis> {
  const keyOf = (d: ConversionDimension) => sql<string>`coalesce(${sql.ref(`h.${d}`)}, ${sql.lit(NONE_KEY)})`;
  const rows = await sql<Record<string, unknown>>`
    select ${sql.join(CONVERSION_DIMENSIONS.map((d) => sql`${keyOf(d)} as ${sql.ref(d)}, grouping(${keyOf(d)}) as ${sql.ref(`g_${d}`)}`))},
      count(*)::int as mqls,
      (count(*) filter (where ${funnelReached.sal}))::int as sal,
      (count(*) filter (where ${funnelReached.sql}))::int as sql,
      (count(*) filter (where ${funnelReached.opportunity}))::int as opportunity,
      (count(*) filter (where ${funnelReached.won}))::int as won
    from metrics_handoffs h
    where ${cohorts.qualified(period)}
    group by grouping sets ((), ${sql.join(CONVERSION_DIMENSIONS.map((d) => sql`(${keyOf(d)})`))})
  `.execute(db);
  const by: Record<ConversionDimension, ConversionRow[]> = { source: [], campaign: [], content: [], channel: [], score_band: [] };
  let overall = row('all', {});
  for (const r of rows.rows) {
    const dimension = CONVERSION_DIMENSIONS.find((d) => Number(r[`g_${d}`]) === 0);
    if (dimension) by[dimension].push(row(String(r[dimension]), r));
    else overall = row('all', r);
  }
  for (const d of CONVERSION_DIMENSIONS) by[d].sort((a, b) => b.mqls - a.mqls || a.key.localeCompare(b.key));
  by.score_band.sort((a, b) => bandFloor(a.key) - bandFloor(b.key));
  const score_bands = scoreBandVerdict(
    by.score_band.map((b) => ({ band: b.key, mqls: b.mqls, rate: b.to_opportunity ?? 0 })),
    'to opportunity',
  );
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    overall,
    by_source: by.source,
    by_campaign: by.campaign,
    by_content: by.content,
    by_channel: by.channel,
    by_score_band: by.score_band,
    score_bands,
    hints: score_bands.message ? [score_bands.message] : [],
  };
}

function row(key: string, r: Record<string, unknown>): ConversionRow {
  const n = (name: string) => Number(r[name] ?? 0);
  const mqls = n('mqls');
  return {
    key,
    mqls,
    sal: n('sal'),
    sql: n('sql'),
    opportunity: n('opportunity'),
    won: n('won'),
    to_sal: ratio(n('sal'), mqls),
    to_sql: ratio(n('sql'), mqls),
    to_opportunity: ratio(n('opportunity'), mqls),
    to_won: ratio(n('won'), mqls),
  };
}
