import { describe, expect, it } from 'vitest';
import { NOTHING_KNOWN } from './known.js';
import { planFields } from './plan.js';
import { CONTACT, testForm } from './test-form.js';
import { checkValue, validateSubmission } from './validate.js';

const firstVisit = planFields(CONTACT, NOTHING_KNOWN);
const validate = (values: Record<string, unknown>, consent = true, planned = firstVisit) => validateSubmission(CONTACT, planned, NOTHING_KNOWN, values, consent);

describe('validateSubmission', () => {
  it('returns clean values for a complete submission', () => {
    expect(validate({ email: ' ada@fabrikam.com ', first_name: 'Ada', 'company.name': 'Fabrikam', 'company.size': '420' })).toEqual({
      ok: true,
      values: { email: 'ada@fabrikam.com', first_name: 'Ada', 'company.name': 'Fabrikam', 'company.size': 420 },
    });
  });

  it('names every required question left empty, and the consent box', () => {
    const result = validate({ email: 'ada@fabrikam.com', first_name: '' }, false);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual(['first_name', 'company.name', 'consent']);
  });

  it('refuses values that are not questions of the form', () => {
    const result = validate({ email: 'ada@fabrikam.com', first_name: 'Ada', 'company.name': 'F', 'answers.salary': 1 });
    expect(result).toMatchObject({ ok: false, errors: [{ path: 'answers.salary' }] });
  });

  it('requires a follow-up only while its condition holds, and drops it otherwise', () => {
    const all = planFields({ ...CONTACT, max_fields: undefined }, NOTHING_KNOWN);
    const base = { email: 'ada@fabrikam.com', first_name: 'Ada', 'company.name': 'F' };
    const manager = validateSubmission(CONTACT, all, NOTHING_KNOWN, { ...base, 'answers.role': 'manager' }, true);
    expect(manager).toMatchObject({ ok: false, errors: [{ path: 'answers.team_size' }] });
    const individual = validateSubmission(CONTACT, all, NOTHING_KNOWN, { ...base, 'answers.role': 'individual', 'answers.team_size': 12 }, true);
    expect(individual).toEqual({ ok: true, values: { ...base, 'answers.role': 'individual' } });
  });
});

describe('checkValue', () => {
  const field = (name: string) => CONTACT.fields.find((f) => f.name === name)!;
  it('checks e-mails, numbers, options and limits', () => {
    expect(checkValue(field('email'), 'not-an-email')).toHaveProperty('error');
    expect(checkValue(field('company.size'), 'forty')).toEqual({ error: 'please enter a number' });
    expect(checkValue(field('company.size'), 0)).toEqual({ error: 'please enter 1 or more' });
    expect(checkValue(field('answers.role'), 'ceo')).toEqual({ error: 'please choose one of: manager, individual' });
    expect(checkValue(field('answers.role'), 'manager')).toEqual({ value: 'manager' });
    expect(checkValue(field('first_name'), 'x'.repeat(2_001))).toHaveProperty('error');
    expect(checkValue(field('first_name'), { nested: true })).toEqual({ error: 'expected text' });
    expect(checkValue(field('first_name'), '   ')).toEqual({ value: undefined });
  });

  it('checks a pattern and says what it wants', () => {
    const form = testForm({ title: 'Zip', fields: [{ name: 'email', label: 'E-mail' }, { name: 'answers.zip', label: 'ZIP', pattern: '^[0-9]{5}$', pattern_hint: 'five digits' }] });
    const zip = form.fields[1]!;
    expect(checkValue(zip, '1234')).toEqual({ error: 'five digits' });
    expect(checkValue(zip, '02134')).toEqual({ value: '02134' });
  });
});
