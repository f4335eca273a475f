import { describe, expect, it } from 'vitest';
import { type DomainLists, emailFacts, normalizeEmail } from './email.js';

const lists: DomainLists = {
  competitors: ['Rival.io', 'https://www.other.co.uk'],
  student_suffixes: ['edu', '.ac.uk'],
  free_extra: ['@tinymail.org'],
  professional_extra: ['fastmail.com'],
};

describe('normalizeEmail', () => {
  it.each([
    [' Ana@Acme.COM ', 'ana@acme.com'],
    ['mailto:ana@acme.com', 'ana@acme.com'],
    ['MAILTO:ana@acme.com?subject=Demo', 'ana@acme.com'],
    ['ana+webinar@acme.com', 'ana+webinar@acme.com'],
    ['zoë@acme.com', 'zoë@acme.com'],
    ['ana@münchen.de', 'ana@xn--mnchen-3ya.de'],
    ['李@例子.中国', '李@xn--fsqu00a.xn--fiqs8s'],
  ])('stores %j as %j', (raw, email) => {
    expect(normalizeEmail(raw)).toEqual({ ok: true, email });
  });

  it('stores the same address typed with composed or decomposed accents once', () => {
    expect(normalizeEmail('zoe\u0308@acme.com')).toEqual(normalizeEmail('zo\u00eb@acme.com'));
  });

  it('tells the submitter what an address looks like', () => {
    expect(normalizeEmail('ana at acme')).toEqual({
      ok: false,
      error: 'expected an e-mail address like ana@acme.com, got "ana at acme"',
    });
  });

  it.each(['', 'ana@', '@acme.com', 'ana@acme', 'a..b@acme.com', '.ana@acme.com', 'ana@-acme.com', 'ana@acme..com', 'ana@1.2.3.4', '"ana b"@acme.com', 'ana@acme.com@evil.com', "robert');DROP TABLE leads;--@acme.com", `${'a'.repeat(65)}@acme.com`])(
    'refuses %j',
    (raw) => {
      expect(normalizeEmail(raw).ok).toBe(false);
    },
  );
});

describe('emailFacts', () => {
  it('sees a company address on a subdomain as professional, under its registrable domain', () => {
    expect(emailFacts('ana@mail.acme.co.uk', lists)).toEqual({
      domain: 'mail.acme.co.uk',
      registrable_domain: 'acme.co.uk',
      free_email: false,
      disposable_email: false,
      student_email: false,
      professional_email: true,
      competitor: false,
    });
  });

  it.each(['gmail.com', 'yahoo.co.uk', 'hotmail.co.uk', 'qq.com', 'gmx.de', 'tinymail.org'])('flags %s as free, not professional', (domain) => {
    const facts = emailFacts(`ana@${domain}`, lists);
    expect([facts.free_email, facts.professional_email]).toEqual([true, false]);
  });

  it('treats a provider the policy lists as professional as professional', () => {
    expect(emailFacts('ana@fastmail.com', lists)).toMatchObject({ free_email: false, professional_email: true });
  });

  it.each(['mailinator.com', 'inbox.mailinator.com', 'yopmail.com', 'anything.33mail.com'])('flags %s as disposable', (domain) => {
    expect(emailFacts(`x@${domain}`, lists)).toMatchObject({ disposable_email: true, professional_email: false });
  });

  it.each(['cs.mit.edu', 'ox.ac.uk', 'students.ox.ac.uk'])('flags %s as a student address', (domain) => {
    expect(emailFacts(`x@${domain}`, lists)).toMatchObject({ student_email: true, professional_email: false });
  });

  it('does not mistake a domain that merely ends in the same letters for a school', () => {
    expect(emailFacts('x@fedu.com', lists).student_email).toBe(false);
  });

  it('flags competitors by registrable domain, however the policy wrote them', () => {
    expect(emailFacts('x@rival.io', lists).competitor).toBe(true);
    expect(emailFacts('x@eu.other.co.uk', lists).competitor).toBe(true);
    expect(emailFacts('x@acme.com', lists).competitor).toBe(false);
  });

  it('does not call an address at localhost professional', () => {
    expect(emailFacts('root@localhost', lists)).toMatchObject({ registrable_domain: '', professional_email: false });
  });

  it('reads an internationalized domain as stored', () => {
    expect(emailFacts('ana@xn--mnchen-3ya.de', lists)).toMatchObject({ registrable_domain: 'xn--mnchen-3ya.de', professional_email: true });
  });
});
