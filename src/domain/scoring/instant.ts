/**
 * Reading ISO instants quickly. `Date.parse` took ~500 ns per call on Node 20 (2M calls of
 * "2026-03-12T12:00:00.000Z", throwaway script) — a tenth of a lead's scoring budget — so the
 * canonical form `toISOString()` writes, which the engagement state always stores, is read
 * by hand; anything else falls back to `Date.parse`.
 */
export function instantMs(iso: string): number {
  // "YYYY-MM-DDTHH:MM:SS.sssZ"
  if (iso.length === 24 && iso.charCodeAt(10) === 84 /* T */ && iso.charCodeAt(23) === 90 /* Z */) {
    const year = digits(iso, 0, 4);
    const month = digits(iso, 5, 2);
    const day = digits(iso, 8, 2);
    const hour = digits(iso, 11, 2);
    const minute = digits(iso, 14, 2);
    const second = digits(iso, 17, 2);
    const ms = digits(iso, 20, 3);
    if (year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour < 24 && minute < 60 && second < 60) {
      return Date.UTC(year, month - 1, day, hour, minute, second, ms);
    }
  }
  return Date.parse(iso);
}

/** The canonical form of an ISO instant (what `instantMs` reads fastest). */
export function canonicalInstant(ms: number): string {
  return new Date(ms).toISOString();
}

/** The number written in `length` digits at `start`; NaN when one is not a digit. */
function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}
