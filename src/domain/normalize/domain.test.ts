import { describe, expect, it } from 'vitest';
import { registrableDomain } from './domain.js';

describe('registrableDomain', () => {
  it.each([
    ['https://www.Acme.co.uk/about', 'acme.co.uk'],
    ['www.acme.co.uk', 'acme.co.uk'],
    ['ana@mail.acme.co.uk', 'acme.co.uk'],
    ['mailto:ana@acme.com', 'acme.com'],
    ['acme.co.uk:8443', 'acme.co.uk'],
    ['ACME.COM/pricing?plan=team#faq', 'acme.com'],
    ['https://user:secret@shop.acme.com', 'acme.com'],
    ['acme.com.', 'acme.com'],
  ])('reads the company domain from %j', (input, expected) => {
    expect(registrableDomain(input)).toBe(expected);
  });

  it('gives an internationalized domain in punycode, as e-mail addresses store it', () => {
    expect(registrableDomain('https://www.münchen.de')).toBe('xn--mnchen-3ya.de');
    expect(registrableDomain('xn--mnchen-3ya.de')).toBe('xn--mnchen-3ya.de');
  });

  it.each(['127.0.0.1', 'http://192.168.0.1/admin', '[::1]', 'localhost', 'http://localhost:3000', 'co.uk', 'garbage', 'not a domain', '', "Robert'); DROP TABLE leads;--"])(
    'finds no company domain in %j',
    (input) => {
      expect(registrableDomain(input)).toBeUndefined();
    },
  );
});
