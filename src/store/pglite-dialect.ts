/**
 * A Kysely dialect for embedded PGlite. PGlite is one PostgreSQL backend in this process, so the
 * driver hands out its single connection to one caller at a time: a transaction holds it until it
 * commits, and other queries wait their turn instead of interleaving inside someone's transaction.
 */
import type { PGlite, Results } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { BatchingConnection, Statement } from './transaction.js';

class PGliteConnection implements BatchingConnection {
  /** Statements run one after another; deferred writes join this chain without being awaited. */
  private chain: Promise<unknown> = Promise.resolve();
  /** The first failure of a deferred write since the last transaction boundary. */
  private failure: unknown;

  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.run<R>({ sql: compiled.sql, parameters: compiled.parameters });
    const command = (result as { command?: string }).command;
    const affected = result.affectedRows ?? 0;
    const changes = command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
    return {
      rows: result.rows,
      ...(changes ? { numAffectedRows: BigInt(affected) } : {}),
    };
  }

  async query<R>(statement: Statement): Promise<R[]> {
    return (await this.run<R>(statement)).rows;
  }

  defer(statement: Statement): void {
    this.chain = this.chain.then(() => this.pglite.query(statement.sql, [...statement.parameters])).catch((error: unknown) => {
      this.failure ??= error;
    });
  }

  /** Forgets a deferred failure: the transaction it doomed has ended. */
  endTransaction(): void {
    this.failure = undefined;
  }

  private run<R>(statement: Statement): Promise<Results<R>> {
    const result = this.chain.then(() => {
      if (this.failure !== undefined) throw this.failure;
      return this.pglite.query<R>(statement.sql, [...statement.parameters]);
    });
    this.chain = result.catch(() => undefined);
    return result;
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on the embedded database');
  }
}

class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly pglite: PGlite) {
    this.connection = new PGliteConnection(pglite);
  }

  async init(): Promise<void> {
    await this.pglite.waitReady;
  }

  acquireConnection(): Promise<DatabaseConnection> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.queue.then(() => {
      this.release = release;
      return this.connection as DatabaseConnection;
    });
    this.queue = this.queue.then(() => held);
    return acquired;
  }

  /** Lets the next caller in once the current holder is done. */
  private release: (() => void) | undefined;

  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await conn.executeQuery(CompiledQuery.raw(`begin${isolation}`));
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('commit'));
    (conn as PGliteConnection).endTransaction();
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    (conn as PGliteConnection).endTransaction();
    await conn.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = undefined;
    release?.();
  }

  async destroy(): Promise<void> {
    await this.pglite.close();
  }
}

export class PGliteDialect implements Dialect {
  constructor(private readonly pglite: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pglite);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}
