/**
 * Opens the system of record: a PostgreSQL server when a URL is given, otherwise the embedded
 * PGlite database in a data folder guarded by a lock file (two processes on one folder would
 * corrupt it). Both return the same Kysely handle and apply the same migrations.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Kysely } from 'kysely';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import type { Database } from './database.js';
import { BatchingPostgresDialect } from './batching-postgres.js';
import { migrateToLatest } from './migrate.js';
import { PGliteDialect } from './pglite-dialect.js';

export type DatabaseConfig =
  | { kind: 'postgres'; url: string; poolSize: number }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite'; memory: true };

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: 'postgres' | 'pglite';
  /** Where the data is, for the start-up log (never a password). */
  readonly description: string;
  close(): Promise<void>;
}

export class DatabaseLockedError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `another Baton process is using the data folder ${dataDir}. Stop it first, point BATON_DATA_DIR at another folder, ` +
        'or run several processes against PostgreSQL with DATABASE_URL.',
    );
  }
}

const INT8 = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export async function openDatabase(config: DatabaseConfig, options: { migrate?: boolean } = {}): Promise<DatabaseHandle> {
  const handle = config.kind === 'postgres' ? openPostgres(config.url, config.poolSize) : await openPGlite(config);
  if (options.migrate !== false) {
    try {
      await migrateToLatest(handle.db as Kysely<unknown>);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }
  return handle;
}

function openPostgres(url: string, poolSize: number): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypes });
  // An idle pooled connection can be ended by the server (restart, a dropped database, an
  // administrator); the pool discards it and opens a new one when needed. Without a listener the
  // pool's 'error' event would crash the process.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new BatchingPostgresDialect(pool, pgTypes) });
  return { db, kind: 'postgres', description: redactUrl(url), close: () => db.destroy() };
}

async function openPGlite(config: { dataDir: string } | { memory: true }): Promise<DatabaseHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  if ('memory' in config) {
    const pglite = new PGlite();
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return { db, kind: 'pglite', description: 'embedded PGlite (in memory)', close: () => db.destroy() };
  }
  const dataDir = path.resolve(config.dataDir);
  await mkdir(dataDir, { recursive: true });
  let unlock: () => Promise<void>;
  try {
    unlock = await lockfile.lock(dataDir, { lockfilePath: `${dataDir}.lock`, stale: 15_000, update: 5_000, realpath: false });
  } catch (error) {
    if ((error as { code?: string }).code === 'ELOCKED') throw new DatabaseLockedError(dataDir);
    throw error;
  }
  const pglite = new PGlite(dataDir);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    description: `embedded PGlite in ${dataDir}`,
    close: async () => {
      await db.destroy();
      await unlock();
    },
  };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}
