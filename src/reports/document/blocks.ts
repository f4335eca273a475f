/**
 * A small document model that reports are written in once and rendered twice: Markdown for
 * review in a pull request or wiki, self-contained HTML for reading, printing and signing.
 * Inline text may use `code` and **strong**; everything else is escaped.
 */
export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[]; ordered?: boolean }
  | { kind: 'table'; head: string[]; rows: string[][]; align?: ('left' | 'right')[] }
  /** An inline SVG chart; Markdown shows `alt` (the same figures are in a table next to it). */
  | { kind: 'chart'; svg: string; alt: string }
  | { kind: 'diff'; lines: { op: ' ' | '+' | '-'; text: string }[] }
  | { kind: 'note'; text: string };

export interface Document {
  title: string;
  /** One line under the title: version, period, when it was made. */
  subtitle?: string;
  blocks: Block[];
}

export const h = (level: 1 | 2 | 3, text: string): Block => ({ kind: 'heading', level, text });
export const p = (text: string): Block => ({ kind: 'paragraph', text });
export const list = (items: string[], ordered = false): Block => ({ kind: 'list', items, ordered });
export const table = (head: string[], rows: string[][], align?: ('left' | 'right')[]): Block => ({ kind: 'table', head, rows, ...(align ? { align } : {}) });
export const note = (text: string): Block => ({ kind: 'note', text });
