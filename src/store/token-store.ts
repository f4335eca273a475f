/**
 * API tokens. Only a SHA-256 of each token is stored; the token itself is shown once, when made.
 * Scopes: `ingest` may send leads, events and accounts; `read` may read them; `act` may take rep and
 * manager actions on leads; `admin` may do all.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { json, type Database } from './database.js';

/** ingest: send leads and events; read: read them; act: rep and manager actions on leads; admin: everything. */
export const SCOPES = ['ingest', 'read', 'act', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface TokenIdentity {
  id: string;
  name: string;
  scopes: Scope[];
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newTokenSecret(): string {
  return `bt_${randomBytes(24).toString('base64url')}`;
}

export async function createToken(db: Kysely<Database>, name: string, scopes: Scope[], now: Date, secret = newTokenSecret()): Promise<{ token: string; id: string }> {
  const id = randomUUID();
  await db
    .insertInto('api_tokens')
    .values({ id, name, token_hash: hashToken(secret), scopes: json(scopes), created_at: now })
    .onConflict((oc) => oc.column('token_hash').doUpdateSet({ name, scopes: json(scopes), revoked_at: null }))
    .execute();
  return { token: secret, id };
}

export async function findToken(db: Kysely<Database>, secret: string): Promise<TokenIdentity | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'scopes'])
    .where('token_hash', '=', hashToken(secret))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? { id: row.id, name: row.name, scopes: row.scopes as Scope[] } : undefined;
}
