/**
 * Builds a closure from a condition tree. Path splitting, lower-casing of constants, number
 * sets and regex sanitising happen here, once per node, so that running the closure per lead
 * only reads the subject and compares. See evaluate.ts for the semantics.
 */
import type { ConditionNode, ConditionSubject } from './condition.js';
import {
  equalsAnyOf,
  isMissing,
  isTruthy,
  normalizeText,
  numberFrom,
  resolverFor,
  someItem,
  textOf,
} from './values.js';

export type Predicate = (subject: ConditionSubject) => boolean;

export function predicateFor(node: ConditionNode): Predicate {
  switch (node.op) {
    case 'and': {
      const parts = node.args.map(predicateFor);
      return (subject) => {
        for (const part of parts) if (!part(subject)) return false;
        return true;
      };
    }
    case 'or': {
      const parts = node.args.map(predicateFor);
      return (subject) => {
        for (const part of parts) if (part(subject)) return true;
        return false;
      };
    }
    case 'not': {
      const inner = predicateFor(node.arg);
      return (subject) => !inner(subject);
    }
    case 'const': {
      const value = node.value;
      return () => value;
    }
    case 'truthy': {
      const read = resolverFor(node.field);
      return (subject) => isTruthy(read(subject));
    }
    case 'exists': {
      const read = resolverFor(node.field);
      return (subject) => !isMissing(read(subject));
    }
    case 'missing': {
      const read = resolverFor(node.field);
      return (subject) => isMissing(read(subject));
    }
    case 'eq':
    case 'ne':
    case 'in':
    case 'not_in': {
      const read = resolverFor(node.field);
      const equals = equalsAnyOf('values' in node ? node.values : [node.value]);
      // `!=` and `not in` are exactly the negations, which is why they hold for a missing field.
      if (node.op === 'ne' || node.op === 'not_in') return (subject) => !equals(read(subject));
      return (subject) => equals(read(subject));
    }
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      const limit = numberFrom(node.value);
      if (limit === undefined) return () => false;
      return numeric(node.field, compareWith(node.op, limit));
    }
    case 'between': {
      const { low, high } = node;
      return numeric(node.field, (n) => n >= low && n <= high);
    }
    case 'matches':
      return textual(node.field, statelessPattern(node.pattern));
    case 'glob':
      return textual(node.field, node.pattern);
    case 'contains': {
      const needle = node.value.toLowerCase();
      return textual(node.field, { test: (text) => normalizeText(text).includes(needle) });
    }
    case 'starts_with': {
      const needle = node.value.toLowerCase();
      return textual(node.field, { test: (text) => normalizeText(text).startsWith(needle) });
    }
    case 'ends_with': {
      const needle = node.value.toLowerCase();
      return textual(node.field, { test: (text) => normalizeText(text).endsWith(needle) });
    }
  }
}

function compareWith(op: 'lt' | 'le' | 'gt' | 'ge', limit: number): (n: number) => boolean {
  switch (op) {
    case 'lt':
      return (n) => n < limit;
    case 'le':
      return (n) => n <= limit;
    case 'gt':
      return (n) => n > limit;
    case 'ge':
      return (n) => n >= limit;
  }
}

/** Ordering holds only for numbers and numeric strings; anything else (or missing) is false. */
function numeric(field: string, holds: (n: number) => boolean): Predicate {
  const read = resolverFor(field);
  const test = (value: unknown): boolean => {
    const n = numberFrom(value);
    return n !== undefined && holds(n);
  };
  return (subject) => someItem(read(subject), test);
}

function textual(field: string, pattern: { test(text: string): boolean }): Predicate {
  const read = resolverFor(field);
  const test = (value: unknown): boolean => {
    const text = textOf(value);
    return text !== undefined && pattern.test(text);
  };
  return (subject) => someItem(read(subject), test);
}

/** A tree built by hand may carry /g or /y, which would make `test` depend on the previous lead. */
function statelessPattern(pattern: RegExp): RegExp {
  return pattern.global || pattern.sticky ? new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')) : pattern;
}
