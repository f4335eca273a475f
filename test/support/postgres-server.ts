import { type ChildProcess, spawn } from 'node:child_process';
import { chownSync, closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type PostgresBinaries, type ServerAccount, findPostgresBinaries, serverAccount } from './postgres-binaries.js';

export interface PostgresServer {
  port: number;
  /** 127.0.0.1 for a server started here; the URL's host for one given by BATON_TEST_PG_URL. */
  host: string;
  /** Superuser URL for the `postgres` maintenance database. */
  adminUrl: string;
  urlFor(database: string): string;
  /** Creates `name`, copied from `template` when given (Default: the server's template1). */
  createDatabase(name: string, template?: string): Promise<void>;
  /** Drops `name` if it exists, disconnecting anyone still connected. */
  dropDatabase(name: string): Promise<void>;
  /** Shuts the server down and removes its files; does nothing for a BATON_TEST_PG_URL server. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /**
   * Trade durability for speed: fsync, synchronous_commit and full_page_writes off. For tests
   * only; benchmarks keep the default so their numbers hold on a real server. (Default: false)
   */
  fast?: boolean;
  /** Extra server settings, each passed as `-c name=value`. (Default: none) */
  settings?: Record<string, string>;
  /** How long to wait for the server to accept connections. (Default: 60_000 ms) */
  startTimeoutMs?: number;
  /** Use this running server instead of starting one. (Default: env BATON_TEST_PG_URL) */
  url?: string;
}

const SUPERUSER = 'postgres';
const PORT_ATTEMPTS = 3;

/** Starts a throwaway PostgreSQL on a free 127.0.0.1 port, or wraps BATON_TEST_PG_URL. */
export async function startPostgres(opts: StartPostgresOptions = {}): Promise<PostgresServer> {
  const url = opts.url ?? process.env.BATON_TEST_PG_URL;
  if (url) return postgresAt(url);

  const binaries = findPostgresBinaries();
  const account = serverAccount();
  const root = await mkdtemp(join(tmpdir(), 'baton-pg-'));
  try {
    if (account) chownSync(root, account.uid, account.gid);
    const dataDir = join(root, 'data');
    await run(binaries.initdb, initdbArgs(dataDir), account, root);
    for (let attempt = 1; ; attempt++) {
      // Another process can take the port between our probe and the server's bind: retry.
      const port = await freeLoopbackPort();
      const started = await launch(binaries, account, root, dataDir, port, opts);
      if (started !== 'port-taken') return started;
      if (attempt === PORT_ATTEMPTS) throw new Error(`PostgreSQL could not bind a free port in ${PORT_ATTEMPTS} tries`);
    }
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}

function initdbArgs(dataDir: string): string[] {
  // C locale, UTF8 and (below) UTC match PGlite, so the embedded and postgres suites agree.
  return ['-D', dataDir, '--auth=trust', '-U', SUPERUSER, '--no-sync', '--encoding=UTF8', '--locale=C', '--no-instructions'];
}

function serverArgs(dataDir: string, root: string, port: number, opts: StartPostgresOptions): string[] {
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: root,
    max_connections: '200',
    timezone: 'UTC',
    log_timezone: 'UTC',
    ...(opts.fast ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {}),
    ...opts.settings,
  };
  return ['-D', dataDir, ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
}

async function launch(
  binaries: PostgresBinaries,
  account: ServerAccount | undefined,
  root: string,
  dataDir: string,
  port: number,
  opts: StartPostgresOptions,
): Promise<PostgresServer | 'port-taken'> {
  const logFile = join(root, `postgres-${port}.log`);
  const logFd = openSync(logFile, 'a');
  const child = spawn(binaries.postgres, serverArgs(dataDir, root, port, opts), {
    cwd: root,
    stdio: ['ignore', logFd, logFd],
    ...(account ? { uid: account.uid, gid: account.gid } : {}),
  });
  closeSync(logFd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', () => undefined); // surfaced through `exited` and the log
  // A run that ends without stop() (a crash, SIGTERM to vitest) must not leave a server
  // behind. Immediate shutdown, then a best-effort removal of the files it no longer needs.
  const killOnExit = () => {
    if (child.exitCode === null) child.kill('SIGQUIT');
    try {
      rmSync(root, { recursive: true, force: true });
    } catch {
      // the dying server may still be unlinking its socket; a leftover temp dir is harmless
    }
  };
  process.once('exit', killOnExit);
  child.unref();

  const adminUrl = urlOn('127.0.0.1', port, 'postgres');
  const ready = await waitUntilReady(adminUrl, exited, opts.startTimeoutMs ?? 60_000);
  if (ready !== 'ready') {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null) {
      child.kill('SIGQUIT');
      await exited;
    }
    const log = readLog(logFile);
    if (/could not bind|Address already in use/i.test(log)) return 'port-taken';
    const why = ready === 'timeout' ? 'did not accept connections in time' : 'exited during start';
    throw new Error(`PostgreSQL ${binaries.major} (${binaries.dir}) ${why}. Server log:\n${log}`);
  }

  let stopping: Promise<void> | undefined;
  const stop = async () => {
    if (child.exitCode === null) {
      try {
        await run(binaries.pgCtl, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '60'], account, root);
      } catch {
        child.kill('SIGQUIT');
      }
      await exited;
    }
    process.removeListener('exit', killOnExit);
    await rm(root, { recursive: true, force: true });
  };
  return {
    ...admin('127.0.0.1', port, adminUrl),
    stop: () => (stopping ??= stop()),
  };
}

/** A server someone else runs (BATON_TEST_PG_URL, or the one a globalSetup started); stop() leaves it up. */
export function postgresAt(url: string): PostgresServer {
  const parsed = new URL(url);
  const port = Number(parsed.port || 5432);
  return { ...admin(parsed.hostname, port, url), stop: async () => undefined };
}

function admin(host: string, port: number, adminUrl: string): Omit<PostgresServer, 'stop'> {
  const urlFor = (database: string) => {
    const url = new URL(adminUrl);
    url.pathname = `/${encodeURIComponent(database)}`;
    return url.toString();
  };
  const exec = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    port,
    host,
    adminUrl,
    urlFor,
    createDatabase: (name, template) =>
      exec(`CREATE DATABASE ${identifier(name)}${template ? ` TEMPLATE ${identifier(template)}` : ''}`),
    dropDatabase: (name) => exec(`DROP DATABASE IF EXISTS ${identifier(name)} WITH (FORCE)`),
  };
}

/** Database names come from test code; refusing odd ones beats quoting them. */
function identifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`Database name "${name}" must be lower-case letters, digits and _ (at most 63)`);
  }
  return `"${name}"`;
}

function urlOn(host: string, port: number, database: string): string {
  return `postgres://${SUPERUSER}@${host}:${port}/${database}`;
}

async function waitUntilReady(url: string, exited: Promise<void>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void exited.then(() => (gone = true));
  while (!gone && Date.now() < deadline) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return 'ready' as const;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return gone ? ('exited' as const) : ('timeout' as const);
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Runs a PostgreSQL tool to completion; the error carries its output. */
function run(file: string, args: string[], account: ServerAccount | undefined, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(file, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(account ? { uid: account.uid, gid: account.gid } : {}),
    });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) return resolve(output);
      const as = account ? ` as ${account.name}` : '';
      reject(new Error(`${file} ${args.join(' ')}${as} failed (${signal ?? `exit ${code}`}):\n${output.trim()}`));
    });
  });
}
