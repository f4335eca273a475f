/**
 * A Kysely dialect for PostgreSQL that sends a transaction's statements in as few round trips as
 * it can: `BEGIN` goes out with the first statement, writes whose results nobody reads wait for
 * the next statement or for `COMMIT`, and statements issued in the same tick share one batch.
 * A batch is one write to the socket (Parse/Bind/Describe/Execute per statement, one Sync), and
 * PostgreSQL answers it with one flush.
 *
 * Why: every round trip costs both processes a wake-up and PostgreSQL a flush, and every
 * unprepared statement a parse and a plan. At 5–7 round trips per lead the V8 profile of the
 * intake benchmark put 28 % of the server's busy samples in writev (bench/README.md).
 *
 * Semantics are those of running the statements one after another: a batch stops at the first
 * failing statement (PostgreSQL skips the rest until the Sync), and every statement from there on
 * fails with that first error, so retries (see transaction.ts) still see its SQLSTATE. A deferred
 * write that fails surfaces on the next statement or at commit.
 *
 * Statements may carry a name: they are then prepared once per connection and executed from the
 * plan cache afterwards (PostgreSQL skips parsing and planning).
 */
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
import { createRequire } from 'node:module';
import pg from 'pg';
import type { BatchingConnection, Statement } from './transaction.js';

interface FieldDescription {
  name: string;
  dataTypeID: number;
  format?: string;
}

/** pg's result builder (pg/lib/result.js), which @types/pg does not describe. */
interface ResultBuilder {
  command: string | null;
  rowCount: number | null;
  rows: Record<string, unknown>[];
  addFields(fields: FieldDescription[]): void;
  parseRow(fields: unknown[]): Record<string, unknown>;
  addRow(row: Record<string, unknown>): void;
  addCommandComplete(msg: unknown): void;
}
const Result = (pg as unknown as { Result: new (rowMode: string | undefined, types: unknown) => ResultBuilder }).Result;

/** The pg connection's message writers a batch uses. */
interface Wire {
  stream: { cork(): void; uncork(): void };
  parse(msg: { text: string; name: string; types: number[] }): void;
  bind(msg: { portal: string; statement: string; values: readonly unknown[]; binary: boolean; valueMapper: (v: unknown) => unknown }): void;
  describe(msg: { type: 'P' | 'S'; name: string }): void;
  execute(msg: { portal: string; rows: number }): void;
  close(msg: { type: 'S' | 'P'; name: string }): void;
  sync(): void;
  sendCopyFail(message: string): void;
}

/** Prepared statement names known on one server session. */
interface Session {
  prepared: Map<string, string>;
  /** Names whose Parse may or may not have run before a failed batch: closed before the next Parse. */
  unsure: Set<string>;
}

/** pg's own mapping of JavaScript values to parameters (Dates, arrays, objects), as for any pg query. */
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue: (value: unknown) => unknown };

/** One batch on the wire; pg's Client drives it through the Submittable callbacks. */
class Batch {
  readonly results: ResultBuilder[] = [];
  private current: ResultBuilder | undefined;
  private rowError: { error: unknown; at: number } | undefined;
  private newlyParsed: string[] = [];

  constructor(
    private readonly statements: readonly Statement[],
    private readonly session: Session,
    private readonly types: unknown,
    private readonly done: (error: unknown, failedAt: number) => void,
  ) {}

  submit(connection: Wire): Error | null {
    for (const { name, sql } of this.statements) {
      const known = name ? this.session.prepared.get(name) : undefined;
      if (known !== undefined && known !== sql) return new Error(`statement name ${name} is used for two different statements`);
    }
    connection.stream.cork();
    try {
      for (const statement of this.statements) {
        const name = statement.name ?? '';
        if (!name || !this.session.prepared.has(name)) {
          if (name && this.session.unsure.delete(name)) connection.close({ type: 'S', name });
          connection.parse({ text: statement.sql, name, types: [] });
          if (name) {
            this.session.prepared.set(name, statement.sql);
            this.newlyParsed.push(name);
          }
        }
        connection.bind({ portal: '', statement: name, values: statement.parameters, binary: false, valueMapper: prepareValue });
        connection.describe({ type: 'P', name: '' });
        connection.execute({ portal: '', rows: 0 });
      }
      connection.sync();
    } finally {
      connection.stream.uncork();
    }
    return null;
  }

  handleRowDescription(msg: { fields: FieldDescription[] }): void {
    this.current = new Result(undefined, this.types);
    this.current.addFields(msg.fields);
  }

  handleDataRow(msg: { fields: unknown[] }): void {
    if (this.rowError) return;
    try {
      this.current!.addRow(this.current!.parseRow(msg.fields));
    } catch (error) {
      this.rowError = { error, at: this.results.length };
    }
  }

  handleCommandComplete(msg: unknown): void {
    const result = this.current ?? new Result(undefined, this.types);
    result.addCommandComplete(msg);
    this.results.push(result);
    this.current = undefined;
  }

  handleEmptyQuery(): void {
    this.results.push(new Result(undefined, this.types));
  }

  handleError(error: unknown): void {
    // Statements after the failing one never ran, and those before it may have been parsed or
    // not: close their names before preparing them again.
    for (const name of this.newlyParsed) {
      this.session.prepared.delete(name);
      this.session.unsure.add(name);
    }
    this.done(error, this.results.length);
  }

  handleReadyForQuery(): void {
    if (this.rowError) this.done(this.rowError.error, this.rowError.at);
    else this.done(undefined, -1);
  }

