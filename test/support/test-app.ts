/**
 * A real Baton for integration tests: the app on the test database (PGlite or PostgreSQL per the
 * vitest project), listening on a loopback port, with an admin and an ingest-only token.
 */
import path from 'node:path';
import { createApp, type BatonApp } from '../../src/app.js';
import type { BatonConfig } from '../../src/config.js';
import type { Clock } from '../../src/intake/context.js';
import { createToken } from '../../src/store/token-store.js';
import { testDatabase } from './test-database.js';

export const FIXTURE_POLICY = path.resolve(import.meta.dirname, '../fixtures/policy.yaml');

export interface TestApp {
  url: string;
  app: BatonApp;
  adminToken: string;
  ingestToken: string;
  readToken: string;
  /** fetch against the app with the admin token (or the one given) and JSON bodies. */
  api(method: string, route: string, body?: unknown, init?: { token?: string; headers?: Record<string, string>; raw?: string }): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  policyFile?: string;
  clock?: Clock;
  /** Settings the modules read (SMTP, Slack, secrets…), instead of process.env. */
  env?: NodeJS.ProcessEnv;
  /** Start the modules' workers (Default: true). */
  workers?: boolean;
  /** Seed the modules' demo data, as `baton serve --demo` does. */
  demo?: boolean;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await testDatabase();
  const config: BatonConfig = {
    port: 0,
    host: '127.0.0.1',
    database: database.kind === 'postgres' ? { kind: 'postgres', url: database.url, poolSize: 10 } : database.dataDir === 'memory://' ? { kind: 'pglite', memory: true } : { kind: 'pglite', dataDir: path.join(database.dataDir, 'data') },
    policyFile: options.policyFile ?? FIXTURE_POLICY,
    publicUrl: 'http://127.0.0.1',
    logLevel: 'silent',
  };
  const app = await createApp(config, {
    logger: false,
    env: options.env ?? {},
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    ...(options.demo !== undefined ? { demo: options.demo } : {}),
  });
  const now = new Date();
  const adminToken = (await createToken(app.deps.db, 'test admin', ['admin'], now)).token;
  const ingestToken = (await createToken(app.deps.db, 'test ingest', ['ingest'], now)).token;
  const readToken = (await createToken(app.deps.db, 'test read', ['read'], now)).token;
  const address = await app.server.listen({ port: 0, host: '127.0.0.1' });
  // Links in notifications point at this server: modules read the URL when they build one.
  config.publicUrl = address;
  const api: TestApp['api'] = async (method, route, body, init = {}) => {
    const token = init.token ?? adminToken;
    const response = await fetch(`${address}${route}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined || init.raw !== undefined ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      ...(init.raw !== undefined ? { body: init.raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
  return {
    url: address,
    app,
    adminToken,
    ingestToken,
    readToken,
    api,
    close: async () => {
      await app.close();
      await database.cleanup();
    },
  };
}
