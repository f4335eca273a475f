import { describe, expect, it } from 'vitest';
import type { DomainLists } from './email.js';
import { type RawLeadFields, normalizeLeadFields } from './lead-input.js';

const lists: DomainLists = { competitors: ['rival.io'], student_suffixes: ['edu'], free_extra: [], professional_extra: [] };

function accepted(input: RawLeadFields, options = {}) {
  const result = normalizeLeadFields(input, lists, options);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  return result;
}

function refusedPaths(input: RawLeadFields): string[] {
  const result = normalizeLeadFields(input, lists);
  return result.ok ? [] : result.errors.map((error) => error.path);
}

describe('normalizeLeadFields', () => {
  it('turns a typical form submission into a clean profile', () => {
    const { profile, facts, warnings } = accepted({
      email: ' Ana.Silva@Mail.Acme.co.uk ',
      first_name: ' Ana ',
      last_name: 'Silva',
      title: '',
      phone: '020 7946 0958',
      country: 'United Kingdom',
      company: { name: 'Acme Ltd', size: '1,200', annual_revenue: '$5M', industry: ' Software ' },
      answers: { budget: ' 50k ', seats: 40, demo: true, empty: '  ' },
    });
    expect(profile).toEqual({
      email: 'ana.silva@mail.acme.co.uk',
      first_name: 'Ana',
      last_name: 'Silva',
      phone: '+442079460958',
      country: 'GB',
      company: { name: 'Acme Ltd', domain: 'acme.co.uk', size: 1200, annual_revenue: 5_000_000, industry: 'Software' },
      answers: { budget: '50k', seats: 40, demo: true },
      attribution: {},
    });
    expect(facts.professional_email).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('keeps names in any script', () => {
    const { profile } = accepted({ email: 'zoë@acme.com', first_name: 'Zoë', last_name: '李', company: { name: 'Société Générale' } });
    expect(profile).toMatchObject({ email: 'zoë@acme.com', first_name: 'Zoë', last_name: '李', company: { name: 'Société Générale' } });
  });

  it('stores SQL-looking text as plain data', () => {
    const name = "Robert'); DROP TABLE leads;--";
    expect(accepted({ email: 'bobby@tables.example.com', company: { name } }).profile.company.name).toBe(name);
  });

  it('refuses a lead without a usable e-mail, saying what an address looks like', () => {
    expect(normalizeLeadFields({ first_name: 'Ana' }, lists)).toEqual({
      ok: false,
      errors: [{ path: 'email', message: 'required: the person’s e-mail address, e.g. ana@acme.com' }],
    });
    expect(normalizeLeadFields({ email: 'ana at acme' }, lists)).toEqual({
      ok: false,
      errors: [{ path: 'email', message: 'expected an e-mail address like ana@acme.com, got "ana at acme"' }],
    });
  });

  it('never refuses a lead for a bad phone: it warns and leaves the phone out', () => {
    const { profile, warnings } = accepted({ email: 'ana@acme.com', phone: '12345' });
    expect(profile.phone).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/^phone: .*add the country code, e\.g\. \+44 20 7946 0958/)]);
  });

  it('reads national phone numbers in the company’s country when the person gives none', () => {
    expect(accepted({ email: 'ana@acme.de', phone: '030 901820', company: { country: 'Deutschland' } }).profile.phone).toBe('+4930901820');
  });

  it('leaves out a country it does not recognize, with a warning', () => {
    const { profile, warnings } = accepted({ email: 'ana@acme.com', country: 'Narnia', company: { country: 'usa' } });
    expect(profile.country).toBeUndefined();
    expect(profile.company.country).toBe('US');
    expect(warnings).toEqual([expect.stringContaining('country: "Narnia" is not a country we recognize')]);
  });

  it('takes the company domain from the explicit domain, then the website, then a professional e-mail', () => {
    expect(accepted({ email: 'ana@acme.com', company: { domain: 'https://www.acme-group.com', website: 'acme.io' } }).profile.company.domain).toBe('acme-group.com');
    expect(accepted({ email: 'ana@acme.com', company: { website: 'https://www.acme.io/about' } }).profile.company).toEqual({ domain: 'acme.io', website: 'https://www.acme.io/about' });
    expect(accepted({ email: 'ana@eu.acme.com' }).profile.company.domain).toBe('acme.com');
  });

  it('does not take gmail.com as the company of a gmail user', () => {
    expect(accepted({ email: 'ana@gmail.com' }).profile.company.domain).toBeUndefined();
  });

  it('takes an internationalized website domain in punycode', () => {
    expect(accepted({ email: 'ana@gmail.com', company: { website: 'münchen.de' } }).profile.company.domain).toBe('xn--mnchen-3ya.de');
  });

  it.each([
    [250, 250],
    ['1,200', 1200],
    ['200-500', 200],
    ['10000+', 10000],
    ['1.5k', 1500],
  ])('reads a company size of %j as %j', (size, expected) => {
    expect(accepted({ email: 'ana@acme.com', company: { size } }).profile.company.size).toBe(expected);
  });

  it('refuses a size or revenue that is not a number, naming the field', () => {
    const result = normalizeLeadFields({ email: 'ana@acme.com', company: { size: 'lots', annual_revenue: -5 } }, lists);
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: 'company.size', message: 'expected a number like 1200 or a range like "200-500", got "lots"' },
        { path: 'company.annual_revenue', message: 'expected a number of 0 or more, got -5' },
      ],
    });
  });

  it('refuses values of the wrong kind from a JSON body, naming each one', () => {
    const input = { email: 'ana@acme.com', first_name: { a: 1 }, company: 'Acme', answers: [] } as unknown as RawLeadFields;
    expect(refusedPaths(input)).toEqual(['company', 'first_name', 'answers']);
  });

  it('records where the lead came from, in UTC', () => {
    const { profile } = accepted({
      email: 'ana@acme.com',
      attribution: {
        first_touch: { at: '2024-05-01T10:30:00+01:00', utm_source: ' google ', utm_medium: 'cpc', utm_campaign: '' },
        latest_touch: { at: '2024-05-03 08:00', channel: 'email' },
      },
    });
    expect(profile.attribution).toEqual({
      first_touch: { at: '2024-05-01T09:30:00.000Z', utm_source: 'google', utm_medium: 'cpc' },
      latest_touch: { at: '2024-05-03T08:00:00.000Z', channel: 'email' },
    });
  });

  it('dates a touch without a time at the moment the lead was received, when told it', () => {
    const touch = { utm_source: 'linkedin' };
    expect(refusedPaths({ email: 'ana@acme.com', attribution: { first_touch: touch } })).toEqual(['attribution.first_touch.at']);
    const { profile } = accepted({ email: 'ana@acme.com', attribution: { first_touch: touch } }, { receivedAt: '2024-06-01T00:00:00.000Z' });
    expect(profile.attribution.first_touch).toEqual({ at: '2024-06-01T00:00:00.000Z', utm_source: 'linkedin' });
  });

  it('refuses a touch time it cannot read', () => {
    expect(refusedPaths({ email: 'ana@acme.com', attribution: { first_touch: { at: 'yesterday' } } })).toEqual(['attribution.first_touch.at']);
  });

  it('keeps multi-select answers as one text', () => {
    const answers = { use_case: ['routing', ' scoring '] } as unknown as RawLeadFields['answers'];
    expect(accepted({ email: 'ana@acme.com', answers }).profile.answers).toEqual({ use_case: 'routing, scoring' });
  });
});
