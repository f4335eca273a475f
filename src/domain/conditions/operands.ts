/**
 * Readers for what follows an operator: values, lists, numbers, regular expressions and text.
 * Each reads from the cursor and explains, in the author's terms, what it expected instead.
 */
import type { Scalar } from './condition.js';
import { describe, type TokenCursor } from './cursor.js';
import type { Token } from './tokenize.js';
import { numericText } from './values.js';

export interface ReadValue {
  readonly value: Scalar;
  readonly token: Token;
}

const REGEX_FLAGS = 'dgimsuvy';

/** number, "quoted" or 'quoted' text, a bare word (US, enterprise-na), true, false or null. */
export function readValue(cursor: TokenCursor, after: Token): ReadValue {
  const token = cursor.next();
  cursor.lastValue = token;
  if (token.kind === 'number' || token.kind === 'string') return { value: token.value, token };
  // "and"/"or" here almost always mean the value was forgotten: `a = and b = 1`.
  if (token.kind === 'word' && token.lower !== 'and' && token.lower !== 'or') {
    if (token.lower === 'true' || token.lower === 'false') return { value: token.lower === 'true', token };
    return { value: token.lower === 'null' ? null : token.text, token };
  }
  const hint =
    token.kind === 'regex' ? '; to test a pattern, use matches'
    : token.text === '[' && after.kind === 'operator' ? '; to compare with a list, use in [...]'
    : '';
  throw cursor.fail(token, `expected a value after ${describe(after)}, got ${describe(token)}${hint}`);
}

/** A value that must be a number (a quoted "200" is accepted too). */
export function readNumber(cursor: TokenCursor, after: Token, expected: string, hint: string): number {
  const { value, token } = readValue(cursor, after);
  const number = typeof value === 'number' ? value : typeof value === 'string' ? numericText(value) : undefined;
  if (number === undefined) throw cursor.fail(token, `${expected} ${describe(token)}${hint}`);
  return number;
}

/** `[a, b, "c d"]`, or `(a, b)` as SQL writes it; a trailing comma is fine, an empty list is not. */
export function readList(cursor: TokenCursor, after: Token): Scalar[] {
  const open = cursor.next();
  if (open.kind !== 'punctuation' || (open.text !== '[' && open.text !== '(')) {
    throw cursor.fail(open, `expected a list such as [US, CA] after "${after.text}", got ${describe(open)}`);
  }
  const close = open.text === '[' ? ']' : ')';
  if (isPunctuation(cursor.peek(), close)) {
    throw cursor.fail(open, `the list is empty; put at least one value between ${open.text} and ${close}`);
  }
  const values: Scalar[] = [];
  let previous: Token = open;
  for (;;) {
    values.push(readValue(cursor, previous).value);
    const separator = cursor.next();
    if (isPunctuation(separator, close)) return values;
    if (isPunctuation(separator, ',')) {
      if (isPunctuation(cursor.peek(), close)) {
        cursor.next();
        return values;
      }
      previous = separator;
      continue;
    }
    throw cursor.fail(
      separator,
      `expected "," or "${close}" in the list opened at ${cursor.where(open)}, got ${describe(separator)}${cursor.joinHint(separator)}`,
    );
  }
}

export function readRegex(cursor: TokenCursor, after: Token): RegExp {
  const token = cursor.next();
  if (token.kind !== 'regex') {
    throw cursor.fail(token, `expected a regular expression such as /vp|head/i after "${after.text}", got ${describe(token)}`);
  }
  if (token.body === '') {
    throw cursor.fail(token, 'the regular expression is empty; write a pattern between the slashes, e.g. /vp|head/i');
  }
  const unknown = [...token.flags].find((flag) => !REGEX_FLAGS.includes(flag));
  if (unknown) throw cursor.fail(token, `unknown flag "${unknown}" in ${token.text}; use i to ignore case, e.g. /vp|head/i`);
  // g and y make RegExp#test remember where it stopped, so one lead's result would change the next one's.
  const flags = token.flags.replace(/[gy]/g, '');
  try {
    return new RegExp(token.body, flags);
  } catch (error) {
    // V8 says "Invalid regular expression: /(/: Unterminated group"; the last part is the useful one.
    const reason = error instanceof Error ? error.message.split(': ').pop() : String(error);
    throw cursor.fail(token, `${token.text} is not a valid regular expression: ${reason}`);
  }
}

/** Text for like/contains/starts with/ends with: quoted, or a bare word or number as written. */
export function readText(cursor: TokenCursor, after: Token, expected: string, nonEmpty: boolean): string {
  const token = cursor.next();
  if (token.kind === 'regex') {
    throw cursor.fail(token, `expected ${expected} after "${after.text}", got ${describe(token)}; for a regular expression, use matches`);
  }
  if (token.kind !== 'string' && token.kind !== 'word' && token.kind !== 'number') {
    throw cursor.fail(token, `expected ${expected} after "${after.text}", got ${describe(token)}`);
  }
  const text = token.kind === 'string' ? token.value : token.text;
  if (nonEmpty && text === '') throw cursor.fail(token, `"${after.text}" needs some text; "" would match everything`);
  return text;
}

function isPunctuation(token: Token, text: string): boolean {
  return token.kind === 'punctuation' && token.text === text;
}
