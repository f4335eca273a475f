/**
 * One-click link tokens: the lead, the rep, the action and an expiry, signed with HMAC-SHA256.
 * Anyone holding the link can act as that rep on that lead, for that action only, until it
 * expires.
 *
 * Compact, because links go out in SMS and Slack too: `<payload>.<mac>` in base64url, the payload
 * packed as bytes (format 1, action, expiry in Unix seconds, the lead's UUID, the rep id) and the
 * MAC the first 128 bits of HMAC-SHA256 (RFC 2104 allows truncation to half the hash length).
 * A link for rep "ana" is 57 characters.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const LINK_ACTIONS = ['accept', 'reject', 'attempt'] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];

export interface LinkClaims {
  leadId: string;
  rep: string;
  action: LinkAction;
  expiresAt: Date;
}

const FORMAT = 1;
const MAC_BYTES = 16;
const HEADER_BYTES = 1 + 1 + 4 + 16;

export function signLink(secret: Buffer, claims: LinkClaims): string {
  const rep = Buffer.from(claims.rep, 'utf8');
  const payload = Buffer.alloc(HEADER_BYTES + rep.length);
  payload.writeUInt8(FORMAT, 0);
  payload.writeUInt8(LINK_ACTIONS.indexOf(claims.action), 1);
  payload.writeUInt32BE(Math.floor(claims.expiresAt.getTime() / 1000), 2);
  Buffer.from(claims.leadId.replaceAll('-', ''), 'hex').copy(payload, 6);
  rep.copy(payload, HEADER_BYTES);
  return `${payload.toString('base64url')}.${mac(secret, payload).toString('base64url')}`;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'malformed' | 'forged' | 'expired'; claims?: LinkClaims };

export function verifyLink(secret: Buffer, token: string, now: Date): LinkCheck {
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, reason: 'malformed' };
  const payload = Buffer.from(parts[0], 'base64url');
  const given = Buffer.from(parts[1], 'base64url');
  if (payload.length <= HEADER_BYTES || given.length !== MAC_BYTES) return { ok: false, reason: 'malformed' };
  if (!timingSafeEqual(given, mac(secret, payload))) return { ok: false, reason: 'forged' };
  const action = LINK_ACTIONS[payload.readUInt8(1)];
  if (payload.readUInt8(0) !== FORMAT || !action) return { ok: false, reason: 'malformed' };
  const hex = payload.subarray(6, HEADER_BYTES).toString('hex');
  const claims: LinkClaims = {
    leadId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
    rep: payload.subarray(HEADER_BYTES).toString('utf8'),
    action,
    expiresAt: new Date(payload.readUInt32BE(2) * 1000),
  };
  if (claims.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

function mac(secret: Buffer, payload: Buffer): Buffer {
  return createHmac('sha256', secret).update(payload).digest().subarray(0, MAC_BYTES);
}
