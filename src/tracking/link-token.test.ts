import { describe, expect, it } from 'vitest';
import { signLinkToken, verifyLinkToken } from './link-token.js';

describe('tracked e-mail link tokens', () => {
  it('give back the address they were made for', () => {
    const token = signLinkToken('secret-1', 'ada@fabrikam.com');
    expect(verifyLinkToken('secret-1', token)).toBe('ada@fabrikam.com');
  });

  it('refuse a token made with another key, or with its address swapped', () => {
    const token = signLinkToken('secret-1', 'ada@fabrikam.com');
    expect(verifyLinkToken('secret-2', token)).toBeUndefined();
    const [, signature] = token.split('.');
    const forged = `${Buffer.from('ceo@fabrikam.com').toString('base64url')}.${signature}`;
    expect(verifyLinkToken('secret-1', forged)).toBeUndefined();
    expect(verifyLinkToken('secret-1', 'garbage')).toBeUndefined();
    expect(verifyLinkToken('secret-1', `${token}.x`)).toBeUndefined();
  });
});
