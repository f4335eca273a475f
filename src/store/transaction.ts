/**
 * One transaction per decision, opened at the edge. PostgreSQL may abort a transaction that lost a
 * race (deadlock, serialization failure, a unique key another writer took first); those are
 * retried from the start a few times, since every decision re-reads what it needs.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';

const RETRYABLE = new Set(['40001', '40P01', '23505']);

export type Tx = Transaction<Database>;

export async function inTransaction<T>(db: Kysely<Database>, work: (tx: Tx) => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= attempts || !code || !RETRYABLE.has(code)) throw error;
    }
  }
}
