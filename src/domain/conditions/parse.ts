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
import type { ConditionNode } from './condition.js';
import { TokenCursor, describe, isWord } from './cursor.js';
import { globToRegExp } from './glob.js';
import { closest } from './messages.js';
import { readList, readNumber, readRegex, readText, readValue } from './operands.js';
import { tokenize, type ComparisonOperator, type Token } from './tokenize.js';

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

export function parse(source: string): ParsedCondition {
  return new Parser(new TokenCursor(source, tokenize(source))).parseCondition();
}

class Parser {
  private depth = 0;
  /** A Set keeps each path once, in the order the author wrote them. */
  private readonly fields = new Set<string>();

  constructor(private readonly cursor: TokenCursor) {}

  parseCondition(): ParsedCondition {
    const { cursor } = this;
    if (cursor.peek().kind === 'end') throw cursor.fail(cursor.peek(), 'the condition is empty; write one such as company.size >= 20');
    const root = this.parseOr();
    const next = cursor.peek();
    if (next.kind === 'punctuation' && next.text === ')') throw cursor.fail(next, '")" has no matching "("');
    if (next.kind !== 'end') {
      throw cursor.fail(next, `expected "and", "or" or the end of the condition, got ${describe(next)}${cursor.joinHint(next)}`);
    }
    return { root, fields: [...this.fields] };
  }

  private parseOr(): ConditionNode {
    const args = [this.parseAnd()];
    while (isWord(this.cursor.peek(), 'or')) {
      this.cursor.next();
      args.push(this.parseAnd());
    }
    return args.length === 1 ? args[0]! : { op: 'or', args };
  }

  private parseAnd(): ConditionNode {
    const args = [this.parseUnary()];
    while (isWord(this.cursor.peek(), 'and')) {
      this.cursor.next();
      args.push(this.parseUnary());
    }
    return args.length === 1 ? args[0]! : { op: 'and', args };
  }

  private parseUnary(): ConditionNode {
    const { cursor } = this;
    const token = cursor.peek();
    if (isWord(token, 'not')) {
      cursor.next();
      return { op: 'not', arg: this.nested(token, () => this.parseUnary()) };
    }
    if (token.kind === 'punctuation' && token.text === '(') {
      cursor.next();
      const inner = this.nested(token, () => this.parseOr());
      const close = cursor.next();
      if (close.kind !== 'punctuation' || close.text !== ')') {
        const expected = `expected "and", "or" or ")" to close the "(" at ${cursor.where(token)}`;
        throw cursor.fail(close, `${expected}, got ${describe(close)}${cursor.joinHint(close)}`);
      }
      return inner;
    }
    if (token.kind === 'word' && (token.lower === 'true' || token.lower === 'false')) {
      cursor.next();
      return { op: 'const', value: token.lower === 'true' };
    }
    return this.parseComparison();
  }

  private parseComparison(): ConditionNode {
    const { cursor } = this;
    const token = cursor.next();
    if (token.kind !== 'word' || token.lower === 'and' || token.lower === 'or') {
      const previous = cursor.before(token);
      const after = previous ? ` after ${describe(previous)}` : '';
      throw cursor.fail(token, `expected a field name such as company.size${after}, got ${describe(token)}`);
    }
    if (!FIELD_PATH.test(token.text)) {
      throw cursor.fail(token, `"${token.text}" is not a field name; field names are letters, digits and "_" joined by dots, e.g. company.size`);
    }
    const field = token.text;
    this.fields.add(field);
    const op = cursor.peek();
    if (op.kind === 'end' || (op.kind === 'punctuation' && op.text === ')') || isWord(op, 'and') || isWord(op, 'or')) {
      return { op: 'truthy', field };
    }
    cursor.next();
    if (op.kind === 'operator') return this.parseComparisonOperator(field, op.text, op);
    if (op.kind === 'word' && op.lower === 'not') return this.parseNegated(field, op);
    const node = op.kind === 'word' ? this.parseKeywordOperator(field, op) : undefined;
    if (node) return node;
    const guess = op.kind === 'word' ? closest(op.text, [...OPERATOR_WORDS, 'and', 'or']) : undefined;
    const hint = guess ? `; did you mean "${guess}"?` : op.kind === 'word' ? '; to combine conditions, join them with "and" or "or"' : '';
    throw cursor.fail(op, `expected an operator (${OPERATOR_LIST}) after "${field}", got ${describe(op)}${hint}`);
  }

