import { describe, expect, it } from 'vitest';
import { globToRegExp } from './glob.js';

describe('globToRegExp', () => {
  it('matches any run of characters for *, across slashes', () => {
    const pricing = globToRegExp('/pricing*');
    expect(pricing.test('/pricing')).toBe(true);
    expect(pricing.test('/pricing/enterprise?plan=team')).toBe(true);
    expect(pricing.test('/docs/pricing')).toBe(false);
  });

  it('matches exactly one character for ?', () => {
    const page = globToRegExp('/docs/v?');
    expect(page.test('/docs/v2')).toBe(true);
    expect(page.test('/docs/v')).toBe(false);
    expect(page.test('/docs/v10')).toBe(false);
    expect(globToRegExp('?').test('😀')).toBe(true);
  });

  it('treats every other character literally', () => {
    const glob = globToRegExp('/a.b+(c)[d]{2}|$^\\e-f');
    expect(glob.test('/a.b+(c)[d]{2}|$^\\e-f')).toBe(true);
    expect(glob.test('/aXb+(c)[d]{2}|$^\\e-f')).toBe(false);
  });

  it('ignores case and must cover the whole text', () => {
    expect(globToRegExp('/Pricing').test('/PRICING')).toBe(true);
    expect(globToRegExp('/pricing').test('/pricing/')).toBe(false);
    expect(globToRegExp('*utm_campaign=spring*').test('/?UTM_CAMPAIGN=Spring24')).toBe(true);
  });

  it('stays fast on many stars against a long text that does not match', () => {
    const started = performance.now();
    expect(globToRegExp('*****************a').test('b'.repeat(5_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
