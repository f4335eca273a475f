import { describe, expect, it } from 'vitest';
import { normalizeCountry } from './country.js';

describe('normalizeCountry', () => {
  it.each([
    ['US', 'US'],
    ['usa', 'US'],
    ['U.S.A.', 'US'],
    ['United States of America', 'US'],
    ['  united   states ', 'US'],
    ['UK', 'GB'],
    ['U.K.', 'GB'],
    ['Great Britain', 'GB'],
    ['England', 'GB'],
    ['GBR', 'GB'],
    ['Deutschland', 'DE'],
    ['Germany', 'DE'],
    ['deu', 'DE'],
    ['Holland', 'NL'],
    ['The Netherlands', 'NL'],
    ["Côte d'Ivoire", 'CI'],
    ['cote d’ivoire', 'CI'],
    ['Türkiye', 'TR'],
    ['South Korea', 'KR'],
    ['Korea, Republic of', 'KR'],
    ['Viet Nam', 'VN'],
    ['Frankreich', 'FR'],
    ['Großbritannien', 'GB'],
  ])('reads %j as %s', (raw, code) => {
    expect(normalizeCountry(raw)).toBe(code);
  });

  it.each(['Narnia', '', 'XX', 'Europe'])('does not guess a country for %j', (raw) => {
    expect(normalizeCountry(raw)).toBeUndefined();
  });
});
