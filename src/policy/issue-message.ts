/**
 * Turns zod issues into messages an operations admin can act on: what was expected, what was
 * found, and the nearest valid name for a typo. Zod's own wording ("Invalid input") is not used:
 * parsing runs with an error map that returns `DEFAULT_MESSAGE`, so any other message on an issue
 * was written in the schema as a hint ("a percentage such as "85%"") or, for `custom` issues, as
 * the whole message.
 */
import type { z } from 'zod';
import { closest } from '../domain/conditions/messages.js';
import { describeValue, type PolicyPath } from './errors.js';
import { descriptionOf, expectedKind, knownKeys, schemaAt, unionOptions } from './schema-walk.js';

type Schema = z.core.$ZodType;
type Issue = z.core.$ZodIssue;

export const DEFAULT_MESSAGE = '\u0000';
/** Parse options that make issues carry their input and leave wording to this module. */
export const PARSE_OPTIONS = { reportInput: true, error: () => DEFAULT_MESSAGE } as const;

export interface IssueReport {
  readonly path: PolicyPath;
  readonly message: string;
  /** Point at the key (`colour:`) rather than its value. */
  readonly atKey: boolean;
  /** The known name an unknown key is probably a typo of. */
  readonly suggestion?: string;
  readonly missing?: boolean;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a map of fields',
  record: 'a map of fields',
  array: 'a list',
};

