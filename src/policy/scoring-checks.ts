/**
 * Scoring rules that cannot do what they seem to: a group that does not exist (an error), and,
 * as warnings, rules that can never add points, caps that clip every single event and `url`
 * globs that cannot match a page.
 */
import type { Condition } from '../domain/conditions/condition.js';
import type { Reporter } from './findings.js';
import { unknownName } from './findings.js';
import type { Policy } from './schema.js';

export function checkScoring(policy: Policy, report: Reporter): void {
  const groups = Object.keys(policy.scoring.groups);
  const usedGroups = new Set<string>();
  const checkGroup = (group: string | undefined, path: PropertyKey[]) => {
    if (group === undefined) return;
    usedGroups.add(group);
    if (!(group in policy.scoring.groups)) report.error([...path, 'group'], unknownName('scoring group', group, groups) + ' (define it under scoring.groups)');
  };

  for (const [index, criterion] of policy.fit.entries()) {
    if (neverHolds(criterion.when)) report.warning(['fit', index], 'this criterion can never hold, so only high-intent leads can become MQLs');
  }
  for (const [index, rule] of policy.scoring.fit.rules.entries()) {
    const path = ['scoring', 'fit', 'rules', index];
    checkGroup(rule.group, path);
    if (rule.points === 0) report.warning([...path, 'points'], 'this rule adds 0 points, so it never changes a score');
    if (neverHolds(rule.when)) report.warning([...path, 'when'], 'this condition can never hold, so the rule never adds points');
  }
  for (const [index, rule] of policy.scoring.engagement.rules.entries()) {
    const path = ['scoring', 'engagement', 'rules', index];
    checkGroup(rule.group, path);
    if (rule.points === 0) report.warning([...path, 'points'], 'this rule adds 0 points, so it never changes a score');
    if (rule.when && neverHolds(rule.when)) report.warning([...path, 'when'], 'this condition can never hold, so the rule never adds points');
    if (rule.cap !== undefined && rule.points > rule.cap) {
      report.warning([...path, 'cap'], `the cap (${rule.cap}) is below the ${rule.points} points of a single event, so every event is clipped to ${rule.cap}`);
    }
    if (rule.url !== undefined) {
      const problem = urlGlobProblem(rule.url);
      if (problem?.severity === 'error') report.error([...path, 'url'], problem.message);
      else if (problem) report.warning([...path, 'url'], problem.message);
    }
  }
  for (const group of groups) {
    if (!usedGroups.has(group)) report.warning(['scoring', 'groups', group], `scoring group "${group}" is not used by any rule`, { atKey: true });
  }
}

function neverHolds(condition: Condition): boolean {
  return condition.root.op === 'const' && !condition.root.value;
}

/**
 * A `url` glob is matched against the page's path and its full URL, with `*` for any run of
 * characters and `?` for one; everything else, brackets included, stands for itself.
 */
export function urlGlobProblem(glob: string): { severity: 'error' | 'warning'; message: string } | undefined {
  if (glob.trim() === '') return { severity: 'error', message: 'expected a page glob such as "/pricing*", got an empty text' };
  if (/\s/.test(glob)) {
    return { severity: 'error', message: `expected a page glob without spaces (URLs never contain them; write %20), got ${JSON.stringify(glob)}` };
  }
  if (/[[\]{}]/.test(glob)) {
    return { severity: 'warning', message: `only * and ? are wildcards; the brackets in "${glob}" match themselves literally` };
  }
  if (!/^([/*?]|https?:\/\/)/i.test(glob)) {
    return {
      severity: 'warning',
      message: `"${glob}" matches neither a page path (which starts with "/") nor a full URL (which starts with http); did you mean "/${glob}"?`,
    };
  }
  return undefined;
}
