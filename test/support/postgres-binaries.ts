import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The oldest server major version Baton supports. */
export const MIN_POSTGRES_MAJOR = 15;

export const BINARIES_NOT_FOUND =
  'PostgreSQL 15+ server binaries not found: apt-get install postgresql, or set BATON_PG_BIN';

export interface PostgresBinaries {
  dir: string;
  major: number;
  initdb: string;
  postgres: string;
  pgCtl: string;
}

/** The operating-system account the server runs as; undefined means "as this process". */
export interface ServerAccount {
  name: string;
  uid: number;
  gid: number;
}

/**
 * Finds initdb, postgres and pg_ctl: `BATON_PG_BIN` if set (and then only there), else the
 * newest Debian/Ubuntu install under /usr/lib/postgresql/<major>/bin, else the first directory
 * on PATH that holds initdb (Homebrew, Nix, Postgres.app).
 */
export function findPostgresBinaries(env: NodeJS.ProcessEnv = process.env): PostgresBinaries {
  const explicit = env.BATON_PG_BIN;
  if (explicit) {
    const found = inspect(explicit);
    if (!found) throw new Error(`${BINARIES_NOT_FOUND} (BATON_PG_BIN=${explicit} holds no usable initdb, postgres and pg_ctl)`);
    if (found.major < MIN_POSTGRES_MAJOR) {
      throw new Error(`${BINARIES_NOT_FOUND} (BATON_PG_BIN=${explicit} is PostgreSQL ${found.major})`);
    }
    return found;
  }
  const candidates = [...debianBinDirs(), ...(env.PATH ?? '').split(delimiter).filter(Boolean)];
  for (const dir of candidates) {
    const found = inspect(dir);
    if (found && found.major >= MIN_POSTGRES_MAJOR) return found;
  }
  throw new Error(BINARIES_NOT_FOUND);
}

/** Newest major first, so a machine with 15 and 17 installed runs 17. */
function debianBinDirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a))
    .map((major) => join(root, major, 'bin'));
}

function inspect(dir: string): PostgresBinaries | undefined {
  const initdb = join(dir, 'initdb');
  const postgres = join(dir, 'postgres');
  const pgCtl = join(dir, 'pg_ctl');
  if (![initdb, postgres, pgCtl].every((file) => existsSync(file))) return undefined;
  // `postgres --version` is answered before the server's refuse-to-run-as-root check.
  const version = execFileSync(postgres, ['--version'], { encoding: 'utf8' });
  const major = /PostgreSQL\)\s+(\d+)/.exec(version)?.[1];
  if (!major) return undefined;
  return { dir, major: Number(major), initdb, postgres, pgCtl };
}

/**
 * initdb and postgres refuse to run as root. As root, the server runs as `BATON_PG_USER`
 * (Default: postgres, the account Debian's package creates); otherwise as this process.
 */
export function serverAccount(env: NodeJS.ProcessEnv = process.env): ServerAccount | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const name = env.BATON_PG_USER || 'postgres';
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { name, uid, gid };
  } catch {
    throw new Error(
      `Running as root, but there is no "${name}" account to run PostgreSQL as (initdb and postgres refuse root): ` +
        `install the postgresql package (it creates "postgres"), run as another user, or set BATON_PG_USER`,
    );
  }
}
