/**
 * Line diff of two policy sources (longest common subsequence), with the unchanged lines away
 * from any change folded, as reviewers read diffs. Policy files are a few hundred lines, so the
 * quadratic table is small (300 × 300 lines: 90,000 cells).
 */
export interface DiffLine {
  op: ' ' | '+' | '-';
  text: string;
  /** Line numbers in the old and new text (1-based), where the line exists. */
  old?: number;
  new?: number;
}

export interface LineDiff {
  added: number;
  removed: number;
  lines: DiffLine[];
}

export function lineDiff(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: common lines of a[i..] and b[j..], row-major in one array.
  const lcs = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[at(i, j)] = a[i] === b[j] ? lcs[at(i + 1, j + 1)]! + 1 : Math.max(lcs[at(i + 1, j)]!, lcs[at(i, j + 1)]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push({ op: ' ', text: a[i]!, old: i + 1, new: j + 1 });
      i++;
      j++;
    } else if (i < n && (j === m || lcs[at(i + 1, j)]! >= lcs[at(i, j + 1)]!)) {
      // Removals before additions, as in unified diffs.
      out.push({ op: '-', text: a[i]!, old: i + 1 });
      i++;
    } else {
      out.push({ op: '+', text: b[j]!, new: j + 1 });
      j++;
    }
  }
  return out;
}

/** Only the changes with `context` unchanged lines around each (Default: 3); a folded run becomes one "…" line. */
export function foldedDiff(before: string, after: string, context = 3): LineDiff {
  const all = lineDiff(before, after);
  const near = new Array<boolean>(all.length).fill(false);
  all.forEach((line, k) => {
    if (line.op === ' ') return;
    for (let d = Math.max(0, k - context); d <= Math.min(all.length - 1, k + context); d++) near[d] = true;
  });
  const lines: DiffLine[] = [];
  all.forEach((line, k) => {
    if (near[k]) lines.push(line);
    else if (k === 0 || near[k - 1]) lines.push({ op: ' ', text: '…' });
  });
  return { added: all.filter((l) => l.op === '+').length, removed: all.filter((l) => l.op === '-').length, lines };
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  return text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
}
