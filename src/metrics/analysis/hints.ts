/**
 * Plain-language readings of the analyses: which rejection reasons dominate and what to change
 * in the policy for each, which sources are rejected far more than the rest, and whether higher
 * score bands really convert better. Pure: figures in, sentences out.
 */
import { percent } from '../targets.js';

export interface ParetoRow {
  reason: string;
  label: string;
  count: number;
  share: number;
  cumulative_share: number;
}

export interface Hint {
  /** What the hint is about: the whole period, or one key of a dimension. */
  scope: string;
  key?: string;
  reason?: string;
  message: string;
}

/** Rejections needed before a pattern is called strong (Default: 10). */
export const MIN_REJECTIONS = 10;
/** Share of rejections one reason needs to be a strong pattern (Default: 30 %). */
export const STRONG_SHARE = 0.3;
/** A key rejected this many times more often than overall stands out (Default: 1.5×). */
export const RATE_OUTLIER = 1.5;

export function pareto(counts: ReadonlyMap<string, number>, labelOf: (reason: string) => string): ParetoRow[] {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  let running = 0;
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([reason, count]) => {
      running += count;
      return { reason, label: labelOf(reason), count, share: total ? count / total : 0, cumulative_share: total ? running / total : 0 };
    });
}

/** What to change in the policy when many leads are rejected for a reason (by its code's words). */
export function adviceFor(reason: string, label: string): string {
  const advice: [RegExp, string][] = [
    [/size|employees|headcount/, 'raise the company-size minimum in the fit criteria (e.g. "company.size >= …")'],
    [/industry|vertical|segment/, 'exclude those industries in the fit criteria, or score them down'],
    [/title|seniority|role|persona/, 'require or score up buyer titles (fit rules on "title matches …")'],
    [/intent|timing|not_ready|budget|interest/, 'raise mql.engagement_at_least, or hand off only on high-intent activity'],
    [/bad_data|invalid|fake|spam|junk/, 'validate e-mail and phone at capture and drop disposable e-mail before scoring'],
    [/competitor/, 'add the competitors\' domains to domains.competitors'],
    [/customer|existing/, 'route existing customers to their account owner (routing: account_owner) instead of the pools'],
    [/geo|country|region|territory|location/, 'restrict company.country in the fit criteria to the territories sales serves'],
    [/duplicate/, 'check the e-mail and account matching: the same person is handed off twice'],
  ];
  const found = advice.find(([pattern]) => pattern.test(reason));
  return found ? found[1] : `review the fit criteria and scoring rules that let "${label}" leads through`;
}

export function rejectionHints(
  overall: readonly ParetoRow[],
  groups: readonly { dimension: string; key: string; label: string; rejected: number; decided: number; reasons: readonly ParetoRow[] }[],
): Hint[] {
  const hints: Hint[] = [];
  const totalRejected = overall.reduce((a, r) => a + r.count, 0);
  const top = overall[0];
  if (top && totalRejected >= MIN_REJECTIONS && top.share >= STRONG_SHARE) {
    hints.push({
      scope: 'all',
      reason: top.reason,
      message: `${percent(top.share)} of rejections are ${top.reason} (${top.count} of ${totalRejected}): ${adviceFor(top.reason, top.label)}.`,
    });
  }
  const decidedAll = groups.filter((g) => g.dimension === 'source').reduce((a, g) => a + g.decided, 0);
  const overallRate = decidedAll ? groups.filter((g) => g.dimension === 'source').reduce((a, g) => a + g.rejected, 0) / decidedAll : 0;
  for (const g of groups) {
    const first = g.reasons[0];
    if (g.rejected >= MIN_REJECTIONS && first && first.share >= 0.5 && first.reason !== top?.reason) {
      hints.push({
        scope: g.dimension,
        key: g.key,
        reason: first.reason,
        message: `${g.dimension} ${g.label}: ${percent(first.share)} of its rejections are ${first.reason}: ${adviceFor(first.reason, first.label)}.`,
      });
    }
    const rate = g.decided ? g.rejected / g.decided : 0;
    if (g.dimension === 'source' && g.decided >= MIN_REJECTIONS && overallRate > 0 && rate >= overallRate * RATE_OUTLIER) {
      hints.push({
        scope: g.dimension,
        key: g.key,
        message: `Leads from ${g.label} are rejected ${percent(rate)} of the time against ${percent(overallRate)} overall: review what this source sends, or score it down.`,
      });
    }
  }
  return hints;
}

export interface BandConversion {
  band: string;
  mqls: number;
  rate: number;
}

export interface BandVerdict {
  verdict: 'higher_converts_better' | 'not_better' | 'insufficient_data';
  /** Adjacent bands (with enough leads) where the higher one converts worse. */
  inversions: { lower: string; higher: string; lower_rate: number; higher_rate: number }[];
  message?: string;
}

/** MQLs a band needs to be compared (Default: 10). */
export const MIN_BAND_SIZE = 10;
/** A higher band converting this much less (in rate points) than the band below counts as worse (Default: 2 points). */
export const BAND_TOLERANCE = 0.02;

/** Bands in ascending score order; `what` names the conversion compared ("to opportunity"). */
export function scoreBandVerdict(bands: readonly BandConversion[], what: string): BandVerdict {
  const usable = bands.filter((b) => b.mqls >= MIN_BAND_SIZE);
  if (usable.length < 2) return { verdict: 'insufficient_data', inversions: [] };
  const inversions: BandVerdict['inversions'] = [];
  for (let i = 1; i < usable.length; i++) {
    const lower = usable[i - 1]!;
    const higher = usable[i]!;
    if (higher.rate < lower.rate - BAND_TOLERANCE) inversions.push({ lower: lower.band, higher: higher.band, lower_rate: lower.rate, higher_rate: higher.rate });
  }
  const lowest = usable[0]!;
  const highest = usable[usable.length - 1]!;
  if (inversions.length === 0 && highest.rate > lowest.rate) return { verdict: 'higher_converts_better', inversions };
  const worst = inversions[0];
  const detail = worst
    ? `band ${worst.higher} converts ${percent(worst.higher_rate)} ${what} against ${percent(worst.lower_rate)} for band ${worst.lower}`
    : `the top band ${highest.band} converts ${percent(highest.rate)} ${what}, no better than ${percent(lowest.rate)} for ${lowest.band}`;
  return {
    verdict: 'not_better',
    inversions,
    message: `Higher score bands do not convert better (${detail}): the scoring no longer predicts conversion. Recalibrate it with \`baton calibrate\`.`,
  };
}
