import { defineConfig } from 'vitest/config';

/**
 * Test projects:
 * - unit:      pure code, beside the code it tests (src/**\/*.test.ts)
 * - embedded:  integration tests through HTTP/CLI on the embedded database (PGlite)
 * - postgres:  the same integration tests on a real PostgreSQL started on a loopback port
 * - browser:   the web app in Debian's Chromium
 * `npm test` runs unit + embedded; CI and `npm run test:all` run all four.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['src/**/*.test.ts'], environment: 'node' },
      },
      {
        test: {
          name: 'embedded',
          include: ['test/integration/**/*.test.ts'],
          env: { BATON_TEST_DB: 'pglite' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'postgres',
          include: ['test/integration/**/*.test.ts', 'test/postgres/**/*.test.ts'],
          env: { BATON_TEST_DB: 'postgres' },
          globalSetup: ['test/support/postgres-global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          env: { BATON_TEST_DB: 'pglite' },
          // Builds web/dist once when it is missing or older than web/ (about 2 s).
          globalSetup: ['test/browser/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
