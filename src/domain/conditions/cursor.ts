/**
 * The parser's position in the token list, and the wording of what it found there.
 * Shared by the grammar (parse.ts) and the operand readers (operands.ts).
 */
import { ConditionSyntaxError, closest, where } from './messages.js';
import type { Token } from './tokenize.js';

export class TokenCursor {
  private index = 0;
  /** The last value read, so "got Services" can suggest quoting "Financial Services". */
  lastValue: Token | undefined;

  constructor(
    readonly source: string,
    private readonly tokens: readonly Token[],
  ) {}

  peek(): Token {
    return this.tokens[Math.min(this.index, this.tokens.length - 1)]!;
  }

  next(): Token {
    const token = this.peek();
    this.index = Math.min(this.index + 1, this.tokens.length);
    return token;
  }

  /** The token just before this one, e.g. the "and" that a missing condition should follow. */
  before(token: Token): Token | undefined {
    return this.tokens[this.tokens.indexOf(token) - 1];
  }

  where(token: Token): string {
    return where(this.source, token.start);
  }

  fail(token: Token, message: string): ConditionSyntaxError {
    return new ConditionSyntaxError(`at ${this.where(token)}: ${message}`);
  }

  /** After a value, a stray word is most often the rest of an unquoted phrase or a misspelt and/or. */
  joinHint(token: Token): string {
    if (token.kind !== 'word' && token.kind !== 'number') return '';
    const guess = closest(token.text, ['and', 'or']);
    if (guess) return `; did you mean "${guess}"?`;
    const value = this.lastValue;
    if (!value || this.before(token) !== value) return '';
    const phrase = this.source.slice(value.start, token.start + token.text.length).replace(/["']/g, '');
    return `; to compare with text that has spaces, put it in quotes: "${phrase}"`;
  }
}

export function isWord(token: Token, word: string): boolean {
  return token.kind === 'word' && token.lower === word;
}

export function describe(token: Token): string {
  if (token.kind === 'end') return 'end of condition';
  return token.kind === 'string' ? token.text : `"${token.text}"`;
}
