/**
 * Recursive-descent parser for the condition language (keywords are case-insensitive):
 *   expr       := or
 *   or         := and ("or" and)*
 *   and        := unary ("and" unary)*
 *   unary      := "not" unary | "(" expr ")" | "true" | "false" | comparison
 *   comparison := field                                   -- truthy
 *               | field ("=" | "==" | "!=") value         -- "= null" means "is missing"
 *               | field ("<" | "<=" | ">" | ">=") number
 *               | field ["not"] "in" list                 -- list := "[" value ("," value)* [","] "]", or (…)
 *               | field ["not"] "between" number "and" number
 *               | field ["not"] "matches" /regex/flags
 *               | field ["not"] ("like" | "contains" | "starts" "with" | "ends" "with") text
 *               | field ["not"] "exists" | field "is" ["not"] ("set" | "missing" | "null")
 *   value      := number | "string" | 'string' | bare-word | true | false | null
 * `and` binds tighter than `or`; `not` tighter than both. The "and" after `between low` is part
 * of the between, so `size between 1 and 5 and paid` reads as `(size between 1 and 5) and paid`.
 */
import type { ConditionNode, Scalar } from './condition.js';
import { globToRegExp } from './glob.js';
import { ConditionSyntaxError, closest, where } from './messages.js';
import { tokenize, type ComparisonOperator, type Token } from './tokenize.js';
import { numericText } from './values.js';

export interface ParsedCondition {
  readonly root: ConditionNode;
  readonly fields: readonly string[];
}

type WordToken = Extract<Token, { kind: 'word' }>;

/** Deep enough for any real policy; shallow enough that recursion cannot exhaust the stack. */
const MAX_DEPTH = 64;
const FIELD_PATH = /^[\p{L}\p{N}_]+(?:\.[\p{L}\p{N}_]+)*$/u;
const OPERATOR_WORDS = ['in', 'not', 'between', 'matches', 'like', 'contains', 'starts', 'ends', 'exists', 'is'];
const NEGATABLE_WORDS = ['in', 'between', 'matches', 'like', 'contains', 'starts', 'ends', 'exists'];
const OPERATOR_LIST =
  '=, !=, <, <=, >, >=, in, not in, between, matches, like, contains, starts with, ends with, is set or is missing';
const COMPARISONS = { '=': 'eq', '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' } as const;
const REGEX_FLAGS = 'dgimsuvy';

export function parse(source: string): ParsedCondition {
  return new Parser(source, tokenize(source)).parseCondition();
}

class Parser {
  private index = 0;
  private depth = 0;
  private readonly fields = new Set<string>();
  /** The last value read, so "got Services" can suggest quoting "Financial Services". */
  private lastValue: Token | undefined;

  constructor(
    private readonly source: string,
    private readonly tokens: readonly Token[],
  ) {}

  parseCondition(): ParsedCondition {
    if (this.peek().kind === 'end') throw this.fail(this.peek(), 'the condition is empty; write one such as company.size >= 20');
    const root = this.parseOr();
    const next = this.peek();
    if (next.kind === 'punctuation' && next.text === ')') throw this.fail(next, '")" has no matching "("');
    if (next.kind !== 'end') {
      throw this.fail(next, `expected "and", "or" or the end of the condition, got ${describe(next)}${this.joinHint(next)}`);
    }
    return { root, fields: [...this.fields] };
  }

  private parseOr(): ConditionNode {
    const args = [this.parseAnd()];
    while (isWord(this.peek(), 'or')) {
      this.index++;
      args.push(this.parseAnd());
    }
    return args.length === 1 ? args[0]! : { op: 'or', args };
  }

  private parseAnd(): ConditionNode {
    const args = [this.parseUnary()];
    while (isWord(this.peek(), 'and')) {
      this.index++;
      args.push(this.parseUnary());
    }
    return args.length === 1 ? args[0]! : { op: 'and', args };
  }

  private parseUnary(): ConditionNode {
    const token = this.peek();
    if (isWord(token, 'not')) {
      this.index++;
      return { op: 'not', arg: this.nested(token, () => this.parseUnary()) };
    }
    if (token.kind === 'punctuation' && token.text === '(') {
      this.index++;
      const inner = this.nested(token, () => this.parseOr());
      const close = this.next();
      if (close.kind !== 'punctuation' || close.text !== ')') {
        const opened = where(this.source, token.start);
        throw this.fail(close, `expected "and", "or" or ")" to close the "(" at ${opened}, got ${describe(close)}${this.joinHint(close)}`);
      }
      return inner;
    }
    if (isWord(token, 'true') || isWord(token, 'false')) {
      this.index++;
      return { op: 'const', value: token.kind === 'word' && token.lower === 'true' };
    }
    return this.parseComparison();
  }

