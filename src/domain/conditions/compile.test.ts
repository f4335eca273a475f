import { describe, expect, it } from 'vitest';
import { compileCondition } from './compile.js';
import type { Condition, ConditionNode } from './condition.js';

function compiled(source: string): Condition {
  const result = compileCondition(source);
  if (!result.ok) throw new Error(`expected "${source}" to compile, got: ${result.error}`);
  return result.condition;
}

function rootOf(source: string): ConditionNode {
  return compiled(source).root;
}

function errorOf(source: string): string {
  const result = compileCondition(source);
  if (result.ok) throw new Error(`expected "${source}" to be rejected`);
  return result.error;
}

describe('compileCondition: operators', () => {
  it.each<[string, ConditionNode]>([
    ['company.size = 20', { op: 'eq', field: 'company.size', value: 20 }],
    ['company.size == 20', { op: 'eq', field: 'company.size', value: 20 }],
    ['company.country != US', { op: 'ne', field: 'company.country', value: 'US' }],
    ['score.total < 10', { op: 'lt', field: 'score.total', value: 10 }],
    ['score.total <= 10', { op: 'le', field: 'score.total', value: 10 }],
    ['score.total > -2.5', { op: 'gt', field: 'score.total', value: -2.5 }],
    ['score.total >= "20"', { op: 'ge', field: 'score.total', value: 20 }],
    ['company.country in [US, CA, "New Zealand"]', { op: 'in', field: 'company.country', values: ['US', 'CA', 'New Zealand'] }],
    ['company.country not in (US, CA,)', { op: 'not_in', field: 'company.country', values: ['US', 'CA'] }],
    ['company.size between 200 and 5000', { op: 'between', field: 'company.size', low: 200, high: 5000 }],
    ['title contains "Sales"', { op: 'contains', field: 'title', value: 'Sales' }],
    ['title starts with vp', { op: 'starts_with', field: 'title', value: 'vp' }],
    ['company.name ends with " GmbH"', { op: 'ends_with', field: 'company.name', value: ' GmbH' }],
    ['phone exists', { op: 'exists', field: 'phone' }],
    ['phone is set', { op: 'exists', field: 'phone' }],
    ['phone is not missing', { op: 'exists', field: 'phone' }],
    ['phone is missing', { op: 'missing', field: 'phone' }],
    ['phone is not set', { op: 'missing', field: 'phone' }],
    ['phone not exists', { op: 'missing', field: 'phone' }],
    ['phone = null', { op: 'missing', field: 'phone' }],
    ['phone != null', { op: 'exists', field: 'phone' }],
    ['professional_email', { op: 'truthy', field: 'professional_email' }],
    ['not free_email', { op: 'not', arg: { op: 'truthy', field: 'free_email' } }],
    ['true', { op: 'const', value: true }],
    ['FALSE', { op: 'const', value: false }],
    ['title not contains intern', { op: 'not', arg: { op: 'contains', field: 'title', value: 'intern' } }],
  ])('reads %s', (source, expected) => {
    expect(rootOf(source)).toEqual(expected);
  });

  it('reads "like" as an anchored, case-insensitive glob', () => {
    const root = rootOf('event.path like "/pricing*"');
    expect(root).toMatchObject({ op: 'glob', field: 'event.path', glob: '/pricing*' });
    const pattern = (root as { pattern: RegExp }).pattern;
    expect(pattern.test('/Pricing/enterprise')).toBe(true);
    expect(pattern.test('/docs/pricing')).toBe(false);
  });

  it('keeps the flags of a regular expression', () => {
    const root = rootOf('title matches /^(vp|head)\\b/im');
    expect(root).toMatchObject({ op: 'matches', field: 'title' });
    const pattern = (root as { pattern: RegExp }).pattern;
    expect(pattern.source).toBe('^(vp|head)\\b');
    expect(pattern.flags).toBe('im');
  });

  it('drops the g and y flags, which would make one lead change the next lead\'s result', () => {
    const pattern = (rootOf('title matches /vp/gyi') as { pattern: RegExp }).pattern;
    expect(pattern.flags).toBe('i');
  });

  it('lets a "/" inside a character class or after a backslash stay in the regular expression', () => {
    const pattern = (rootOf('event.url matches /a[/]b\\/c/') as { pattern: RegExp }).pattern;
    expect(pattern.test('a/b/c')).toBe(true);
  });
});

