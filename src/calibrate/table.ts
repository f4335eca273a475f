/**
 * A history file read into memory: its header and its rows as text, each with the file line it
 * came from so that every later message can point at the cell to fix. The field delimiter is
 * sniffed from the header (",", ";", tab or "|") unless given.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { BatonError } from '../errors/baton-error.js';

export interface Table {
  file: string;
  columns: string[];
  rows: string[][];
  /** File line (1-based) of each row, for messages. */
  lines: number[];
}

export interface ReadProgress {
  start(totalBytes: number): void;
  update(bytesRead: number, rows: number): void;
  stop(): void;
}

const DELIMITERS = [',', ';', '\t', '|'];

/** The delimiter that splits the header line into the most fields (quotes respected). */
export function sniffDelimiter(headerLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    let count = 0;
    let quoted = false;
    for (const ch of headerLine) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch === delimiter) count++;
    }
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

async function firstLine(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').split(/\r?\n/, 1)[0] ?? '';
  } finally {
    await handle.close();
  }
}

export async function readTable(file: string, options: { delimiter?: string; progress?: ReadProgress } = {}): Promise<Table> {
  let total: number;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new BatonError('invalid_request', `${file} is a folder; expected a CSV file with a header row.`);
    total = info.size;
  } catch (error) {
    if (error instanceof BatonError) throw error;
    throw new BatonError('invalid_request', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const delimiter = options.delimiter ?? sniffDelimiter(await firstLine(file));
  const stream = createReadStream(file);
  let bytes = 0;
  stream.on('data', (chunk) => (bytes += chunk.length));
  const parser = stream.pipe(parse({ bom: true, delimiter, skip_empty_lines: true, relax_column_count: true, info: true }));
  const table: Table = { file, columns: [], rows: [], lines: [] };
  options.progress?.start(total);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (table.columns.length === 0) {
        table.columns = record.map((c) => c.trim());
        continue;
      }
      if (record.length !== table.columns.length) {
        throw new BatonError(
          'invalid_request',
          `${file} line ${info.lines}: expected ${table.columns.length} fields (as in the header), found ${record.length}. Check the delimiter (read as ${JSON.stringify(delimiter)}; set one with --delimiter).`,
        );
      }
      table.rows.push(record);
      table.lines.push(info.lines);
      if (table.rows.length % 2000 === 0) options.progress?.update(bytes, table.rows.length);
    }
  } catch (error) {
    const csvError = error as { code?: string; lines?: number; message: string };
    if (csvError.code?.startsWith('CSV_')) {
      throw new BatonError('invalid_request', `${file} line ${csvError.lines ?? '?'}: the CSV is malformed (${csvError.message}).`);
    }
    throw error;
  } finally {
    options.progress?.update(total, table.rows.length);
    options.progress?.stop();
  }
  if (table.columns.length === 0 || table.rows.length === 0) {
    throw new BatonError('invalid_request', `${file} has no data: expected a header row and at least one data row.`);
  }
  const seen = new Set<string>();
  for (const column of table.columns) {
    if (seen.has(column)) throw new BatonError('invalid_request', `${file} line 1: the column "${column}" appears twice in the header; rename one.`);
    seen.add(column);
  }
  return table;
}

export function columnIndex(table: Table, column: string, option: string): number {
  const index = table.columns.indexOf(column);
  if (index < 0) {
    throw new BatonError('invalid_request', `${option} names the column "${column}", which ${table.file} does not have (line 1 has: ${table.columns.join(', ')}).`);
  }
  return index;
}