  private parseComparisonOperator(field: string, operator: ComparisonOperator, token: Token): ConditionNode {
    const op = COMPARISONS[operator];
    if (op === 'eq' || op === 'ne') {
      const { value } = readValue(this.cursor, token);
      // Comparing with null is how people write "is missing"; the missing-field rules would otherwise make it always false.
      if (value === null) return { op: op === 'eq' ? 'missing' : 'exists', field };
      return { op, field, value };
    }
    const value = readNumber(this.cursor, token, `expected a number after "${operator}", got`, `; "${operator}" compares numbers`);
    return { op, field, value };
  }

  private parseNegated(field: string, not: Token): ConditionNode {
    const { cursor } = this;
    const op = cursor.next();
    if (op.kind !== 'word' || !NEGATABLE_WORDS.includes(op.lower)) {
      const expected = '"in", "between", "matches", "like", "contains", "starts with", "ends with" or "exists"';
      throw cursor.fail(op, `expected ${expected} after "${field} ${not.text}", got ${describe(op)}`);
    }
    if (op.lower === 'in') return { op: 'not_in', field, values: readList(cursor, op) };
    if (op.lower === 'exists') return { op: 'missing', field };
    return { op: 'not', arg: this.parseKeywordOperator(field, op)! };
  }

  /** Operators written as words; undefined when the word is not one of them. */
  private parseKeywordOperator(field: string, op: WordToken): ConditionNode | undefined {
    const { cursor } = this;
    switch (op.lower) {
      case 'in':
        return { op: 'in', field, values: readList(cursor, op) };
      case 'between':
        return this.parseBetween(field, op);
      case 'matches':
        return { op: 'matches', field, pattern: readRegex(cursor, op) };
      case 'like': {
        const glob = readText(cursor, op, 'a pattern in quotes, e.g. "/pricing*"', false);
        return { op: 'glob', field, glob, pattern: globToRegExp(glob) };
      }
      case 'contains':
        return { op: 'contains', field, value: readText(cursor, op, 'text in quotes, e.g. "gmbh"', true) };
      case 'starts':
      case 'ends': {
        const withWord = cursor.next();
        if (!isWord(withWord, 'with')) throw cursor.fail(withWord, `expected "with" after "${op.text}", got ${describe(withWord)}`);
        const value = readText(cursor, withWord, 'text in quotes, e.g. "vp"', true);
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
    const { cursor } = this;
    let word = cursor.next();
    const negated = isWord(word, 'not');
    if (negated) word = cursor.next();
    const state = word.kind === 'word' ? word.lower : '';
    if (state !== 'set' && state !== 'missing' && state !== 'null') {
      const compare = word.kind === 'end' ? '' : `; to compare a value, use =, e.g. ${field} = ${word.text}`;
      const written = `${is.text}${negated ? ' not' : ''}`;
      throw cursor.fail(word, `expected "set", "not set" or "missing" after "${written}", got ${describe(word)}${compare}`);
    }
    return { op: (state === 'set') !== negated ? 'exists' : 'missing', field };
  }

  private parseBetween(field: string, between: Token): ConditionNode {
    const { cursor } = this;
    const example = `; write e.g. ${field} between 200 and 5000`;
    const low = readNumber(cursor, between, '"between" needs a number, got', example);
    const and = cursor.next();
    if (!isWord(and, 'and')) throw cursor.fail(and, `expected "and" after "between ${low}", got ${describe(and)}${example}`);
    const high = readNumber(cursor, and, '"between" needs a number, got', example);
    if (low > high) {
      throw cursor.fail(between, `"between ${low} and ${high}" puts the larger number first; write "between ${high} and ${low}"`);
    }
    return { op: 'between', field, low, high };
  }

  private nested<T>(token: Token, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) {
      throw this.cursor.fail(token, `"not" and parentheses are nested more than ${MAX_DEPTH} deep; simplify the condition`);
    }
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }
}