  handlePortalSuspended(): void {}
  handleCopyData(): void {}
  handleCopyInResponse(connection: Wire): void {
    connection.sendCopyFail('COPY is not supported on a batching connection');
  }
}

interface Queued {
  statement: Statement;
  /** Absent for a deferred write: nobody waits for its result. */
  settle?: (error: unknown, result: ResultBuilder | undefined) => void;
}

const sessions = new WeakMap<pg.PoolClient, Session>();

class PostgresBatchingConnection implements BatchingConnection {
  private queue: Queued[] = [];
  private begin: string | undefined;
  private inTransaction = false;
  private scheduled = false;
  private sending: Promise<void> | undefined;
  /** The first failure of a deferred write in this transaction. */
  private failure: unknown;

  constructor(
    readonly client: pg.PoolClient,
    private readonly types: unknown,
  ) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.run({ sql: compiled.sql, parameters: compiled.parameters });
    return toQueryResult<R>(result);
  }

  run(statement: Statement): Promise<ResultBuilder> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ statement, settle: (error, result) => (error === undefined ? resolve(result!) : reject(error)) });
      this.schedule();
    });
  }

  async query<R>(statement: Statement): Promise<R[]> {
    return (await this.run(statement)).rows as R[];
  }

  defer(statement: Statement): void {
    if (!this.inTransaction) throw new Error('a deferred write needs a transaction to commit it');
    this.queue.push({ statement });
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported');
  }

  startTransaction(settings: TransactionSettings): void {
    this.reset();
    this.inTransaction = true;
    let sql = settings.isolationLevel || settings.accessMode ? 'start transaction' : 'begin';
    if (settings.isolationLevel) sql += ` isolation level ${settings.isolationLevel}`;
    if (settings.accessMode) sql += ` ${settings.accessMode}`;
    this.begin = sql;
  }

  async commit(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (this.begin !== undefined && this.queue.length === 0) {
      // Nothing was ever sent: there is nothing to commit.
      this.reset();
      return;
    }
    await this.run({ sql: 'commit', parameters: [] });
    this.reset();
  }

  async rollback(): Promise<void> {
    const sent = this.begin === undefined;
    this.queue = this.queue.filter((q) => q.settle); // unsent writes are simply dropped
    this.failure = undefined;
    if (sent) await this.run({ sql: 'rollback', parameters: [] });
    this.reset();
  }

  release(): void {
    this.reset();
    this.client.release();
  }

  private reset(): void {
    this.begin = undefined;
    this.inTransaction = false;
    this.failure = undefined;
    for (const q of this.queue) q.settle?.(new Error('the transaction ended before this statement was sent'), undefined);
    this.queue = [];
  }

  private schedule(): void {
    if (this.scheduled || this.sending) return;
    this.scheduled = true;
    // Everything issued in this tick (and its promise jobs) goes out together.
    process.nextTick(() => {
      this.scheduled = false;
      this.sending = this.flush().finally(() => {
        this.sending = undefined;
        if (this.queue.some((q) => q.settle)) this.schedule();
      });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    if (this.begin !== undefined) {
      batch.unshift({ statement: { sql: this.begin, parameters: [] } });
      this.begin = undefined;
    }
    const session = sessions.get(this.client) ?? { prepared: new Map(), unsure: new Set() };
    sessions.set(this.client, session);
    const { error, failedAt, results } = await new Promise<{ error: unknown; failedAt: number; results: ResultBuilder[] }>((resolve) => {
      const submittable = new Batch(
        batch.map((q) => q.statement),
        session,
        this.types,
        (error, failedAt) => resolve({ error, failedAt, results: submittable.results }),
      );
      this.client.query(submittable as unknown as pg.Submittable);
    });
    batch.forEach((queued, i) => {
      if (error === undefined || i < failedAt) return queued.settle?.(undefined, results[i]);
      if (!queued.settle && this.inTransaction) this.failure ??= error;
      queued.settle?.(error, undefined);
    });
  }
}

function toQueryResult<R>(result: ResultBuilder): QueryResult<R> {
  const changes = result.command === 'INSERT' || result.command === 'UPDATE' || result.command === 'DELETE' || result.command === 'MERGE';
  return { rows: result.rows as R[], ...(changes ? { numAffectedRows: BigInt(result.rowCount ?? 0) } : {}) };
}

class BatchingPostgresDriver implements Driver {
  private pool: pg.Pool | undefined;
  private readonly connections = new WeakMap<pg.PoolClient, PostgresBatchingConnection>();

  constructor(
    pool: pg.Pool,
    private readonly types: unknown,
  ) {
    this.pool = pool;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (!this.pool) throw new Error('driver has already been destroyed');
    const client = await this.pool.connect();
    let connection = this.connections.get(client);
    if (!connection) {
      connection = new PostgresBatchingConnection(client, this.types);
      this.connections.set(client, connection);
    }
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    (connection as PostgresBatchingConnection).startTransaction(settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PostgresBatchingConnection).commit();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PostgresBatchingConnection).rollback();
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdentifier(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quoteIdentifier(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${quoteIdentifier(name)}`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as PostgresBatchingConnection).release();
  }

  async destroy(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export class BatchingPostgresDialect implements Dialect {
  constructor(
    private readonly pool: pg.Pool,
    /** The type parsers the pool's clients use (rows of a batch are parsed with them too). */
    private readonly types: unknown,
  ) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new BatchingPostgresDriver(this.pool, this.types);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}
