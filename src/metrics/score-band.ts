/**
 * Score bands: the total score at qualification cut into 20-point bands ("40-59", "100+", "<0"),
 * the same for every workspace so bands compare across months and policy versions.
 */
export const BAND_WIDTH = 20;
const TOP = 100;

export function scoreBand(total: number): string {
  if (total < 0) return '<0';
  if (total >= TOP) return `${TOP}+`;
  const low = Math.floor(total / BAND_WIDTH) * BAND_WIDTH;
  return `${low}-${low + BAND_WIDTH - 1}`;
}

/** The band's lowest score, for ordering bands from low to high. */
export function bandFloor(band: string): number {
  if (band === '<0') return -Infinity;
  return Number.parseInt(band, 10);
}