describe('compileCondition: structure', () => {
  it('binds "and" tighter than "or" (a or b and c)', () => {
    expect(rootOf('a or b and c')).toEqual({
      op: 'or',
      args: [
        { op: 'truthy', field: 'a' },
        { op: 'and', args: [{ op: 'truthy', field: 'b' }, { op: 'truthy', field: 'c' }] },
      ],
    });
  });

  it('lets parentheses group "or" before "and"', () => {
    expect(rootOf('(a or b) and c')).toEqual({
      op: 'and',
      args: [{ op: 'or', args: [{ op: 'truthy', field: 'a' }, { op: 'truthy', field: 'b' }] }, { op: 'truthy', field: 'c' }],
    });
  });

  it('negates only the comparison that follows "not"', () => {
    expect(rootOf('not a = 1 and b')).toEqual({
      op: 'and',
      args: [{ op: 'not', arg: { op: 'eq', field: 'a', value: 1 } }, { op: 'truthy', field: 'b' }],
    });
  });

  it('keeps the "and" inside between with the between', () => {
    expect(rootOf('company.size between 200 and 5000 and company.country in [US, CA] and not free_email')).toEqual({
      op: 'and',
      args: [
        { op: 'between', field: 'company.size', low: 200, high: 5000 },
        { op: 'in', field: 'company.country', values: ['US', 'CA'] },
        { op: 'not', arg: { op: 'truthy', field: 'free_email' } },
      ],
    });
  });

  it('accepts keywords in any case', () => {
    expect(rootOf('A In [x] AND NOT b BETWEEN 1 And 2 Or c IS NOT SET or d STARTS WITH e')).toEqual(
      rootOf('A in [x] and not b between 1 and 2 or c is not set or d starts with e'),
    );
  });

  it('keeps bare words as written, hyphens and dots included', () => {
    expect(rootOf('account.segment in [enterprise-na, Mid_Market, acme.com]')).toMatchObject({
      values: ['enterprise-na', 'Mid_Market', 'acme.com'],
    });
  });

  it('reads true, false and null as values, in any case', () => {
    expect(rootOf('a in [TRUE, false, Null, 0]')).toMatchObject({ values: [true, false, null, 0] });
  });

  it('reads quoted text with escapes and unicode', () => {
    expect(rootOf('company.name = "Müller GmbH"')).toMatchObject({ value: 'Müller GmbH' });
    expect(rootOf("company.name = 'O\\'Brien & Söhne'")).toMatchObject({ value: "O'Brien & Söhne" });
    expect(rootOf('a = "say \\"hi\\"\\n\\u00fc"')).toMatchObject({ value: 'say "hi"\nü' });
    expect(rootOf('company.name = Müller')).toMatchObject({ value: 'Müller' });
  });

  it('lists each field read once, in the order written', () => {
    expect(compiled('company.size > 5 and (title matches /vp/ or company.size < 2) and not answers.budget').fields).toEqual([
      'company.size',
      'title',
      'answers.budget',
    ]);
    expect(compiled('true').fields).toEqual([]);
  });

  it('keeps the source exactly as written, for explanations', () => {
    expect(compiled('  company.size >= 20 ').source).toBe('  company.size >= 20 ');
  });

  it('reads a condition written over several lines', () => {
    expect(rootOf('a = 1\n  and b = 2\n')).toMatchObject({ op: 'and' });
  });
});

