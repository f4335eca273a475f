/**
 * Idempotency keys. The key row is inserted at the start of the request's transaction: a retry
 * racing the first attempt waits on the row's unique index until the first commits, then finds the
 * stored response. A first attempt that failed leaves nothing behind, so its retry runs afresh.
 */
import { createHash } from 'node:crypto';
import { json } from './database.js';
import type { Tx } from './transaction.js';

export type Claim =
  | { kind: 'new' }
  | { kind: 'replay'; statusCode: number; response: unknown }
  | { kind: 'mismatch' };

export function requestHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

export async function claimIdempotencyKey(tx: Tx, scope: string, key: string, hash: string, now: Date): Promise<Claim> {
  const inserted = await tx
    .insertInto('idempotency_keys')
    .values({ scope, key, request_hash: hash, created_at: now })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted) return { kind: 'new' };
  const row = await tx
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response'])
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  if (row.request_hash !== hash) return { kind: 'mismatch' };
  return { kind: 'replay', statusCode: row.status_code ?? 200, response: row.response };
}

export async function storeIdempotentResponse(tx: Tx, scope: string, key: string, statusCode: number, response: unknown): Promise<void> {
  await tx
    .updateTable('idempotency_keys')
    .set({ status_code: statusCode, response: json(response) })
    .where('scope', '=', scope)
    .where('key', '=', key)
    .execute();
}