/** Reports for every issue; `root` is the schema the issue paths start from. */
export function describeIssues(issues: readonly Issue[], root: Schema | undefined, base: PolicyPath = []): IssueReport[] {
  const reports = issues.flatMap((issue) => describeIssue(issue, root, base));
  // A typo such as `pol: smb` yields both "unknown field pol" and "missing field pool": keep the first.
  const suggested = new Set(reports.filter((r) => r.suggestion).map((r) => key([...r.path.slice(0, -1), r.suggestion!])));
  const seen = new Set<string>();
  return reports.filter((r) => {
    const id = `${key(r.path)}\n${r.message}`;
    if ((r.missing && suggested.has(key(r.path))) || seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function describeIssue(issue: Issue, root: Schema | undefined, base: PolicyPath): IssueReport[] {
  const path = [...base, ...issue.path];
  const hint = issue.message !== DEFAULT_MESSAGE ? issue.message : undefined;
  const input = (issue as { input?: unknown }).input;
  const report = (message: string, extra: Partial<IssueReport> = {}): IssueReport[] => [{ path, message, atKey: false, ...extra }];
  const local = (): Schema | undefined => (root ? schemaAt(root, issue.path) : undefined);

  if (isMissing(issue)) {
    const name = String(issue.path.at(-1));
    const typeName = issue.code === 'invalid_type' ? TYPE_NAMES[issue.expected] : undefined;
    const expected = hint ?? expectedKind(local()) ?? typeName;
    const description = descriptionOf(local());
    const about = description && description !== hint ? ` (${lowerFirst(description)})` : '';
    return report(`missing required field "${name}"${about}${expected ? `; expected ${expected}` : ''}`, { missing: true });
  }
  switch (issue.code) {
    case 'invalid_type': {
      return report(`expected ${hint ?? TYPE_NAMES[issue.expected] ?? issue.expected}, got ${describeValue(input)}`);
    }
    case 'too_small':
    case 'too_big':
      return report(`expected ${hint ?? sizeExpectation(issue)}, got ${describeFound(input)}`);
    case 'invalid_format':
      return report(`expected ${hint ?? formatExpectation(issue)}, got ${describeValue(input)}`);
    case 'not_multiple_of':
      return report(`expected ${hint ?? `a multiple of ${String(issue.divisor)}`}, got ${describeValue(input)}`);
    case 'invalid_value': {
      const values = issue.values.map(String);
      const expected = hint ?? (values.length === 1 ? values[0]! : `one of: ${values.join(', ')}`);
      return report(`expected ${expected}; got ${describeValue(input)}${suggest(input, values)}`);
    }
    case 'unrecognized_keys': {
      const known = root ? knownKeys(root, issue.path) : [];
      return issue.keys.map((name) => {
        const suggestion = closest(name, known);
        const list = known.length ? `; expected one of: ${known.join(', ')}` : '';
        const tail = suggestion ? `; did you mean "${suggestion}"?` : '';
        return { path: [...path, name], message: `unknown field "${name}"${list}${tail}`, atKey: true, ...(suggestion && { suggestion }) };
      });
    }
    case 'invalid_key':
      return describeIssues(issue.issues as Issue[], undefined, path).map((r) => ({
        ...r,
        message: `the name ${describeValue(input)} is not valid: ${r.message}`,
        atKey: true,
      }));
    case 'invalid_union':
      return describeUnion(issue, root, base);
    case 'custom':
      return report(hint ?? 'is not valid here');
    default:
      return report(hint ?? `is not valid here (${issue.code})`);
  }
}

/** Reports from the alternative the input most likely meant, or one summary when none fits at all. */
function describeUnion(issue: z.core.$ZodIssueInvalidUnion, root: Schema | undefined, base: PolicyPath): IssueReport[] {
  const options = root ? unionOptions(root, issue.path) : undefined;
  const ranked = issue.errors
    .map((branch, index) => ({ branch, option: options?.[index], cost: mismatchCost(branch, options?.[index]) }))
    .sort((a, b) => a.cost - b.cost);
  const best = ranked[0];
  const path = [...base, ...issue.path];
  if (best && best.cost < WRONG_KIND) return describeIssues(best.branch, best.option, path);

  const input = (issue as { input?: unknown }).input;
  const expected = new Set<string>();
  const literals: string[] = [];
  for (const { branch, option } of ranked) {
    const first = branch[0];
    if (first?.code === 'invalid_value') {
      literals.push(...first.values.map(String));
      expected.add(first.values.map(String).join(', '));
    } else if (first?.code === 'invalid_type') {
      const hint = first.message !== DEFAULT_MESSAGE ? first.message : undefined;
      expected.add(hint ?? (option && descriptionOf(option)) ?? TYPE_NAMES[first.expected] ?? first.expected);
    }
  }
  const list = [...expected];
  const wanted = list.length > 0 ? `${list.slice(0, -1).join(', ')}${list.length > 1 ? ' or ' : ''}${list.at(-1)!}` : 'a different value';
  return [{ path, message: `expected ${wanted}; got ${describeValue(input)}${suggest(input, literals)}`, atKey: false }];
}

const WRONG_KIND = 100;

/** How badly an alternative fits the input: a different kind of value is worse than a wrong field. */
function mismatchCost(branch: readonly Issue[], option: Schema | undefined): number {
  let cost = 0;
  for (const issue of branch) {
    const atTop = issue.path.length === 0;
    if (atTop && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) cost += WRONG_KIND;
    else if (atTop && issue.code === 'unrecognized_keys') {
      const known = option ? knownKeys(option, []) : [];
      for (const name of issue.keys) cost += closest(name, known) ? 5 : 10;
    } else if (isMissing(issue)) cost += 10;
    else cost += 1;
  }
  return cost;
}

function sizeExpectation(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const bound = Number(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum);
  const inclusive = issue.inclusive !== false;
  if (issue.origin === 'number' || issue.origin === 'int') {
    if (small && bound === 0 && !inclusive) return 'a positive number';
    if (small) return inclusive ? `a number of at least ${bound}` : `a number greater than ${bound}`;
    return inclusive ? `a number of at most ${bound}` : `a number less than ${bound}`;
  }
  if (issue.origin === 'string') {
    if (small && bound === 1) return 'non-empty text';
    return `text of ${small ? 'at least' : 'at most'} ${bound} characters`;
  }
  return `${small ? 'at least' : 'at most'} ${bound} item${bound === 1 ? '' : 's'}`;
}

function formatExpectation(issue: z.core.$ZodIssueInvalidStringFormat): string {
  if (issue.format === 'email') return 'an e-mail address such as ana@example.com';
  if (issue.format === 'regex' && issue.pattern) return `text matching ${issue.pattern}`;
  return `a valid ${issue.format}`;
}

function describeFound(input: unknown): string {
  if (Array.isArray(input) && input.length > 0) return `${input.length} item${input.length === 1 ? '' : 's'}`;
  return describeValue(input);
}

function suggest(input: unknown, candidates: readonly string[]): string {
  const match = typeof input === 'string' ? closest(input, candidates) : undefined;
  return match && match !== input ? `; did you mean "${match}"?` : '';
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** A required field left out: zod reports it as a wrong type or value whose input is undefined. */
function isMissing(issue: Issue): boolean {
  const input = (issue as { input?: unknown }).input;
  return input === undefined && issue.path.length > 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_value');
}

const key = (path: PolicyPath): string => path.map(String).join('\u0001');
