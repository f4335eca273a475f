import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import type { BatonPostgresContext } from './postgres-context.js';
import { startPostgres } from './postgres-server.js';

export const TEMPLATE_DATABASE = 'baton_template';

/**
 * One PostgreSQL for the whole `postgres` project run: started once, migrated once into
 * `baton_template`, and copied per test file by testDatabase() (CREATE DATABASE … TEMPLATE).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  // Durability off: these databases are thrown away, and a test run is not a benchmark.
  const server = await startPostgres({ fast: true });
  const serverMs = Date.now() - started;
  try {
    await server.dropDatabase(TEMPLATE_DATABASE); // left over on a BATON_TEST_PG_URL server
    await server.createDatabase(TEMPLATE_DATABASE);
    const templateUrl = server.urlFor(TEMPLATE_DATABASE);
    const migrated = await migrateTemplate(templateUrl);
    await waitForTemplateToBeIdle(server.adminUrl);
    const context: BatonPostgresContext = { adminUrl: server.adminUrl, template: TEMPLATE_DATABASE };
    project.provide('batonPostgres', context);
    const note = migrated ? 'migrated' : 'empty: src/store/migrate-url.ts does not exist yet';
    const total = Date.now() - started;
    console.log(`[postgres] ${server.adminUrl}: server up in ${serverMs} ms, template ${TEMPLATE_DATABASE} ${note} (${total} ms in all)`);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return async () => {
    await server.dropDatabase(TEMPLATE_DATABASE);
    await server.stop();
  };
}

interface MigrateUrlModule {
  migrateTemplate?: (url: string) => Promise<void>;
}

/**
 * The store (src/store/migrate-url.ts) is written alongside this harness. Until it exists the
 * template stays empty, so the harness runs before and after it lands. The specifier is a
 * variable so that `tsc` accepts this file either way; a module that exists but fails to load
 * or to migrate still fails the run.
 */
async function migrateTemplate(url: string): Promise<boolean> {
  const specifier = '../../src/store/migrate-url.js';
  const source = new URL('../../src/store/migrate-url.ts', import.meta.url);
  if (!existsSync(source) && !existsSync(new URL(specifier, import.meta.url))) return false;
  const module = (await import(specifier)) as MigrateUrlModule;
  if (typeof module.migrateTemplate !== 'function') {
    throw new Error('src/store/migrate-url.ts must export migrateTemplate(url: string): Promise<void>');
  }
  await module.migrateTemplate(url);
  return true;
}

/**
 * CREATE DATABASE … TEMPLATE fails while anyone is connected to the template, so a migration
 * that leaves its pool open would break every test file later with a confusing message.
 */
async function waitForTemplateToBeIdle(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (let waited = 0; ; waited += 100) {
      const { rows } = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
        [TEMPLATE_DATABASE],
      );
      const open = rows[0]?.n ?? 0;
      if (open === 0) return;
      if (waited >= 5_000) {
        throw new Error(
          `${open} connection(s) to ${TEMPLATE_DATABASE} still open after migrateTemplate(): ` +
            'close its pool before returning, or test databases cannot be copied from the template',
        );
      }
      await sleep(100);
    }
  } finally {
    await client.end();
  }
}
