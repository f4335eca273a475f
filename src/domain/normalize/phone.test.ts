import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone.js';

describe('normalizePhone', () => {
  it.each([
    ['+44 20 7946 0958', undefined, '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['020 7946 0958', 'United Kingdom', '+442079460958'],
    ['0044 20 7946 0958', undefined, '+442079460958'],
    ['(415) 555-0123', 'US', '+14155550123'],
    ['+1 415 555 0123 ext. 12', undefined, '+14155550123'],
    ['030 901820', 'DE', '+4930901820'],
    ['090-1234-5678', 'JP', '+819012345678'],
    ['+91 98765 43210', undefined, '+919876543210'],
    ['+33 6 12 34 56 78', 'GB', '+33612345678'],
    ['+55 11 91234-5678', undefined, '+5511912345678'],
    ['+86 138 0013 8000', undefined, '+8613800138000'],
  ])('stores %j (default country %s) as %s', (raw, country, e164) => {
    expect(normalizePhone(raw, country)).toEqual({ ok: true, e164 });
  });

  it('asks for the country code when the country cannot be told', () => {
    expect(normalizePhone('020 7946 0958')).toEqual({
      ok: false,
      error: 'cannot tell which country "020 7946 0958" is in; add the country code, e.g. +44 20 7946 0958',
    });
  });

  it('refuses numbers that no country has issued', () => {
    expect(normalizePhone('+49 1234 567')).toMatchObject({ ok: false, error: expect.stringContaining('not a valid phone number') });
    expect(normalizePhone('555 555 5555', 'US')).toMatchObject({ ok: false, error: expect.stringContaining('in US') });
  });

  it('refuses text that is not a number', () => {
    expect(normalizePhone('call me maybe', 'US')).toMatchObject({ ok: false, error: expect.stringContaining('expected a phone number') });
  });
});
