import { describe, expect, it } from 'vitest';
import { touchFromPage } from './touch.js';

describe('touchFromPage', () => {
  it('reads UTM parameters and the landing page without its query', () => {
    expect(touchFromPage('https://www.example.com/pricing?utm_source=google&utm_medium=cpc&utm_campaign=q3&x=1', 'https://www.google.com/')).toEqual({
      utm_source: 'google',
      utm_medium: 'cpc',
      utm_campaign: 'q3',
      landing_page: 'https://www.example.com/pricing',
      referrer: 'https://www.google.com/',
    });
  });

  it('gives an empty touch for a direct visit and ignores text that is not a URL', () => {
    expect(touchFromPage('not a url', undefined)).toEqual({});
    expect(touchFromPage(undefined, '')).toEqual({});
  });
});
