/**
 * The policy's targets against measured values, and what a value says when it is far off.
 * Rates are shares from 0 to 1; a target is a range (`50%..70%`) or a floor (`85%` = 85–100 %).
 */
import type { Duration } from '../domain/time/duration.js';

export interface RangeTarget {
  low: number;
  high: number;
}

/** Below this many decisions a hint is noise, so none is given (Default: 10). */
export const MIN_SAMPLE_FOR_HINT = 10;
/** Acceptance below this: marketing's bar is too low (the 40 %). */
export const ACCEPTANCE_TOO_LOW = 0.4;
/** Acceptance above this: marketing's bar is too high (80 %). */
export const ACCEPTANCE_TOO_HIGH = 0.8;

export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Whether a rate is within its target; null when there is no target or no value. */
export function rateMet(value: number | null, target: RangeTarget | undefined): boolean | null {
  if (value === null || !target) return null;
  return value >= target.low - 1e-12 && value <= target.high + 1e-12;
}

export function acceptanceHint(value: number | null, decided: number): string | undefined {
  if (value === null || decided < MIN_SAMPLE_FOR_HINT) return undefined;
  const pct = percent(value);
  if (value < ACCEPTANCE_TOO_LOW) {
    return `Sales accepts only ${pct} of hand-offs (under 40 %): marketing's MQL bar is too low. Tighten the fit criteria or raise mql.engagement_at_least; see the rejection reasons for which.`;
  }
  if (value > ACCEPTANCE_TOO_HIGH) {
    return `Sales accepts ${pct} of hand-offs (over 80 %): marketing's MQL bar may be too high and good leads may wait in nurture. Consider lowering mql.engagement_at_least or widening the fit criteria.`;
  }
  return undefined;
}

export interface ResponseTarget {
  target_ms: number | null;
  /** Which median the target is compared with: wall-clock, or business time for `bh` targets. */
  basis: 'wall' | 'business' | null;
}

/** A `bd` target has no fixed length in ms (working days differ), so it is not compared. */
export function responseTarget(duration: Duration | undefined): ResponseTarget {
  if (!duration) return { target_ms: null, basis: null };
  if (duration.kind === 'wall') return { target_ms: duration.ms, basis: 'wall' };
  if (duration.kind === 'business_hours') return { target_ms: duration.hours * 3_600_000, basis: 'business' };
  return { target_ms: null, basis: null };
}

export function responseMet(target: ResponseTarget, median: { wall: number | null; business: number | null }): boolean | null {
  if (target.target_ms === null || target.basis === null) return null;
  const value = median[target.basis];
  return value === null ? null : value <= target.target_ms;
}

export function percent(value: number, digits = 0): string {
  return `${(value * 100).toFixed(digits)} %`;
}
