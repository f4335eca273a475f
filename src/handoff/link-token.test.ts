import { describe, expect, it } from 'vitest';
import { signLink, verifyLink } from './link-token.js';

const secret = Buffer.from('a-test-secret-of-enough-length-0123456789');
const claims = { leadId: '0b9c3c2e-8f6d-4d8e-9a51-5f0f4b7f3d21', rep: 'ana', action: 'accept' as const, expiresAt: new Date('2026-06-08T12:00:00Z') };
const before = new Date('2026-06-08T11:59:00Z');

describe('one-click link tokens', () => {
  it('verifies a token it signed, with its claims, until it expires', () => {
    const token = signLink(secret, claims);
    expect(verifyLink(secret, token, before)).toEqual({ ok: true, claims });
    expect(verifyLink(secret, token, new Date('2026-06-08T12:00:00Z'))).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('refuses a token whose claims were changed, or signed with another secret', () => {
    const token = signLink(secret, claims);
    const [payload, sig] = token.split('.') as [string, string];
    const bytes = Buffer.from(payload, 'base64url');
    bytes.write('ben', bytes.length - 3);
    expect(verifyLink(secret, `${bytes.toString('base64url')}.${sig}`, before)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyLink(Buffer.from('another-secret'), token, before)).toEqual({ ok: false, reason: 'forged' });
  });

  it('refuses text that is not a token', () => {
    expect(verifyLink(secret, 'not-a-token', before)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyLink(secret, '', before)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyLink(secret, 'AAAA.BBBB', before)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('stays short enough for an SMS', () => {
    expect(signLink(secret, claims)).toHaveLength(57);
  });
});
