/**
 * Splits a condition into tokens. Words cover field paths, keywords and bare values alike
 * (`company.size`, `between`, `enterprise-na`); the parser decides which is which by position.
 * A `/` always starts a regular expression: nothing else in the language uses it, so glob
 * patterns such as "/pricing*" must be quoted.
 */
import { ConditionSyntaxError, where } from './messages.js';

export type Token =
  | { readonly kind: 'word'; readonly text: string; readonly start: number; readonly lower: string }
  | { readonly kind: 'number'; readonly text: string; readonly start: number; readonly value: number }
  | { readonly kind: 'string'; readonly text: string; readonly start: number; readonly value: string }
  | { readonly kind: 'regex'; readonly text: string; readonly start: number; readonly body: string; readonly flags: string }
  | { readonly kind: 'operator'; readonly text: ComparisonOperator; readonly start: number }
  | { readonly kind: 'punctuation'; readonly text: '(' | ')' | '[' | ']' | ','; readonly start: number }
  | { readonly kind: 'end'; readonly text: ''; readonly start: number };

export type ComparisonOperator = '=' | '==' | '!=' | '<' | '<=' | '>' | '>=';

const OPERATORS: ReadonlySet<string> = new Set(['=', '==', '!=', '<', '<=', '>', '>=']);

/** What people coming from SQL, JavaScript or spreadsheets type instead. */
const OPERATOR_SUGGESTIONS: Readonly<Record<string, string>> = {
  '=>': '>=',
  '=<': '<=',
  '===': '=',
  '!==': '!=',
  '=!': '!=',
  '<>': '!=',
  '!': 'not',
  '&': 'and',
  '&&': 'and',
  '|': 'or',
  '||': 'or',
  '~': 'matches',
  '=~': 'matches',
  '!~': 'not matches',
};

const OPERATOR_CHAR = /[=!<>&|~]/;
const WORD_START = /[\p{L}\p{N}_]/u;
/** `.` joins path segments, `-` and `@` appear in bare values such as enterprise-na or a@b.com. */
const WORD_PART = /[\p{L}\p{N}_.\-@]/u;
const NUMBER = /^-?\d+(?:\.\d+)?$/;
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r' };

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === '[' || ch === ']' || ch === ',') {
      tokens.push({ kind: 'punctuation', text: ch, start: i });
      i++;
    } else if (ch === '"' || ch === "'") {
      i = readString(source, i, tokens);
    } else if (ch === '/') {
      i = readRegex(source, i, tokens);
    } else if (OPERATOR_CHAR.test(ch)) {
      i = readOperator(source, i, tokens);
    } else if (WORD_START.test(ch) || (ch === '-' && /\d/.test(source[i + 1] ?? ''))) {
      i = readWord(source, i, tokens);
    } else {
      throw new ConditionSyntaxError(
        `unexpected character "${ch}" at ${where(source, i)}; put text with symbols in quotes, e.g. "${ch}…"`,
      );
    }
  }
  tokens.push({ kind: 'end', text: '', start: source.trimEnd().length });
  return tokens;
}

function readWord(source: string, start: number, tokens: Token[]): number {
  let end = start + 1;
  while (end < source.length && WORD_PART.test(source[end]!)) end++;
  const text = source.slice(start, end);
  if (NUMBER.test(text)) tokens.push({ kind: 'number', text, start, value: Number(text) });
  else tokens.push({ kind: 'word', text, start, lower: text.toLowerCase() });
  return end;
}

function readOperator(source: string, start: number, tokens: Token[]): number {
  let end = start;
  while (end < source.length && OPERATOR_CHAR.test(source[end]!)) end++;
  const text = source.slice(start, end);
  if (OPERATORS.has(text)) {
    tokens.push({ kind: 'operator', text: text as ComparisonOperator, start });
    return end;
  }
  const suggestion = OPERATOR_SUGGESTIONS[text];
  throw new ConditionSyntaxError(
    suggestion
      ? `unknown operator "${text}" at ${where(source, start)}; did you mean "${suggestion}"?`
      : `unknown operator "${text}" at ${where(source, start)}; use one of =, !=, <, <=, >, >=`,
  );
}

function readString(source: string, start: number, tokens: Token[]): number {
  const quote = source[start]!;
  let value = '';
  let i = start + 1;
  while (i < source.length && source[i] !== quote) {
    if (source[i] === '\\' && i + 1 < source.length) {
      const escaped = source[i + 1]!;
      const hex = escaped === 'u' ? /^[0-9a-fA-F]{4}/.exec(source.slice(i + 2, i + 6)) : null;
      if (hex) {
        value += String.fromCharCode(parseInt(hex[0], 16));
        i += 6;
      } else {
        // Like JavaScript: \n, \t, \r are control characters, any other escaped character is itself.
        value += ESCAPES[escaped] ?? escaped;
        i += 2;
      }
    } else {
      value += source[i];
      i++;
    }
  }
  if (i >= source.length) {
    throw new ConditionSyntaxError(
      `at ${where(source, start)}: the text starting with ${quote} is never closed; add a closing ${quote}`,
    );
  }
  tokens.push({ kind: 'string', text: source.slice(start, i + 1), start, value });
  return i + 1;
}

function readRegex(source: string, start: number, tokens: Token[]): number {
  let i = start + 1;
  let inClass = false;
  // A "/" inside [...] or after a backslash does not end the expression, as in JavaScript.
  while (i < source.length && source[i] !== '\n' && (inClass || source[i] !== '/')) {
    if (source[i] === '\\') i++;
    else if (source[i] === '[') inClass = true;
    else if (source[i] === ']') inClass = false;
    i++;
  }
  if (i >= source.length || source[i] !== '/') {
    throw new ConditionSyntaxError(
      `at ${where(source, start)}: the regular expression starting with "/" has no closing "/"` +
        '; to compare with text that starts with "/", put it in quotes, e.g. "/pricing*"',
    );
  }
  const body = source.slice(start + 1, i);
  let end = i + 1;
  while (end < source.length && /[a-z]/i.test(source[end]!)) end++;
  tokens.push({ kind: 'regex', text: source.slice(start, end), start, body, flags: source.slice(i + 1, end) });
  return end;
}
