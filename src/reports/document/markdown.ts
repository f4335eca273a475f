/** Renders a report Document as GitHub-flavoured Markdown. */
import type { Block, Document } from './blocks.js';

export function renderMarkdown(doc: Document): string {
  const out: string[] = [`# ${doc.title}`, ''];
  if (doc.subtitle) out.push(`_${doc.subtitle}_`, '');
  for (const block of doc.blocks) out.push(...blockLines(block), '');
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function blockLines(block: Block): string[] {
  switch (block.kind) {
    case 'heading':
      return [`${'#'.repeat(block.level + 1)} ${block.text}`];
    case 'paragraph':
      return [block.text];
    case 'note':
      return [`> ${block.text}`];
    case 'list':
      return block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '-'} ${item}`);
    case 'table': {
      const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
      const align = block.head.map((_, i) => (block.align?.[i] === 'right' ? '---:' : '---'));
      return [`| ${block.head.map(cell).join(' | ')} |`, `| ${align.join(' | ')} |`, ...block.rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
    }
    case 'chart':
      return [`_Chart: ${block.alt}_`];
    case 'diff':
      return ['```diff', ...block.lines.map((l) => `${l.op}${l.text}`), '```'];
  }
}
