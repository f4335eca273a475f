/**
 * Tracked e-mail links: marketing adds `baton_t=<token>` to links in its e-mails; the snippet on
 * the landing page sends the token, and Baton identifies the visitor as that e-mail's lead. The
 * token is the address and an HMAC of it, so nobody can make one for an address they choose.
 * The key is generated once and kept in the database (every process shares it).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';

export const LINK_PARAM = 'baton_t';

export function signLinkToken(secret: string, email: string): string {
  return `${Buffer.from(email, 'utf8').toString('base64url')}.${mac(secret, email)}`;
}

/** The e-mail a token was made for, or undefined if it was not made with this secret. */
export function verifyLinkToken(secret: string, token: string): string | undefined {
  const [encoded, signature, extra] = token.split('.');
  if (!encoded || !signature || extra !== undefined) return undefined;
  const email = Buffer.from(encoded, 'base64url').toString('utf8');
  const expected = Buffer.from(mac(secret, email));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? email : undefined;
}

function mac(secret: string, email: string): string {
  return createHmac('sha256', secret).update(`email-link:${email}`).digest('base64url').slice(0, 27);
}

/** The signing key, created on first use. */
export async function linkSecret(db: Kysely<Database>, now: Date): Promise<string> {
  await db
    .insertInto('tracking_secrets')
    .values({ name: 'email_link', value: randomBytes(32).toString('base64url'), created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('tracking_secrets').select('value').where('name', '=', 'email_link').executeTakeFirstOrThrow();
  return row.value;
}
