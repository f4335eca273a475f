/**
 * Inline SVG charts for reports: plain shapes and text, no scripts or external fonts, so they
 * render the same offline, in print and in any browser. Every chart sits next to a table with
 * the same figures (the Markdown report shows only the table).
 */
import { escapeHtml } from './html.js';

const WIDTH = 640;
const COLORS = ['#2f5bd3', '#1f9d8b', '#e0a526', '#b3261e', '#7a4fd6', '#5b6475'];

export interface Bar {
  label: string;
  value: number;
  /** Text at the end of the bar (Default: the formatted value). */
  note?: string;
}

/** Horizontal bars, one per row; an optional shaded target band (for rates from 0 to 1). */
export function barChart(bars: readonly Bar[], options: { format: (v: number) => string; max?: number; target?: { low: number; high: number } }): string {
  const row = 24;
  const labelWidth = 170;
  const plot = WIDTH - labelWidth - 210; // room for the note after the longest bar
  const height = Math.max(1, bars.length) * row + 12;
  const max = options.max ?? Math.max(1e-9, ...bars.map((b) => b.value));
  const x = (v: number) => labelWidth + (Math.max(0, v) / max) * plot;
  const parts: string[] = [];
  if (options.target) {
    const { low, high } = options.target;
    parts.push(`<rect x="${x(low).toFixed(1)}" y="0" width="${(x(Math.min(high, max)) - x(low)).toFixed(1)}" height="${height}" fill="#1f7a4d" opacity="0.08"/>`);
    parts.push(`<text x="${x(low).toFixed(1)}" y="${height - 2}" font-size="10" fill="#1f7a4d">target</text>`);
  }
  bars.forEach((b, i) => {
    const y = i * row + 4;
    parts.push(`<text x="${labelWidth - 8}" y="${y + 14}" font-size="12" text-anchor="end" fill="#1d2433">${escapeHtml(truncate(b.label, 26))}</text>`);
    parts.push(`<rect x="${labelWidth}" y="${y}" width="${(x(b.value) - labelWidth).toFixed(1)}" height="${row - 8}" rx="2" fill="${COLORS[0]}"/>`);
    parts.push(`<text x="${(x(b.value) + 6).toFixed(1)}" y="${y + 13}" font-size="11" fill="#5b6475">${escapeHtml(b.note ?? options.format(b.value))}</text>`);
  });
  return svg(height, parts);
}

export interface Series {
  name: string;
  values: readonly number[];
}

/** Grouped columns per category (weeks), with a legend. */
export function columnChart(categories: readonly string[], series: readonly Series[], options: { format: (v: number) => string }): string {
  const top = 24;
  const bottom = 30;
  const left = 44;
  const plotHeight = 160;
  const height = top + plotHeight + bottom;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const group = (WIDTH - left - 8) / Math.max(1, categories.length);
  const barWidth = Math.max(2, (group - 8) / Math.max(1, series.length));
  const parts: string[] = [];
  for (const fraction of [0, 0.5, 1]) {
    const y = top + plotHeight - fraction * plotHeight;
    parts.push(`<line x1="${left}" x2="${WIDTH - 8}" y1="${y}" y2="${y}" stroke="#d9dee7"/>`);
    parts.push(`<text x="${left - 6}" y="${y + 4}" font-size="10" text-anchor="end" fill="#5b6475">${escapeHtml(options.format(max * fraction))}</text>`);
  }
  categories.forEach((category, i) => {
    const x0 = left + i * group + 4;
    series.forEach((s, j) => {
      const v = s.values[i] ?? 0;
      const h = (v / max) * plotHeight;
      parts.push(`<rect x="${(x0 + j * barWidth).toFixed(1)}" y="${(top + plotHeight - h).toFixed(1)}" width="${(barWidth - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[j % COLORS.length]}"><title>${escapeHtml(`${s.name} ${category}: ${options.format(v)}`)}</title></rect>`);
    });
    parts.push(`<text x="${(x0 + (group - 8) / 2).toFixed(1)}" y="${top + plotHeight + 14}" font-size="10" text-anchor="middle" fill="#5b6475">${escapeHtml(category.slice(5))}</text>`);
  });
  series.forEach((s, j) => {
    const x = left + j * 120;
    parts.push(`<rect x="${x}" y="4" width="10" height="10" fill="${COLORS[j % COLORS.length]}"/>`);
    parts.push(`<text x="${x + 14}" y="13" font-size="11" fill="#1d2433">${escapeHtml(s.name)}</text>`);
  });
  return svg(height, parts);
}

function svg(height: number, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" font-family="system-ui, sans-serif">${parts.join('')}</svg>`;
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
