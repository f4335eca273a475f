import { describe, expect, it } from 'vitest';
import type { LeadProfile } from '../domain/lead/profile.js';
import { knownFrom, NOTHING_KNOWN } from './known.js';
import { planFields } from './plan.js';
import { CONTACT, testForm } from './test-form.js';

const profile = (fields: Partial<LeadProfile>): LeadProfile => ({ email: 'ada@fabrikam.com', company: {}, answers: {}, attribution: {}, ...fields });
const names = (form = CONTACT, known = NOTHING_KNOWN) => planFields(form, known).map((p) => (p.followUp ? `${p.field.name}?` : p.field.name));

describe('planFields (progressive profiling)', () => {
  it('asks an anonymous visitor the first questions of the pool, up to max_fields', () => {
    expect(names()).toEqual(['email', 'first_name', 'company.name']);
  });

  it('asks a returning visitor only what Baton does not know yet', () => {
    const known = knownFrom(profile({ first_name: 'Ada', company: { name: 'Fabrikam' } }));
    // The role question brings its follow-up along without using up a slot.
    expect(names(CONTACT, known)).toEqual(['answers.role', 'answers.team_size?', 'company.size', 'title']);
  });

  it('decides a condition on an answer Baton already has before the form is shown', () => {
    const manager = knownFrom(profile({ first_name: 'Ada', company: { name: 'Fabrikam' }, answers: { role: 'Manager' } }));
    expect(names(CONTACT, manager)).toEqual(['answers.team_size', 'company.size', 'title']);
    const individual = knownFrom(profile({ first_name: 'Ada', company: { name: 'Fabrikam' }, answers: { role: 'individual' } }));
    expect(names(CONTACT, individual)).toEqual(['company.size', 'title']);
  });

  it('keeps a follow-up for a later visit when its question is not asked this time', () => {
    const form = testForm({ ...CONTACT_INPUT, max_fields: 2 });
    const known = knownFrom(profile({ first_name: 'Ada' }));
    expect(names(form, known)).toEqual(['company.name', 'answers.role', 'answers.team_size?']);
    const fewer = testForm({ ...CONTACT_INPUT, max_fields: 1 });
    expect(names(fewer, known)).toEqual(['company.name']);
  });

  it('always asks an anonymous visitor for the e-mail, even when it is listed last', () => {
    const form = testForm({ title: 'Newsletter', max_fields: 1, fields: [{ name: 'first_name', label: 'Name' }, { name: 'email', label: 'E-mail' }] });
    expect(names(form)).toEqual(['email']);
  });

  it('shows no question at all once everything is known (a one-click demo request)', () => {
    const known = knownFrom(
      profile({ first_name: 'Ada', title: 'VP', company: { name: 'Fabrikam', size: 400 }, answers: { role: 'individual' } }),
    );
    expect(names(CONTACT, known)).toEqual([]);
  });

  it('asks every unknown question when the form sets no max_fields', () => {
    const form = testForm({ ...CONTACT_INPUT, max_fields: undefined });
    expect(names(form)).toEqual(['email', 'first_name', 'company.name', 'answers.role', 'answers.team_size?', 'company.size', 'title']);
  });

  it('treats an empty answer as not known', () => {
    const known = knownFrom(profile({ first_name: '  ', company: { name: 'Fabrikam' } }));
    expect(names(CONTACT, known)[0]).toBe('first_name');
  });
});

const CONTACT_INPUT = {
  title: 'Talk to us',
  fields: [
    { name: 'email', label: 'Work e-mail', required: true },
    { name: 'first_name', label: 'First name', required: true },
    { name: 'company.name', label: 'Company', required: true },
    { name: 'answers.role', label: 'Role', type: 'radio' as const, options: ['manager', 'individual'] },
    { name: 'answers.team_size', label: 'Team size', type: 'number' as const, show_if: 'answers.role = manager' },
    { name: 'company.size', label: 'Company size' },
    { name: 'title', label: 'Job title' },
  ],
};
