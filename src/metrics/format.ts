/** How figures read in the terminal and in reports: "62.5 %", "12 min", "3.1 h", "2.0 d". */
export function pct(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${(value * 100).toFixed(1)} %`;
}

export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} d`;
}

export function targetText(t: { low: number; high: number } | null | undefined): string {
  if (!t) return 'none';
  return t.high >= 1 ? `≥ ${pct(t.low)}` : `${pct(t.low)}–${pct(t.high)}`;
}

export function verdict(met: boolean | null): string {
  return met === null ? '–' : met ? '✓ met' : '✗ missed';
}
