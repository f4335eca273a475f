/**
 * Which rows fit the model and which judge it: a fixed split from a file (`row,set`, row = data
 * row number after the header, 1-based; set = train or test), or a stratified random split with
 * a seed, so the same command gives the same figures.
 */
import { readFile } from 'node:fs/promises';
import { seededRandom } from '../demo/generator.js';
import { BatonError } from '../errors/baton-error.js';

export interface Split {
  train: Int32Array;
  test: Int32Array;
  /** How the split was made, for the report. */
  description: string;
}

/** Splits `rows` so that each outcome class sends the same share to the second part. */
export function stratifiedSplit(rows: ArrayLike<number>, y: Uint8Array, share: number, seed: number): { first: Int32Array; second: Int32Array } {
  const random = seededRandom(seed);
  const first: number[] = [];
  const second: number[] = [];
  for (const label of [0, 1]) {
    const members: number[] = [];
    for (let i = 0; i < rows.length; i++) if (y[rows[i]!] === label) members.push(rows[i]!);
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    const take = Math.round(members.length * share);
    second.push(...members.slice(0, take));
    first.push(...members.slice(take));
  }
  const sorted = (list: number[]) => Int32Array.from(list.sort((a, b) => a - b));
  return { first: sorted(first), second: sorted(second) };
}

export function randomSplit(y: Uint8Array, seed: number, testShare = 0.25): Split {
  const all = Int32Array.from({ length: y.length }, (_, i) => i);
  const { first, second } = stratifiedSplit(all, y, testShare, seed);
  return { train: first, test: second, description: `stratified random split, ${Math.round(testShare * 100)} % held out, seed ${seed}` };
}

/**
 * Reads a split file. `rowOf` maps a data row number (1-based, as in the file) to the index of
 * that row in the history, or -1 when the history left the row out (no outcome): such rows are skipped.
 */
export async function readSplitFile(
  file: string,
  rowCount: number,
  rowOf: (dataRow: number) => number,
  dataRowOf: (index: number) => number,
): Promise<Split> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new BatonError('invalid_request', `--split: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(/[,;\t]/).map((h) => h.trim().toLowerCase());
  const rowColumn = header.indexOf('row');
  const setColumn = header.indexOf('set');
  if (rowColumn < 0 || setColumn < 0) {
    throw new BatonError('invalid_request', `${file} line 1: expected the columns "row" and "set" (got: ${lines[0] ?? ''}).`);
  }
  const assigned = new Int8Array(rowCount).fill(-1);
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const cells = line.split(/[,;\t]/);
    const dataRow = Number(cells[rowColumn]);
    const set = cells[setColumn]?.trim().toLowerCase();
    if (!Number.isInteger(dataRow) || dataRow < 1) throw new BatonError('invalid_request', `${file} line ${i + 1}: row "${cells[rowColumn] ?? ''}" is not a row number (1 = the first data row).`);
    if (set !== 'train' && set !== 'test') throw new BatonError('invalid_request', `${file} line ${i + 1}: set "${cells[setColumn] ?? ''}" should be train or test.`);
    const index = rowOf(dataRow);
    if (index === -2) throw new BatonError('invalid_request', `${file} line ${i + 1}: row ${dataRow} is past the end of the history.`);
    if (index < 0) continue;
    if (assigned[index] !== -1) throw new BatonError('invalid_request', `${file} line ${i + 1}: row ${dataRow} is listed twice.`);
    assigned[index] = set === 'train' ? 0 : 1;
    (set === 'train' ? train : test).push(index);
  }
  const missing = assigned.indexOf(-1);
  if (missing >= 0) throw new BatonError('invalid_request', `${file}: the split does not say which set data row ${dataRowOf(missing)} is in; list every row.`);
  if (train.length === 0 || test.length === 0) throw new BatonError('invalid_request', `${file}: the split needs both train and test rows.`);
  return { train: Int32Array.from(train.sort((a, b) => a - b)), test: Int32Array.from(test.sort((a, b) => a - b)), description: `fixed split from ${file}` };
}
