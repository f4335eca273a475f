/**
 * Where a setting sits in the YAML text: turns a path such as `["pools", "smb", "members", 1]`
 * into the line and column of its node, so every problem found after parsing (by the schema or
 * by the reference checks) points at the exact place to edit.
 */
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { PolicyPath } from './errors.js';

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface SourceMap {
  /** The node at `path`, or its nearest ancestor that exists (a missing key points at its map). */
  at(path: PolicyPath): Position;
  /** The key of the entry at `path` (where `colour:` is written), or `at(path)` if there is none. */
  atKey(path: PolicyPath): Position;
  /** Whether the file itself writes a value at `path` (as opposed to a default filling it in). */
  has(path: PolicyPath): boolean;
  /** The path of the deepest node that contains a character offset (for YAML syntax errors). */
  pathAt(offset: number): PolicyPath;
  position(offset: number): Position;
}

export function createSourceMap(doc: Document, lineCounter: LineCounter, text: string): SourceMap {
  const position = (offset: number): Position => {
    const { line } = lineCounter.linePos(offset);
    const lineStart = lineCounter.lineStarts[line - 1] ?? 0;
    // Count code points, not UTF-16 units, so "Zoë 🚀" before the value does not shift the column.
    return { line, column: Array.from(text.slice(lineStart, offset)).length + 1 };
  };
  const nodeAt = (path: PolicyPath): Node | undefined => {
    if (path.length === 0) return (doc.contents as Node | null) ?? undefined;
    const node = doc.getIn(path as unknown[], true);
    return node && typeof node === 'object' && 'range' in node ? (node as Node) : undefined;
  };
  const at = (path: PolicyPath): Position => {
    for (let depth = path.length; depth >= 0; depth--) {
      const range = nodeAt(path.slice(0, depth))?.range;
      if (range) return position(range[0]);
    }
    return { line: 1, column: 1 };
  };
  const atKey = (path: PolicyPath): Position => {
    const parent = nodeAt(path.slice(0, -1));
    const last = path.at(-1);
    if (isMap(parent)) {
      for (const pair of parent.items) {
        const key = pair.key;
        if (isScalar(key) && String(key.value) === String(last) && key.range) return position(key.range[0]);
      }
    }
    return at(path);
  };
  const pathAt = (offset: number): PolicyPath => {
    const path: PropertyKey[] = [];
    let node: unknown = doc.contents;
    walk: while (node) {
      if (isMap(node)) {
        for (const pair of node.items) {
          const keyRange = isScalar(pair.key) ? pair.key.range : undefined;
          const valueRange = (pair.value as Node | null)?.range;
          const start = keyRange?.[0] ?? valueRange?.[0];
          const end = valueRange?.[2] ?? keyRange?.[2];
          if (start !== undefined && end !== undefined && start <= offset && offset <= end) {
            path.push(isScalar(pair.key) ? String(pair.key.value) : '?');
            node = pair.value;
            continue walk;
          }
        }
      } else if (isSeq(node)) {
        for (const [index, item] of node.items.entries()) {
          const range = (item as Node | null)?.range;
          if (range && range[0] <= offset && offset <= range[2]) {
            path.push(index);
            node = item;
            continue walk;
          }
        }
      }
      break;
    }
    return path;
  };
  const has = (path: PolicyPath): boolean => doc.hasIn(path as unknown[]);
  return { at, atKey, has, pathAt, position };
}
