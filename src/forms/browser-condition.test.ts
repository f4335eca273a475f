import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { compileCondition } from '../domain/conditions/compile.js';
import { evaluateCondition } from '../domain/conditions/evaluate.js';
import type { LeadProfile } from '../domain/lead/profile.js';
import { browserCondition, type BrowserCondition } from './browser-condition.js';
import { knownFrom, NOTHING_KNOWN } from './known.js';

/** The evaluator the browser runs, taken from the served script itself. */
function browserHolds(): (condition: BrowserCondition, subject: object) => boolean {
  const source = readFileSync(path.join(import.meta.dirname, 'client', 'forms.js'), 'utf8');
  const window: { __batonHolds?: (c: BrowserCondition, s: object) => boolean } = {};
  vm.runInNewContext(source, { window, document: {} });
  return window.__batonHolds!;
}
const holds = browserHolds();

const conditions = [
  'answers.role = manager',
  'answers.role != manager',
  'answers.role in [manager, executive]',
  'answers.role not in [manager]',
  'answers.team_size >= 10',
  'answers.team_size between 5 and 50',
  'answers.team_size < 5 or answers.role = "Executive"',
  'answers.agree',
  'not answers.agree',
  'answers.agree = true',
  'answers.role is missing',
  'answers.role exists',
  'answers.role matches /^man/i',
  'answers.role contains "nag"',
  'answers.role starts with "Ma"',
  'answers.role ends with "er"',
  'answers.team_size = 12',
  'answers.team_size = "12"',
];
const subjects = [
  {},
  { answers: { role: 'manager' } },
  { answers: { role: '  Manager ' } },
  { answers: { role: 'executive', team_size: 3 } },
  { answers: { role: 'individual', team_size: 12 } },
  { answers: { team_size: 50, agree: true } },
  { answers: { agree: false, role: 'yes' } },
  { answers: { team_size: '12', agree: 'no' } },
];

describe('show_if in the browser', () => {
  it.each(conditions)('agrees with the server on %s for every form value', (source) => {
    const compiled = compileCondition(source);
    if (!compiled.ok) throw new Error(compiled.error);
    const onForm = new Set(compiled.condition.fields);
    for (const subject of subjects) {
      const browser = holds(browserCondition(compiled.condition.root, onForm, NOTHING_KNOWN), subject);
      expect({ subject, holds: browser }).toEqual({ subject, holds: evaluateCondition(compiled.condition, subject) });
    }
  });

  it('decides the parts that read known answers before the page sees them', () => {
    const compiled = compileCondition('company.size >= 100 and answers.role = manager');
    if (!compiled.ok) throw new Error(compiled.error);
    const profile: LeadProfile = { email: 'a@b.com', company: { size: 400 }, answers: {}, attribution: {} };
    const sent = browserCondition(compiled.condition.root, new Set(['answers.role']), knownFrom(profile));
    expect(JSON.stringify(sent)).not.toContain('company.size');
    expect(sent).toEqual({ op: 'and', args: [{ op: 'const', value: true }, { op: 'eq', field: 'answers.role', value: 'manager' }] });
  });
});
