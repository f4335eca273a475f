/**
 * Small inline SVG charts for the HTML reports (no script, no network): lines on x/y axes and
 * horizontal bars. Shared by the calibration and simulation reports.
 */

export interface Series {
  name: string;
  color: string;
  points: { x: number; y: number }[];
  /** Draw dots only (no line). */
  dots?: boolean;
  dashed?: boolean;
}

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(1) : v.toFixed(2));

export function lineChart(options: { title: string; xLabel: string; yLabel: string; series: Series[]; xMax?: number; yMax?: number; width?: number; height?: number }): string {
  const width = options.width ?? 520;
  const height = options.height ?? 360;
  const pad = { left: 56, right: 16, top: 32, bottom: 48 };
  const all = options.series.flatMap((s) => s.points);
  const xMax = options.xMax ?? Math.max(1e-9, ...all.map((p) => p.x));
  const yMax = options.yMax ?? Math.max(1e-9, ...all.map((p) => p.y));
  const sx = (x: number) => pad.left + (x / xMax) * (width - pad.left - pad.right);
  const sy = (y: number) => height - pad.bottom - (y / yMax) * (height - pad.top - pad.bottom);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const parts: string[] = [];
  parts.push(`<text x="${width / 2}" y="18" text-anchor="middle" font-weight="600">${esc(options.title)}</text>`);
  for (const t of ticks) {
    parts.push(`<line x1="${pad.left}" x2="${width - pad.right}" y1="${sy(t * yMax)}" y2="${sy(t * yMax)}" stroke="#eee"/>`);
    parts.push(`<text x="${pad.left - 6}" y="${sy(t * yMax) + 4}" text-anchor="end" font-size="11">${num(t * yMax)}</text>`);
    parts.push(`<text x="${sx(t * xMax)}" y="${height - pad.bottom + 16}" text-anchor="middle" font-size="11">${num(t * xMax)}</text>`);
  }
  parts.push(`<line x1="${pad.left}" x2="${width - pad.right}" y1="${sy(0)}" y2="${sy(0)}" stroke="#888"/>`);
  parts.push(`<line x1="${pad.left}" x2="${pad.left}" y1="${sy(0)}" y2="${pad.top}" stroke="#888"/>`);
  parts.push(`<text x="${width / 2}" y="${height - 10}" text-anchor="middle" font-size="12">${esc(options.xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${height / 2}) rotate(-90)" text-anchor="middle" font-size="12">${esc(options.yLabel)}</text>`);
  options.series.forEach((s, i) => {
    if (!s.dots && s.points.length > 1) {
      const d = s.points.map((p, k) => `${k ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join('');
      parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/>`);
    }
    if (s.dots || s.points.length <= 20) for (const p of s.points) parts.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3.5" fill="${s.color}"/>`);
    parts.push(`<rect x="${pad.left + 10}" y="${pad.top + 6 + i * 18}" width="12" height="4" fill="${s.color}"/>`);
    parts.push(`<text x="${pad.left + 28}" y="${pad.top + 11 + i * 18}" font-size="11">${esc(s.name)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif" role="img" aria-label="${esc(options.title)}">${parts.join('')}</svg>`;
}

export interface Bar {
  label: string;
  values: number[];
}

/** Horizontal bars, one row per label and one bar per series (e.g. current and draft). */
export function barChart(options: { title: string; bars: Bar[]; series: { name: string; color: string }[]; width?: number; format?: (v: number) => string }): string {
  const width = options.width ?? 560;
  const rowHeight = 8 + 14 * options.series.length;
  const labelWidth = Math.min(220, 12 + 7 * Math.max(4, ...options.bars.map((b) => b.label.length)));
  const top = 30 + 18;
  const height = top + rowHeight * options.bars.length + 12;
  const values = options.bars.flatMap((b) => b.values);
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  const span = max - min || 1;
  const plot = width - labelWidth - 60;
  const sx = (v: number) => labelWidth + ((v - min) / span) * plot;
  const format = options.format ?? ((v: number) => num(v));
  const parts: string[] = [`<text x="${width / 2}" y="18" text-anchor="middle" font-weight="600">${esc(options.title)}</text>`];
  options.series.forEach((s, i) => {
    parts.push(`<rect x="${labelWidth + i * 130}" y="28" width="12" height="10" fill="${s.color}"/><text x="${labelWidth + 16 + i * 130}" y="37" font-size="11">${esc(s.name)}</text>`);
  });
  parts.push(`<line x1="${sx(0)}" x2="${sx(0)}" y1="${top - 4}" y2="${height - 8}" stroke="#888"/>`);
  options.bars.forEach((bar, row) => {
    const y = top + row * rowHeight;
    parts.push(`<text x="${labelWidth - 6}" y="${y + rowHeight / 2 + 3}" text-anchor="end" font-size="11">${esc(bar.label)}</text>`);
    bar.values.forEach((v, i) => {
      const x0 = sx(Math.min(0, v));
      const w = Math.max(1, Math.abs(sx(v) - sx(0)));
      const by = y + 4 + i * 14;
      parts.push(`<rect x="${x0.toFixed(1)}" y="${by}" width="${w.toFixed(1)}" height="12" fill="${options.series[i]?.color ?? '#888'}"/>`);
      parts.push(`<text x="${(v >= 0 ? x0 + w + 4 : x0 - 4).toFixed(1)}" y="${by + 10}" font-size="10" text-anchor="${v >= 0 ? 'start' : 'end'}">${esc(format(v))}</text>`);
    });
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif" role="img" aria-label="${esc(options.title)}">${parts.join('')}</svg>`;
}

export function escapeHtml(text: string): string {
  return esc(text);
}

/** The shell of a report page: title, a little CSS, the body. */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;color:#222}
table{border-collapse:collapse;margin:8px 0 20px}td,th{border-bottom:1px solid #ddd;padding:4px 10px;text-align:right}
th:first-child,td:first-child{text-align:left}.warn{background:#fff4e5;border-left:4px solid #f0a020;padding:8px 12px;margin:8px 0}
.note{color:#555}.charts{display:flex;flex-wrap:wrap;gap:16px}code{background:#f4f4f4;padding:1px 4px}
</style></head><body>${body}</body></html>
`;
}
