import { describe, expect, it } from 'vitest';
import { originMatcher } from './origins.js';

describe('originMatcher', () => {
  it('accepts listed origins exactly, in any case', () => {
    const allowed = originMatcher(['https://www.example.com']);
    expect(allowed('https://www.example.com')).toBe(true);
    expect(allowed('HTTPS://WWW.EXAMPLE.COM')).toBe(true);
    expect(allowed('http://www.example.com')).toBe(false);
    expect(allowed('https://www.example.com:8443')).toBe(false);
    expect(allowed('https://www.example.com.evil.io')).toBe(false);
  });

  it('lets * stand for one host label, never for a dot or another domain', () => {
    const allowed = originMatcher(['https://*.example.com']);
    expect(allowed('https://shop.example.com')).toBe(true);
    expect(allowed('https://a-b.example.com')).toBe(true);
    expect(allowed('https://example.com')).toBe(false);
    expect(allowed('https://a.b.example.com')).toBe(false);
    expect(allowed('https://evil.io/.example.com')).toBe(false);
    expect(allowed('https://evilexample.com')).toBe(false);
  });

  it('lets :* stand for any port', () => {
    const allowed = originMatcher(['http://localhost:*']);
    expect(allowed('http://localhost:5173')).toBe(true);
    expect(allowed('http://localhost')).toBe(false);
    expect(allowed('http://localhost.evil.io:80')).toBe(false);
  });

  it('refuses a missing or opaque origin', () => {
    const allowed = originMatcher(['https://www.example.com']);
    expect(allowed('')).toBe(false);
    expect(allowed('null')).toBe(false);
  });
});