describe('compileCondition: errors a policy author can act on', () => {
  it('reports a missing value with its column', () => {
    expect(errorOf('company.size >=')).toBe('at column 16: expected a value after ">=", got end of condition');
  });

  it('reports an unknown operator with its column and the likely one', () => {
    expect(errorOf('score.total => 5')).toBe('unknown operator "=>" at column 13; did you mean ">="?');
    expect(errorOf('a && b')).toBe('unknown operator "&&" at column 3; did you mean "and"?');
    expect(errorOf('!free_email')).toBe('unknown operator "!" at column 1; did you mean "not"?');
  });

  it('reports a parenthesis that is never closed, and where it was opened', () => {
    expect(errorOf('(a = 1 or b')).toBe('at column 12: expected "and", "or" or ")" to close the "(" at column 1, got end of condition');
  });

  it('reports a closing parenthesis without an opening one', () => {
    expect(errorOf('a = 1) and b')).toBe('at column 6: ")" has no matching "("');
  });

  it('rejects an empty list', () => {
    expect(errorOf('company.country in []')).toBe('at column 20: the list is empty; put at least one value between [ and ]');
  });

  it('rejects a between whose numbers are the wrong way round, showing the fix', () => {
    expect(errorOf('company.size between 5000 and 200')).toBe(
      'at column 14: "between 5000 and 200" puts the larger number first; write "between 200 and 5000"',
    );
  });

  it('rejects a between over words', () => {
    expect(errorOf('company.size between small and large')).toBe(
      'at column 22: "between" needs a number, got "small"; write e.g. company.size between 200 and 5000',
    );
    expect(errorOf('company.size between 1 or 5')).toContain('expected "and" after "between 1", got "or"');
  });

  it('rejects ordering against text, such as an unsupported 1k suffix', () => {
    expect(errorOf('company.size >= 1k')).toBe('at column 17: expected a number after ">=", got "1k"; ">=" compares numbers');
  });

  it('reports an invalid regular expression with the reason', () => {
    expect(errorOf('title matches /(vp/')).toBe('at column 15: /(vp/ is not a valid regular expression: Unterminated group');
    expect(errorOf('title matches /vp/x')).toBe('at column 15: unknown flag "x" in /vp/x; use i to ignore case, e.g. /vp|head/i');
    expect(errorOf('title matches "vp"')).toContain('expected a regular expression such as /vp|head/i after "matches"');
  });

  it('explains that a glob starting with "/" needs quotes', () => {
    expect(errorOf('event.url like /pricing*')).toContain('put it in quotes, e.g. "/pricing*"');
  });

  it('reports text whose quote is never closed', () => {
    expect(errorOf('company.name = "Acme')).toBe('at column 16: the text starting with " is never closed; add a closing "');
  });

  it('suggests the keyword a typo was probably meant to be', () => {
    expect(errorOf('company.size betwen 1 and 5')).toMatch(/^at column 14: expected an operator .* got "betwen"; did you mean "between"\?$/);
    expect(errorOf('a adn b')).toMatch(/did you mean "and"\?$/);
  });

  it('suggests quotes when a value has spaces', () => {
    expect(errorOf('company.industry = Financial Services')).toBe(
      'at column 30: expected "and", "or" or the end of the condition, got "Services"; ' +
        'to compare with text that has spaces, put it in quotes: "Financial Services"',
    );
  });

  it('asks for "and"/"or" between two conditions', () => {
    expect(errorOf('professional_email company.size > 5')).toMatch(/got "company.size"; to combine conditions, join them with "and" or "or"$/);
  });

  it('reports a condition that ends after "and"', () => {
    expect(errorOf('a = 1 and')).toBe('at column 10: expected a field name such as company.size after "and", got end of condition');
  });

  it('rejects an empty condition', () => {
    expect(errorOf('   ')).toBe('at column 1: the condition is empty; write one such as company.size >= 20');
  });

  it('points to "in" when a list follows "="', () => {
    expect(errorOf('company.country = [US, CA]')).toContain('to compare with a list, use in [...]');
  });

  it('rejects "is" followed by a value, pointing to "="', () => {
    expect(errorOf('company.country is US')).toContain('to compare a value, use =, e.g. company.country = US');
  });

  it('rejects a field name with characters fields never have', () => {
    expect(errorOf('team-size > 5')).toContain('"team-size" is not a field name');
    expect(errorOf('a = 1 and > 5')).toContain('expected a field name such as company.size after "and", got ">"');
  });

  it('names the line when the condition spans several lines', () => {
    expect(errorOf('a = 1\n  and (b = 2')).toBe(
      'at line 2, column 13: expected "and", "or" or ")" to close the "(" at line 2, column 7, got end of condition',
    );
  });

  it('rejects absurd nesting instead of overflowing the stack', () => {
    expect(errorOf(`${'('.repeat(10_000)}a${')'.repeat(10_000)}`)).toContain('nested more than 64 deep');
    expect(errorOf(`${'not '.repeat(10_000)}a`)).toContain('nested more than 64 deep');
  });

  it('never throws, whatever prefix of a condition it is given', () => {
    const sources = [
      'company.size between 200 and 5000 and company.country in [US, "C\\"A"] and not free_email',
      "(title matches /(vp|head)\\//i or title starts with 'dir') and event.path like \"/pricing?\"",
      'a is not set or b not in (1, 2,) or c >= -3.5 or d != null or e exists or f contains x',
    ];
    for (const source of sources) {
      for (let end = 0; end <= source.length; end++) {
        for (const text of [source.slice(0, end), source.slice(end)]) {
          expect(() => compileCondition(text)).not.toThrow();
        }
      }
    }
  });
});
