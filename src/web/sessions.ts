/**
 * Web sessions. The cookie holds a random 256-bit token; the database keeps only its SHA-256, the
 * user, a CSRF token and two deadlines (idle, sliding; and absolute). Session lifetimes run on the
 * wall clock, not the workspace clock: they are a security boundary, not business time.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Principal } from '../http/principal.js';
import type { Database } from '../store/database.js';
import { principalOf, type User } from './user-rules.js';
import { userFromRow } from './user-store.js';

export const SESSION_COOKIE = 'baton_session';

export interface ActiveSession {
  /** Identifies the session row (the SHA-256 of the cookie's token). */
  id: string;
  user: User;
  principal: Principal;
  csrfToken: string;
  expiresAt: Date;
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function startSession(db: Kysely<Database>, userId: string, limits: { idleMs: number; maxMs: number }, now = new Date()): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const absolute = new Date(now.getTime() + limits.maxMs);
  const expiresAt = new Date(Math.min(now.getTime() + limits.idleMs, absolute.getTime()));
  await db
    .insertInto('web_sessions')
    .values({ token_hash: digest(token), user_id: userId, csrf_token: csrfToken, created_at: now, expires_at: expiresAt, absolute_expires_at: absolute, idle_ms: limits.idleMs })
    .execute();
  // Expired sessions of this user go now rather than by a sweeper: sign-ins are rare enough.
  await db.deleteFrom('web_sessions').where('user_id', '=', userId).where('expires_at', '<=', now).execute();
  return { token, csrfToken, expiresAt };
}

/**
 * The live session for this cookie value, or undefined. A session used after half its idle time
 * has passed slides forward (one write per half idle period, not one per request).
 */
export async function resolveSession(db: Kysely<Database>, token: string, now = new Date()): Promise<ActiveSession | undefined> {
  const row = await db
    .selectFrom('web_sessions as s')
    .innerJoin('web_users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select(['s.token_hash', 's.csrf_token', 's.expires_at', 's.absolute_expires_at', 's.idle_ms'])
    .where('s.token_hash', '=', digest(token))
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
  if (!row) return undefined;
  let expiresAt = new Date(row.expires_at);
  const renewed = new Date(Math.min(now.getTime() + row.idle_ms, new Date(row.absolute_expires_at).getTime()));
  if (expiresAt.getTime() - now.getTime() < row.idle_ms / 2 && renewed > expiresAt) {
    await db.updateTable('web_sessions').set({ expires_at: renewed }).where('token_hash', '=', row.token_hash).execute();
    expiresAt = renewed;
  }
  const user = userFromRow(row);
  return { id: row.token_hash, user, principal: principalOf(user), csrfToken: row.csrf_token, expiresAt };
}

export async function endSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('web_sessions').where('token_hash', '=', sessionId).execute();
}
