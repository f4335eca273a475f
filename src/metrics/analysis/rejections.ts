/**
 * Rejection analysis: the reasons sales gave for hand-offs of the period, as a Pareto overall
 * and per source, segment and rep (the rep who rejected), with hints where a pattern is strong.
 */
import { sql, type Kysely } from 'kysely';
import type { Policy } from '../../policy/schema.js';
import type { Database } from '../../store/database.js';
import { cohorts, handoff, NONE_KEY } from '../definitions.js';
import type { Period } from '../period.js';
import { labelOf } from '../query/metrics.js';
import { pareto, rejectionHints, type Hint, type ParetoRow } from './hints.js';

const GROUPS = { source: 'source', segment: 'segment', rep: 'decided_by' } as const;
type Group = keyof typeof GROUPS;

export interface RejectionGroup {
  key: string;
  label: string;
  rejected: number;
  decided: number;
  rejection_rate: number | null;
  reasons: ParetoRow[];
}

export interface RejectionAnalysis {
  period: { from: string; to: string };
  rejected: number;
  decided: number;
  reasons: ParetoRow[];
  by_source: RejectionGroup[];
  by_segment: RejectionGroup[];
  by_rep: RejectionGroup[];
  hints: Hint[];
}

export async function rejectionAnalysis(db: Kysely<Database>, period: Period, policy: Policy): Promise<RejectionAnalysis> {
  const labels = new Map(policy.reasons.reject.map((r) => [r.code, r.label]));
  const reasonLabel = (code: string) => labels.get(code) ?? code.replaceAll('_', ' ');
  const keyOf = (column: string) => sql<string>`coalesce(${sql.ref(`h.${column}`)}, ${sql.lit(NONE_KEY)})`;
  const setsFor = (g: Group) => sql`(${keyOf(GROUPS[g])}, h.reject_reason)`;
  const rows = await sql<{ g: number; source: string; segment: string; rep: string; reason: string | null; decided: number; rejected: number }>`
    select grouping(${keyOf('source')}, ${keyOf('segment')}, ${keyOf('decided_by')}) as g,
      ${keyOf('source')} as source, ${keyOf('segment')} as segment, ${keyOf('decided_by')} as rep, h.reject_reason as reason,
      (count(*) filter (where ${handoff.decided}))::int as decided,
      (count(*) filter (where ${handoff.rejected}))::int as rejected
    from metrics_handoffs h
    where ${cohorts.handedOff(period)} and ${handoff.decided}
    group by grouping sets ((h.reject_reason), ${setsFor('source')}, ${setsFor('segment')}, ${setsFor('rep')})
  `.execute(db);
  // grouping(source, segment, rep) is a bit mask, source the highest bit: 0b011 = per source, 0b101 = per segment, 0b110 = per rep.
  const levelOf: Record<number, Group | 'all'> = { 7: 'all', 3: 'source', 5: 'segment', 6: 'rep' };
  const groups: Record<Group, Map<string, { decided: number; rejected: number; reasons: Map<string, number> }>> = {
    source: new Map(),
    segment: new Map(),
    rep: new Map(),
  };
  const overall = new Map<string, number>();
  let decided = 0;
  for (const r of rows.rows) {
    const level = levelOf[Number(r.g)];
    if (!level) continue;
    if (level === 'all') {
      decided += r.decided;
      if (r.reason) overall.set(r.reason, r.rejected);
      continue;
    }
    const key = r[level];
    const entry = groups[level].get(key) ?? { decided: 0, rejected: 0, reasons: new Map<string, number>() };
    entry.decided += r.decided;
    entry.rejected += r.rejected;
    if (r.reason) entry.reasons.set(r.reason, r.rejected);
    groups[level].set(key, entry);
  }
  const toGroups = (g: Group): RejectionGroup[] =>
    [...groups[g].entries()]
      .map(([key, e]) => ({
        key,
        label: labelOf(policy, g, key),
        rejected: e.rejected,
        decided: e.decided,
        rejection_rate: e.decided ? e.rejected / e.decided : null,
        reasons: pareto(e.reasons, reasonLabel),
      }))
      .sort((a, b) => b.rejected - a.rejected || a.key.localeCompare(b.key));
  const reasons = pareto(overall, reasonLabel);
  const by_source = toGroups('source');
  const by_segment = toGroups('segment');
  const by_rep = toGroups('rep');
  const hints = rejectionHints(reasons, [
    ...by_source.map((g) => ({ dimension: 'source', ...g })),
    ...by_segment.map((g) => ({ dimension: 'segment', ...g })),
    ...by_rep.map((g) => ({ dimension: 'rep', ...g })),
  ]);
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    rejected: reasons.reduce((a, r) => a + r.count, 0),
    decided,
    reasons,
    by_source,
    by_segment,
    by_rep,
    hints,
  };
}