  private parseComparison(): ConditionNode {
    const token = this.next();
    const previous = this.tokens[this.index - 2];
    const after = previous ? ` after ${describe(previous)}` : '';
    if (token.kind !== 'word' || token.lower === 'and' || token.lower === 'or') {
      throw this.fail(token, `expected a field name such as company.size${after}, got ${describe(token)}`);
    }
    if (!FIELD_PATH.test(token.text)) {
      throw this.fail(token, `"${token.text}" is not a field name; field names are letters, digits and "_" joined by dots, e.g. company.size`);
    }
    const field = token.text;
    this.fields.add(field);
    const op = this.peek();
    if (op.kind === 'end' || (op.kind === 'punctuation' && op.text === ')') || isWord(op, 'and') || isWord(op, 'or')) {
      return { op: 'truthy', field };
    }
    this.index++;
    if (op.kind === 'operator') return this.parseComparisonOperator(field, op.text, op);
    if (op.kind === 'word' && op.lower === 'not') return this.parseNegated(field, op);
    const node = op.kind === 'word' ? this.parseKeywordOperator(field, op) : undefined;
    if (node) return node;
    const guess = op.kind === 'word' ? closest(op.text, [...OPERATOR_WORDS, 'and', 'or']) : undefined;
    const hint = guess ? `; did you mean "${guess}"?` : op.kind === 'word' ? '; to combine conditions, join them with "and" or "or"' : '';
    throw this.fail(op, `expected an operator (${OPERATOR_LIST}) after "${field}", got ${describe(op)}${hint}`);
  }

  private parseComparisonOperator(field: string, operator: ComparisonOperator, token: Token): ConditionNode {
    const op = COMPARISONS[operator];
    const value = this.parseValue(token);
    if (op === 'eq' || op === 'ne') {
      // Comparing with null is how people write "is missing"; the missing-field rules would otherwise make it always false.
      if (value.value === null) return { op: op === 'eq' ? 'missing' : 'exists', field };
      return { op, field, value: value.value };
    }
    return { op, field, value: this.numberFrom(value, `expected a number after "${operator}", got`, `; "${operator}" compares numbers`) };
  }

  private parseNegated(field: string, not: Token): ConditionNode {
    const op = this.next();
    if (op.kind !== 'word' || !NEGATABLE_WORDS.includes(op.lower)) {
      throw this.fail(op, `expected "in", "between", "matches", "like", "contains", "starts with", "ends with" or "exists" after "${field} ${not.text}", got ${describe(op)}`);
    }
    if (op.lower === 'in') return { op: 'not_in', field, values: this.parseList(op) };
    if (op.lower === 'exists') return { op: 'missing', field };
    return { op: 'not', arg: this.parseKeywordOperator(field, op)! };
  }

  /** Operators written as words; undefined when the word is not one of them. */
  private parseKeywordOperator(field: string, op: WordToken): ConditionNode | undefined {
    switch (op.lower) {
      case 'in':
        return { op: 'in', field, values: this.parseList(op) };
      case 'between':
        return this.parseBetween(field, op);
      case 'matches':
        return { op: 'matches', field, pattern: this.parseRegex(op) };
      case 'like': {
        const glob = this.parseText(op, 'a pattern in quotes, e.g. "/pricing*"');
        return { op: 'glob', field, glob, pattern: globToRegExp(glob) };
      }
      case 'contains':
        return { op: 'contains', field, value: this.parseText(op, 'text in quotes, e.g. "gmbh"', true) };
      case 'starts':
      case 'ends': {
        const withWord = this.next();
        if (!isWord(withWord, 'with')) throw this.fail(withWord, `expected "with" after "${op.text}", got ${describe(withWord)}`);
        const value = this.parseText(withWord, 'text in quotes, e.g. "vp"', true);
        return { op: op.lower === 'starts' ? 'starts_with' : 'ends_with', field, value };
      }
      case 'exists':
        return { op: 'exists', field };
      case 'is':
        return this.parseIs(field, op);
      default:
        return undefined;
    }
  }

  private parseIs(field: string, is: Token): ConditionNode {
    let word = this.next();
    const negated = isWord(word, 'not');
    if (negated) word = this.next();
    const state = word.kind === 'word' ? word.lower : '';
    if (state !== 'set' && state !== 'missing' && state !== 'null') {
      const compare = word.kind === 'end' ? '' : `; to compare a value, use =, e.g. ${field} = ${word.text}`;
      throw this.fail(word, `expected "set", "not set" or "missing" after "${is.text}${negated ? ' not' : ''}", got ${describe(word)}${compare}`);
    }
    const present = state === 'set';
    return { op: present !== negated ? 'exists' : 'missing', field };
  }

  private parseList(after: Token): Scalar[] {
    const open = this.next();
    if (open.kind !== 'punctuation' || (open.text !== '[' && open.text !== '(')) {
      throw this.fail(open, `expected a list such as [US, CA] after "${after.text}", got ${describe(open)}`);
    }
    const close = open.text === '[' ? ']' : ')';
    if (this.peek().text === close) throw this.fail(open, `the list is empty; put at least one value between ${open.text} and ${close}`);
    const values: Scalar[] = [];
    for (;;) {
      values.push(this.parseValue(this.tokens[this.index - 1]!).value);
      const separator = this.next();
      if (separator.text === close && separator.kind === 'punctuation') break;
      if (separator.text === ',' && separator.kind === 'punctuation') {
        if (this.peek().text !== close) continue;
        this.index++; // a trailing comma, as YAML and JavaScript allow
        break;
      }
      const opened = where(this.source, open.start);
      throw this.fail(separator, `expected "," or "${close}" in the list opened at ${opened}, got ${describe(separator)}${this.joinHint(separator)}`);
    }
    return values;
  }

