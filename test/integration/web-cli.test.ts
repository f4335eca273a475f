/**
 * `baton user add` / `baton user list` as an operator runs them, then `baton serve` letting that
 * user sign in; and `baton serve --demo` printing ready users who can sign in.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../support/server-process.js';
import { testDatabase, type TestDatabase } from '../support/test-database.js';
import { FIXTURE_POLICY } from '../support/test-app.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
let database: TestDatabase;
let env: Record<string, string>;

beforeAll(async () => {
  database = await testDatabase();
  env = { BATON_POLICY: FIXTURE_POLICY, ...(database.kind === 'postgres' ? { DATABASE_URL: database.url } : { BATON_DATA_DIR: path.join(database.dataDir, 'data') }) };
});
afterAll(async () => {
  await database?.cleanup();
});

function baton(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

async function signIn(url: string, email: string, password: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  return res.status;
}

describe('baton user', () => {
  it('refuses a rep user whose rep is not in the policy, naming the reps there are', async () => {
    const res = await baton(['user', 'add', '--email', 'zed@example.com', '--name', 'Zed', '--role', 'rep', '--rep', 'zed', '--password', 'long enough']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('rep: "zed" is not a rep in the policy; expected one of ana, ben, cy, dee, eli');
  });

  it('adds a rep with the password from standard input, lists them, and they can sign in', async () => {
    const added = await baton(['user', 'add', '--email', 'Ana@Example.com', '--name', 'Ana Ruiz', '--role', 'rep', '--rep', 'ana'], 'from stdin 123\n');
    expect(added.stderr).toBe('');
    expect(added.stdout).toBe('Added rep ana@example.com (Ana Ruiz) as rep ana.\n');
    const list = await baton(['user', 'list']);
    expect(list.stdout).toMatch(/^rep\s+ana@example\.com\s+Ana Ruiz\s+rep:ana\n$/);

    const server = await startServerProcess(env);
    try {
      expect(await signIn(server.url, 'ana@example.com', 'from stdin 123')).toBe(200);
      expect(await signIn(server.url, 'ana@example.com', 'from stdin 12')).toBe(401);
    } finally {
      await server.stop();
    }
  });
});

describe('baton serve --demo', () => {
  it('prints ready users that can sign in', async () => {
    const demoDb = await testDatabase();
    const demoEnv: Record<string, string> = demoDb.kind === 'postgres' ? { DATABASE_URL: demoDb.url } : { BATON_DATA_DIR: path.join(demoDb.dataDir, 'data') };
    const server = await startServerProcess(demoEnv, ['--demo']);
    try {
      const output = server.output();
      expect(output).toContain('password for each: baton-demo');
      expect(output).toMatch(/admin\s+admin@baton\.example/);
      expect(output).toMatch(/manager\s+maria\.chen@northwind\.example\s+Maria Chen \(manager maria\)/);
      expect(output).toMatch(/rep\s+ana\.souza@northwind\.example\s+Ana Souza \(rep ana\)/);
      for (const email of ['admin@baton.example', 'maria.chen@northwind.example', 'ana.souza@northwind.example']) expect(await signIn(server.url, email, 'baton-demo')).toBe(200);
    } finally {
      await server.stop();
      await demoDb.cleanup();
    }
  });
});
