import { describe, expect, it } from 'vitest';
import type { Company } from '../lead/profile.js';
import { type DomainLists, emailFacts } from '../normalize/email.js';
import { type AccountCandidate, accountLookupKeys, matchAccount } from './match.js';

const lists: DomainLists = { competitors: [], student_suffixes: ['edu'], free_extra: [], professional_extra: [] };

function lead(email: string, company: Company = {}) {
  return { facts: emailFacts(email, lists), company };
}

function account(id: string, name: string, extra: Partial<AccountCandidate> = {}): AccountCandidate {
  return { id, name, normalized_name: '', is_customer: false, ...extra };
}

const acme = account('a1', 'Acme Ltd', { normalized_name: 'acme', domain: 'acme.co.uk', owner: 'sam@us.com', segment: 'enterprise', is_customer: true });
const globex = account('g1', 'Globex', { normalized_name: 'globex', domain: 'globex.com' });

describe('matchAccount', () => {
  it('matches a lead from mail.acme.co.uk to the account acme.co.uk', () => {
    expect(matchAccount(lead('ana@mail.acme.co.uk'), [globex, acme])).toEqual({
      account_id: 'a1',
      name: 'Acme Ltd',
      owner: 'sam@us.com',
      is_customer: true,
      segment: 'enterprise',
      method: 'domain',
      confidence: 1,
    });
  });

  it('never matches a gmail.com address to an account by domain', () => {
    const gmailAccount = account('x1', 'Sole trader', { domain: 'gmail.com' });
    expect(matchAccount(lead('ana@gmail.com'), [gmailAccount])).toBeUndefined();
    expect(matchAccount(lead('ana@gmail.com', { domain: 'gmail.com' }), [gmailAccount])).toBeUndefined();
  });

  it('matches a gmail user by the company domain they gave', () => {
    expect(matchAccount(lead('ana@gmail.com', { domain: 'www.globex.com' }), [acme, globex])).toMatchObject({
      account_id: 'g1',
      method: 'company_domain',
      confidence: 0.9,
    });
  });

  it('trusts the e-mail domain over the company domain the person typed', () => {
    expect(matchAccount(lead('ana@acme.co.uk', { domain: 'globex.com' }), [globex, acme])).toMatchObject({ account_id: 'a1', method: 'domain' });
  });

  it('matches by company name when no domain matches', () => {
    expect(matchAccount(lead('ana@gmail.com', { name: 'ACME, Inc.' }), [acme, globex])).toMatchObject({
      account_id: 'a1',
      method: 'name',
      confidence: 0.75,
    });
  });

  it('does not match a company name two accounts share', () => {
    const otherAcme = account('a2', 'Acme Corporation', { normalized_name: 'acme', domain: 'acme.com.au' });
    expect(matchAccount(lead('ana@gmail.com', { name: 'Acme' }), [acme, otherAcme])).toBeUndefined();
  });

  it('counts an account listed twice as one name match', () => {
    expect(matchAccount(lead('ana@gmail.com', { name: 'Acme' }), [acme, acme])).toMatchObject({ account_id: 'a1' });
  });

  it('matches accented and legal-form variants of a name', () => {
    const muller = account('m1', 'Müller GmbH & Co. KG');
    expect(matchAccount(lead('jo@web.de', { name: 'MULLER gmbh' }), [muller])).toMatchObject({ account_id: 'm1', method: 'name' });
  });

  it('matches an internationalized domain however the account wrote it', () => {
    const munich = account('s1', 'Stadtwerke München', { domain: 'münchen.de' });
    expect(matchAccount(lead('ana@xn--mnchen-3ya.de'), [munich])).toMatchObject({ account_id: 's1', method: 'domain' });
  });

  it('prefers the customer account when accounts share a domain', () => {
    const prospect = account('a0', 'Acme UK', { domain: 'acme.co.uk' });
    expect(matchAccount(lead('ana@acme.co.uk'), [prospect, acme])).toMatchObject({ account_id: 'a1' });
  });

  it('matches an SQL-looking company name as plain text', () => {
    const bobby = account('b1', "Robert'); DROP TABLE leads;--");
    expect(matchAccount(lead('x@gmail.com', { name: "robert'); drop table leads;--" }), [bobby])).toMatchObject({ account_id: 'b1' });
  });

  it('finds nothing when no account fits', () => {
    expect(matchAccount(lead('ana@initech.com', { name: 'Initech' }), [acme, globex])).toBeUndefined();
  });
});

describe('accountLookupKeys', () => {
  it('asks for the e-mail domain, the company domain and the company name', () => {
    expect(accountLookupKeys(lead('ana@mail.acme.co.uk', { domain: 'https://acme.com', name: 'Acme Ltd' }))).toEqual({
      domains: ['acme.co.uk', 'acme.com'],
      normalizedNames: ['acme'],
    });
  });

  it('does not ask for free or student mailbox domains', () => {
    expect(accountLookupKeys(lead('ana@gmail.com', { domain: 'gmail.com' }))).toEqual({ domains: [], normalizedNames: [] });
    expect(accountLookupKeys(lead('ana@cs.mit.edu'))).toEqual({ domains: [], normalizedNames: [] });
  });

  it('asks for a domain once', () => {
    expect(accountLookupKeys(lead('ana@acme.com', { domain: 'acme.com' })).domains).toEqual(['acme.com']);
  });
});
