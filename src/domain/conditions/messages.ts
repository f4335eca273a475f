/**
 * Wording shared by the tokenizer and the parser. Messages are read by whoever edits the
 * policy file, often not a programmer, so each one names where the problem is, what was
 * expected there and, when a near miss is likely, what they probably meant.
 */

/**
 * Raised inside the tokenizer and parser and caught by `compileCondition`, which turns it into
 * `{ ok: false, error }`. An exception keeps the recursive descent readable; it never escapes
 * this folder.
 */
export class ConditionSyntaxError extends Error {
  override readonly name = 'ConditionSyntaxError';
}

/**
 * "column 14", or "line 2, column 3" when the condition spans lines (a YAML block scalar).
 * Columns are 1-based, as an editor shows them.
 */
export function where(source: string, index: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = index - lineStart + 1;
  return source.trim().includes('\n') ? `line ${line}, column ${column}` : `column ${column}`;
}

/** The closest candidate within two edits (for "did you mean"), if any is that close. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate);
    // A one-letter word is two edits away from every two-letter keyword: too noisy to suggest.
    if (distance < bestDistance && distance < lower.length) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Edit distance where swapping two neighbours counts as one edit ("adn" is one from "and"). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}
