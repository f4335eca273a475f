import { describe, expect, it } from 'vitest';
import { readCookie, serializeCookie } from './cookies.js';

describe('the session cookie', () => {
  it('is HTTP-only and SameSite=Lax, and Secure only when asked', () => {
    const expires = new Date('2026-03-02T10:00:00Z');
    expect(serializeCookie('s', 'abc', { expires, secure: false })).toBe('s=abc; Path=/; Expires=Mon, 02 Mar 2026 10:00:00 GMT; HttpOnly; SameSite=Lax');
    expect(serializeCookie('s', 'abc', { expires, secure: true })).toMatch(/; Secure$/);
  });

  it('is found among other cookies, and not by a name that only ends like it', () => {
    expect(readCookie('a=1; baton_session=tok-en_1; b=2', 'baton_session')).toBe('tok-en_1');
    expect(readCookie('xbaton_session=nope', 'baton_session')).toBeUndefined();
    expect(readCookie('baton_session=', 'baton_session')).toBeUndefined();
    expect(readCookie(undefined, 'baton_session')).toBeUndefined();
  });
});
