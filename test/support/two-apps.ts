/**
 * Two Baton apps side by side on one fresh PostgreSQL database, as two processes would be: for
 * tests of what several processes do to the same rows. Registers its own beforeAll / afterAll;
 * `a` and `b` are there from the first test on.
 */
import { afterAll, beforeAll } from 'vitest';
import { createApp, type AppOptions, type BatonApp } from '../../src/app.js';
import { postgresAppConfig, testDatabase, type TestDatabase } from './test-database.js';

export interface TwoApps {
  a: BatonApp;
  b: BatonApp;
}

export function twoAppsOnOneDatabase(policyFile: string, options: AppOptions): TwoApps {
  const apps = {} as TwoApps;
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await testDatabase();
    const config = postgresAppConfig(database.url!, policyFile);
    apps.a = await createApp(config, options);
    apps.b = await createApp(config, options);
  });
  afterAll(async () => {
    await apps.a?.close();
    await apps.b?.close();
    await database?.cleanup();
  });
  return apps;
}
