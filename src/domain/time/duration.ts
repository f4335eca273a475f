/**
 * Durations as people write them in a policy: wall-clock (`90s`, `5m`, `1h`, `2d`, `1w`)
 * or business time counted in a calendar's working hours (`4bh`, `1bd`).
 */
export type Duration =
  | { readonly kind: 'wall'; readonly ms: number; readonly source: string }
  | { readonly kind: 'business_hours'; readonly hours: number; readonly source: string }
  | { readonly kind: 'business_days'; readonly days: number; readonly source: string };

const WALL_UNIT_MS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

const PATTERN = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|w|bh|bd)\s*$/;

export const DURATION_HINT = 'a duration such as 90s, 5m, 1h, 30d, 4bh (business hours) or 1bd (business days)';

export function parseDuration(source: string): Duration | undefined {
  const match = PATTERN.exec(source);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = match[2]!;
  if (!(amount > 0)) return undefined;
  if (unit === 'bh') return { kind: 'business_hours', hours: amount, source: source.trim() };
  if (unit === 'bd') return { kind: 'business_days', days: amount, source: source.trim() };
  return { kind: 'wall', ms: amount * WALL_UNIT_MS[unit]!, source: source.trim() };
}

/** Milliseconds of a wall-clock duration; business durations need a calendar (see sla/business-time). */
export function wallMs(duration: Duration): number | undefined {
  return duration.kind === 'wall' ? duration.ms : undefined;
}
