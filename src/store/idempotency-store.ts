/**
 * Idempotency keys. The key row is inserted at the start of the request's transaction: a retry
 * racing the first attempt waits on the row's unique index until the first commits, then finds the
 * stored response. A first attempt that failed leaves nothing behind, so its retry runs afresh.
 */
import { createHash } from 'node:crypto';
import { json } from './database.js';
import { defer, query, type Tx } from './transaction.js';

export type Claim =
  | { kind: 'new' }
  | { kind: 'replay'; statusCode: number; response: unknown }
  | { kind: 'mismatch' };

export function requestHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

/** Claims the key; sent with whatever else the transaction starts in the same tick (see transaction.ts). */
export async function claimIdempotencyKey(tx: Tx, scope: string, key: string, hash: string, now: Date): Promise<Claim> {
  const inserted = await query(tx, {
    name: 'baton_claim_idempotency_key',
    sql: 'insert into idempotency_keys (scope, key, request_hash, created_at) values ($1, $2, $3, $4) on conflict (scope, key) do nothing returning key',
    parameters: [scope, key, hash, now],
  });
  if (inserted.length > 0) return { kind: 'new' };
  // A new statement, so a new snapshot: it sees the first attempt that the insert waited for.
  const row = await tx
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response'])
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  if (row.request_hash !== hash) return { kind: 'mismatch' };
  return { kind: 'replay', statusCode: row.status_code ?? 200, response: row.response };
}

/** Stores the response with the transaction's next statement or its commit. */
export async function storeIdempotentResponse(tx: Tx, scope: string, key: string, statusCode: number, response: unknown): Promise<void> {
  await defer(tx, {
    name: 'baton_store_idempotent_response',
    sql: 'update idempotency_keys set status_code = $3, response = $4::jsonb where scope = $1 and key = $2',
    parameters: [scope, key, statusCode, json(response)],
  });
}
