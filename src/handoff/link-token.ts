/**
 * One-click link tokens: the lead, the rep, the action and an expiry, signed with HMAC-SHA256.
 * `<payload>.<signature>`, both base64url, so a token fits in a URL path. Anyone holding the link
 * can act as that rep on that lead, for that action only, until it expires.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const LINK_ACTIONS = ['accept', 'reject', 'attempt'] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];

export interface LinkClaims {
  leadId: string;
  rep: string;
  action: LinkAction;
  expiresAt: Date;
}

const payloadSchema = z.strictObject({ l: z.uuid(), r: z.string().min(1), a: z.enum(LINK_ACTIONS), x: z.number().int() });

export function signLink(secret: Buffer, claims: LinkClaims): string {
  const payload = Buffer.from(
    JSON.stringify({ l: claims.leadId, r: claims.rep, a: claims.action, x: Math.floor(claims.expiresAt.getTime() / 1000) }),
  ).toString('base64url');
  return `${payload}.${signature(secret, payload)}`;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'malformed' | 'forged' | 'expired'; claims?: LinkClaims };

export function verifyLink(secret: Buffer, token: string, now: Date): LinkCheck {
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, reason: 'malformed' };
  const [payload, sent] = parts as [string, string];
  const expected = Buffer.from(signature(secret, payload));
  const given = Buffer.from(sent);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const parsed = payloadSchema.safeParse(decoded);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const claims: LinkClaims = { leadId: parsed.data.l, rep: parsed.data.r, action: parsed.data.a, expiresAt: new Date(parsed.data.x * 1000) };
  if (claims.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

function signature(secret: Buffer, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}
