/**
 * Renders a report Document as one self-contained HTML page: styles inline, charts as inline
 * SVG, no scripts, fonts or images fetched, so it reads offline and prints cleanly (A4, tables
 * kept whole across pages where they fit).
 */
import type { Block, Document } from './blocks.js';

export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** Escapes, then turns `code` and **strong** into markup. */
export function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

const STYLE = `
  :root { color-scheme: light; --ink: #1d2433; --muted: #5b6475; --line: #d9dee7; --good: #1f7a4d; --bad: #b3261e; --accent: #2f5bd3; }
  * { box-sizing: border-box; }
  body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
  h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
  .subtitle { color: var(--muted); margin: 0 0 1.5rem; }
  h2 { font-size: 1.3rem; border-bottom: 2px solid var(--line); padding-bottom: .25rem; margin-top: 2rem; }
  h3 { font-size: 1.05rem; margin-top: 1.25rem; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-variant-numeric: tabular-nums; }
  th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
  th { background: #f3f5f9; font-weight: 600; }
  td.num, th.num { text-align: right; }
  code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9em; background: #f3f5f9; padding: 0 .2em; border-radius: 3px; }
  .note { border-left: 4px solid var(--accent); background: #f5f8ff; padding: .5rem .75rem; margin: .75rem 0; }
  .chart { margin: .5rem 0 1rem; }
  .chart svg { max-width: 100%; height: auto; }
  pre.diff { font: 12px/1.4 ui-monospace, Menlo, monospace; background: #fafbfc; border: 1px solid var(--line); padding: .5rem; overflow-x: auto; white-space: pre-wrap; }
  pre.diff span { display: block; min-height: 1.4em; }
  pre.diff .add { background: #e6ffec; }
  pre.diff .del { background: #ffebe9; }
  .met { color: var(--good); font-weight: 600; } .missed { color: var(--bad); font-weight: 600; }
  @media print {
    body { margin: 0; max-width: none; font-size: 11pt; }
    h2 { break-after: avoid; } table, .chart, .note { break-inside: avoid; }
    a { color: inherit; text-decoration: none; }
  }
  @page { size: A4; margin: 16mm; }
`;

export function renderHtml(doc: Document): string {
  const body = doc.blocks.map(blockHtml).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${inline(doc.title)}</h1>
${doc.subtitle ? `<p class="subtitle">${inline(doc.subtitle)}</p>` : ''}
${body}
</body>
</html>
`;
}

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h${block.level + 1}>${inline(block.text)}</h${block.level + 1}>`;
    case 'paragraph':
      return `<p>${inline(block.text)}</p>`;
    case 'note':
      return `<div class="note">${inline(block.text)}</div>`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      return `<${tag}>${block.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${tag}>`;
    }
    case 'table': {
      const cls = (i: number) => (block.align?.[i] === 'right' ? ' class="num"' : '');
      const head = block.head.map((c, i) => `<th${cls(i)}>${inline(c)}</th>`).join('');
      const rows = block.rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${mark(inline(c))}</td>`).join('')}</tr>`).join('\n');
      return `<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
    }
    case 'chart':
      return `<figure class="chart" role="img" aria-label="${escapeHtml(block.alt)}">${block.svg}</figure>`;
    case 'diff':
      return `<pre class="diff">${block.lines
        .map((l) => `<span${l.op === '+' ? ' class="add"' : l.op === '-' ? ' class="del"' : ''}>${escapeHtml(`${l.op}${l.text}`)}</span>`)
        .join('')}</pre>`;
  }
}

/** Colours the ✓ / ✗ verdicts in table cells. */
function mark(cell: string): string {
  return cell.replace(/^✓/, '<span class="met">✓</span>').replace(/^✗/, '<span class="missed">✗</span>');
}
