/**
 * How subject values are read and coerced. Everything that can be worked out from the condition
 * alone (path segments, lower-cased constants, number sets) is done once when a predicate is
 * built, so these run per lead with no parsing of the condition and few allocations.
 */
import type { ConditionSubject, Scalar } from './condition.js';

export type Resolve = (subject: ConditionSubject) => unknown;

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Reads a dotted path through nested objects. A key that Object or Array inherit (`constructor`,
 * `toString`, `map`…) counts only as an own property, so it is missing rather than a function.
 * Other keys are read directly: reading `company.size` with ownership checks took 35 ns against
 * 16 ns without (Node 20.20, 20M-iteration loop), as much as the rest of a comparison.
 */
export function resolverFor(path: string): Resolve {
  const keys = path.split('.');
  const inherited = keys.some((key) => key in Object.prototype || key in Array.prototype);
  if (keys.length === 1 && !inherited) {
    const key = keys[0]!;
    return (subject) => subject[key];
  }
  if (keys.length === 2 && !inherited) {
    const [outer, inner] = keys as [string, string];
    return (subject) => {
      const parent = subject[outer];
      return parent !== null && typeof parent === 'object' ? (parent as Record<string, unknown>)[inner] : undefined;
    };
  }
  return (subject) => {
    let current: unknown = subject;
    for (const key of keys) {
      if (current === null || typeof current !== 'object') return undefined;
      if (inherited && !hasOwn.call(current, key)) return undefined;
      current = (current as Record<string, unknown>)[key];
    }
    return current;
  };
}

export function isMissing(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

/** The form string comparisons use: "  ACME " and "acme" are the same company. */
export function normalizeText(text: string): string {
  return text.trim().toLowerCase();
}

/** "25", " 25 ", "2.5" → number; "", "25 employees", "1,000" → undefined. */
export function numericText(text: string): number | undefined {
  // Number() already ignores surrounding spaces; only "" and "  " (which it reads as 0) need a look.
  const number = Number(text);
  if (!Number.isFinite(number)) return undefined;
  return number === 0 && text.trim() === '' ? undefined : number;
}

/** A number, or a string that holds one: what `<`, `>` and `between` accept. */
export function numberFrom(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (typeof value === 'string') return numericText(value);
  return undefined;
}

/** Form answers arrive as "yes"/"no" as often as true/false. Expects normalized text. */
export function booleanWord(normalized: string): boolean | undefined {
  if (normalized === 'true' || normalized === 'yes') return true;
  if (normalized === 'false' || normalized === 'no') return false;
  return undefined;
}

/** The text `matches`, `like` and `contains` look at; objects have none worth matching. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function isTruthy(value: unknown): boolean {
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'number':
      return value !== 0 && !Number.isNaN(value);
    case 'string': {
      const text = normalizeText(value);
      return text !== '' && text !== 'false' && text !== 'no' && text !== '0';
    }
    case 'object':
      return value !== null && (!Array.isArray(value) || value.length > 0);
    default:
      return false;
  }
}

/** A list value (a multi-select answer) matches when any of its items does. */
export function someItem(value: unknown, test: (item: unknown) => boolean): boolean {
  if (!Array.isArray(value)) return test(value);
  for (const item of value) if (test(item)) return true;
  return false;
}

/**
 * The test behind `=` and `in`: does a subject value equal any of these constants?
 * `=` is `in` with one value, so both follow exactly the same coercions.
 */
export function equalsAnyOf(constants: readonly Scalar[]): (value: unknown) => boolean {
  const texts = new Set<string>();
  const numbers = new Set<number>();
  let matchesMissing = false;
  // A boolean constant matches the words "true"/"yes"/"false"/"no" as well as booleans…
  let trueConstant = false;
  let falseConstant = false;
  // …and a boolean subject value matches those words written as constants too.
  let trueForBoolean = false;
  let falseForBoolean = false;
  for (const constant of constants) {
    if (constant === null) {
      matchesMissing = true;
    } else if (typeof constant === 'boolean') {
      if (constant) trueConstant = trueForBoolean = true;
      else falseConstant = falseForBoolean = true;
    } else if (typeof constant === 'number') {
      numbers.add(constant);
    } else {
      const text = normalizeText(constant);
      texts.add(text);
      const number = numericText(text);
      if (number !== undefined) numbers.add(number);
      const flag = booleanWord(text);
      if (flag === true) trueForBoolean = true;
      if (flag === false) falseForBoolean = true;
    }
  }
  const hasNumbers = numbers.size > 0;
  const hasBooleans = trueConstant || falseConstant;

  const matchesOne = (value: unknown): boolean => {
    switch (typeof value) {
      case 'string': {
        const text = normalizeText(value);
        if (texts.has(text)) return true;
        if (hasNumbers) {
          const number = numericText(text);
          if (number !== undefined && numbers.has(number)) return true;
        }
        if (hasBooleans) {
          const flag = booleanWord(text);
          return flag === true ? trueConstant : flag === false ? falseConstant : false;
        }
        return false;
      }
      case 'number':
        return numbers.has(value);
      case 'boolean':
        return value ? trueForBoolean : falseForBoolean;
      default:
        return false;
    }
  };
  return (value) => (isMissing(value) ? matchesMissing : someItem(value, matchesOne));
}
