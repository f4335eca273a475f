/**
 * How a problem in the policy file is reported: the file, the line and column an editor can jump
 * to, the dotted path of the setting, and a message saying what was expected and what was found:
 *   baton.policy.yaml:41:9 routing.pools.enterprise.members[2].weight: expected a positive number, got "two"
 */

/** Keys and list indexes from the top of the policy down to one setting. */
export type PolicyPath = readonly PropertyKey[];

export interface PolicyError {
  readonly file: string;
  /** 1-based; absent when the problem has no place in the file (e.g. the file is missing). */
  readonly line?: number;
  /** 1-based, counted in characters (code points) as a person counts them. */
  readonly column?: number;
  /** Dotted path such as `pools.smb.members[1].weight`; empty for the file as a whole. */
  readonly path: string;
  readonly message: string;
}

export type Severity = 'error' | 'warning';

const PLAIN_KEY = /^[\p{L}_][\p{L}\p{N}_-]*$/u;

/** `["pools", "smb", "members", 1]` → `pools.smb.members[1]`; odd keys are quoted: `hours["9-5"]`. */
export function formatPath(path: PolicyPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const key = String(segment);
      out += PLAIN_KEY.test(key) ? (out ? `.${key}` : key) : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/** One line per problem, e.g. `baton.policy.yaml:41:9 pools.smb.members[2].weight: expected …`. */
export function formatPolicyError(error: PolicyError, severity: Severity = 'error'): string {
  let where = error.file;
  if (error.line !== undefined) {
    where += `:${error.line}`;
    if (error.column !== undefined) where += `:${error.column}`;
  }
  const path = error.path ? ` ${error.path}:` : '';
  const label = severity === 'warning' ? ' warning:' : '';
  return `${where}${path}${label} ${error.message}`;
}

/** How a found value reads in a message: `"two"`, `2`, `a list`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return value === '' ? 'an empty text ""' : JSON.stringify(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return 'a map of fields';
  return String(value);
}
