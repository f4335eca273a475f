/** Turns zod issues into field issues a person can act on: path, what was expected, what came. */
import type { z } from 'zod';
import type { FieldIssue } from './baton-error.js';

export function fieldIssues(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: joinPath(prefix, [...issue.path, key]),
          message: 'unknown field; put free-form data in "answers" or an event\'s "properties"',
        }))
      : [{ path: joinPath(prefix, issue.path), message: describe(issue) }],
  );
}

export function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(body)';
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `required: expected ${issue.expected}` : `expected ${issue.expected}, got ${typeName(issue.input)}`;
    case 'too_big':
      return issue.message;
    case 'invalid_union':
      return 'expected a string, a number or a boolean';
    default:
      return issue.message;
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
