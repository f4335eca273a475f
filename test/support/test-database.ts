import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import './postgres-context.js';
import { postgresAt } from './postgres-server.js';
import type { BatonConfig } from '../../src/config.js';

/** A database of its own for one test file; call in beforeAll and cleanup() in afterAll. */
export type TestDatabase =
  | { kind: 'postgres'; url: string; dataDir?: undefined; cleanup(): Promise<void> }
  | { kind: 'pglite'; dataDir: string; url?: undefined; cleanup(): Promise<void> };

export interface TestDatabaseOptions {
  /** PGlite only: `memory://` instead of a temp data directory. (Default: false) */
  memory?: boolean;
}

let created = 0;

/**
 * The kind follows BATON_TEST_DB, which each vitest project sets (Default: pglite).
 * postgres: a new database copied from the migrated template, so it is ready to use.
 * pglite: an empty data directory; the code under test creates and migrates the database.
 */
export async function testDatabase(opts: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const kind = process.env.BATON_TEST_DB || 'pglite';
  if (kind === 'postgres') return postgresDatabase();
  if (kind !== 'pglite') throw new Error(`BATON_TEST_DB must be pglite or postgres, not "${kind}"`);
  if (opts.memory) return { kind, dataDir: 'memory://', cleanup: async () => undefined };
  const dataDir = await mkdtemp(join(tmpdir(), 'baton-pglite-'));
  return { kind, dataDir, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
}

async function postgresDatabase(): Promise<TestDatabase> {
  const context = inject('batonPostgres');
  if (!context) {
    throw new Error(
      'BATON_TEST_DB=postgres but no server was started: run through `npx vitest run --project postgres`',
    );
  }
  const server = postgresAt(context.adminUrl);
  // Unique across the parallel workers of this run and any earlier run on a shared server.
  const name = `baton_test_${process.pid}_${++created}_${randomBytes(3).toString('hex')}`;
  await server.createDatabase(name, context.template);
  let dropped: Promise<void> | undefined;
  return {
    kind: 'postgres',
    url: server.urlFor(name),
    cleanup: () => (dropped ??= server.dropDatabase(name)),
  };
}

/** Configuration for createApp on a test's PostgreSQL database (apps side by side in one test). */
export function postgresAppConfig(url: string, policyFile: string, poolSize = 6): BatonConfig {
  return { port: 0, host: '127.0.0.1', database: { kind: 'postgres', url, poolSize }, policyFile, publicUrl: 'http://127.0.0.1', logLevel: 'silent' };
}
