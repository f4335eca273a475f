/**
 * One transaction per decision, opened at the edge. PostgreSQL may abort a transaction that lost a
 * race (deadlock, serialization failure, a unique key another writer took first); those are
 * retried from the start a few times, since every decision re-reads what it needs.
 *
 * Hot paths talk to the transaction's connection directly with `query` and `defer`: statements
 * issued together travel together (one round trip), and writes nobody reads go out with the next
 * statement or the commit (see batching-postgres.ts).
 */
import { CompiledQuery, type DatabaseConnection, type Kysely, type Transaction } from 'kysely';
import type { Database } from './database.js';

const RETRYABLE = new Set(['40001', '40P01', '23505']);

export type Tx = Transaction<Database>;

export interface TransactionOptions {
  /** Tries in all, when the transaction lost a race. */
  attempts?: number;
  /** Called after each failed try, before the next (or before the error is thrown). */
  onFailure?: (error: unknown) => void;
}

export async function inTransaction<T>(db: Kysely<Database>, work: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 6;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      options.onFailure?.(error);
      const code = (error as { code?: string }).code;
      if (attempt >= attempts || !code || !RETRYABLE.has(code)) throw error;
      // Spread out the transactions that collided, so they do not collide again.
      if (code !== '23505') await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 * attempt));
    }
  }
}

/**
 * A SQL statement with `$n` parameters. A `name` prepares it once per connection (the text must
 * then never change for that name): for statements run on every lead.
 */
export interface Statement {
  sql: string;
  parameters: readonly unknown[];
  name?: string;
}

/** What the Baton dialects add to a Kysely connection. */
export interface BatchingConnection extends DatabaseConnection {
  /** Sends the statement with whatever else is waiting; resolves to its rows. */
  query<R>(statement: Statement): Promise<R[]>;
  /** Queues a write for the next statement or the commit; its failure fails those. */
  defer(statement: Statement): void;
}

const connections = new WeakMap<Tx, Promise<BatchingConnection | undefined>>();

function connectionOf(tx: Tx): Promise<BatchingConnection | undefined> {
  let found = connections.get(tx);
  if (!found) {
    found = tx.getExecutor().provideConnection(async (connection) => ('defer' in connection ? (connection as BatchingConnection) : undefined));
    connections.set(tx, found);
  }
  return found;
}

/** Runs a statement in the transaction; statements started in the same tick share a round trip. */
export async function query<R>(tx: Tx, statement: Statement): Promise<R[]> {
  const connection = await connectionOf(tx);
  if (connection) return connection.query<R>(statement);
  return (await tx.executeQuery<R>(CompiledQuery.raw(statement.sql, [...statement.parameters]))).rows;
}

/** A write whose result nobody needs: it goes out with the transaction's next statement or its commit. */
export async function defer(tx: Tx, statement: Statement): Promise<void> {
  const connection = await connectionOf(tx);
  if (connection) connection.defer(statement);
  else await query(tx, statement);
}