  private parseBetween(field: string, between: Token): ConditionNode {
    const example = `; write e.g. ${field} between 200 and 5000`;
    const low = this.numberFrom(this.parseValue(between), `"between" needs a number, got`, example);
    const and = this.next();
    if (!isWord(and, 'and')) throw this.fail(and, `expected "and" after "between ${low}", got ${describe(and)}${example}`);
    const high = this.numberFrom(this.parseValue(and), `"between" needs a number, got`, example);
    if (low > high) {
      throw this.fail(between, `"between ${low} and ${high}" puts the larger number first; write "between ${high} and ${low}"`);
    }
    return { op: 'between', field, low, high };
  }

  private parseRegex(after: Token): RegExp {
    const token = this.next();
    if (token.kind !== 'regex') {
      throw this.fail(token, `expected a regular expression such as /vp|head/i after "${after.text}", got ${describe(token)}`);
    }
    if (token.body === '') throw this.fail(token, 'the regular expression is empty; write a pattern between the slashes, e.g. /vp|head/i');
    const unknown = [...token.flags].find((flag) => !REGEX_FLAGS.includes(flag));
    if (unknown) throw this.fail(token, `unknown flag "${unknown}" in ${token.text}; use i to ignore case, e.g. /vp|head/i`);
    // g and y make RegExp#test remember where it stopped, so one lead's result would change the next one's.
    const flags = token.flags.replace(/[gy]/g, '');
    try {
      return new RegExp(token.body, flags);
    } catch (error) {
      const reason = error instanceof Error ? error.message.split(': ').pop() : String(error);
      throw this.fail(token, `${token.text} is not a valid regular expression: ${reason}`);
    }
  }

  private parseText(after: Token, expected: string, nonEmpty = false): string {
    const token = this.next();
    if (token.kind === 'regex') {
      throw this.fail(token, `expected ${expected} after "${after.text}", got ${describe(token)}; for a regular expression, use matches`);
    }
    if (token.kind !== 'string' && token.kind !== 'word' && token.kind !== 'number') {
      throw this.fail(token, `expected ${expected} after "${after.text}", got ${describe(token)}`);
    }
    const text = token.kind === 'string' ? token.value : token.text;
    if (nonEmpty && text === '') throw this.fail(token, `"${after.text}" needs some text; "" would match everything`);
    return text;
  }

  private parseValue(after: Token): { value: Scalar; token: Token } {
    const token = this.next();
    this.lastValue = token;
    if (token.kind === 'number' || token.kind === 'string') return { value: token.value, token };
    if (token.kind === 'word' && token.lower !== 'and' && token.lower !== 'or') {
      if (token.lower === 'true' || token.lower === 'false') return { value: token.lower === 'true', token };
      return { value: token.lower === 'null' ? null : token.text, token };
    }
    const hint =
      token.kind === 'regex' ? '; to test a pattern, use matches'
      : token.text === '[' && after.kind === 'operator' ? '; to compare with a list, use in [...]'
      : '';
    throw this.fail(token, `expected a value after ${describe(after)}, got ${describe(token)}${hint}`);
  }

  private numberFrom(parsed: { value: Scalar; token: Token }, expected: string, hint: string): number {
    const { value, token } = parsed;
    const number = typeof value === 'number' ? value : typeof value === 'string' ? numericText(value) : undefined;
    if (number === undefined) throw this.fail(token, `${expected} ${describe(token)}${hint}`);
    return number;
  }

  /** After a value, a stray word is most often the rest of an unquoted phrase or a misspelt and/or. */
  private joinHint(token: Token): string {
    if (token.kind !== 'word' && token.kind !== 'number') return '';
    const guess = closest(token.text, ['and', 'or']);
    if (guess) return `; did you mean "${guess}"?`;
    const value = this.lastValue;
    if (!value || this.tokens[this.tokens.indexOf(token) - 1] !== value) return '';
    const phrase = this.source.slice(value.kind === 'string' ? value.start + 1 : value.start, token.start + token.text.length);
    return `; to compare with text that has spaces, put it in quotes: "${phrase.replace(/["']/g, '')}"`;
  }

  private nested<T>(token: Token, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) throw this.fail(token, `"not" and parentheses are nested more than ${MAX_DEPTH} deep; simplify the condition`);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private peek(): Token {
    return this.tokens[Math.min(this.index, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    this.index++;
    return token;
  }

  private fail(token: Token, message: string): ConditionSyntaxError {
    return new ConditionSyntaxError(`at ${where(this.source, token.start)}: ${message}`);
  }
}

function isWord(token: Token, word: string): boolean {
  return token.kind === 'word' && token.lower === word;
}

function describe(token: Token): string {
  if (token.kind === 'end') return 'end of condition';
  return token.kind === 'string' ? token.text : `"${token.text}"`;
}
