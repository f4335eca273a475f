/**
 * What the calibrate and simulate commands share at the edge: options parsed with zod into one
 * message naming the flag, the window a --since names, and reading the database `baton serve`
 * uses, with a message a person can act on when a running server holds the embedded one.
 */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { readConfig } from '../config.js';
import { parseDuration } from '../domain/time/duration.js';
import { BatonError } from '../errors/baton-error.js';
import { DatabaseLockedError, openDatabase } from '../store/connect.js';
import type { Database } from '../store/database.js';

export function parseCliOptions<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const flag = `--${String(issue.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  throw new BatonError('invalid_request', `${flag}: ${issue.message}`);
}

/** "180d" (a wall-clock duration back from now) or a date such as 2026-01-01. */
export function sinceDate(text: string, now = new Date()): Date {
  const duration = parseDuration(text);
  if (duration?.kind === 'wall') return new Date(now.getTime() - duration.ms);
  const date = /^\d{4}-\d{2}-\d{2}/.test(text) ? new Date(text) : undefined;
  if (date && !Number.isNaN(date.getTime())) return date;
  throw new BatonError('invalid_request', `--since: "${text}" should be an age such as 90d or 12w, or a date such as 2026-01-01.`);
}

/** Runs `use` on the given database, or on the one the environment configures (opened and closed here). */
export async function withDatabase<T>(given: Kysely<Database> | undefined, env: NodeJS.ProcessEnv, purpose: string, use: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  if (given) return use(given);
  let handle;
  try {
    handle = await openDatabase(readConfig(env).database);
  } catch (error) {
    if (error instanceof DatabaseLockedError) {
      throw new BatonError(
        'conflict',
        `cannot read ${purpose}: a running Baton server holds the embedded database (${error.dataDir}). Stop the server first, or run Baton on PostgreSQL (DATABASE_URL), which several processes can share.`,
      );
    }
    throw error;
  }
  try {
    return await use(handle.db);
  } finally {
    await handle.close();
  }
}
