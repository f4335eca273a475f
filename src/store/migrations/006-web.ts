import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/** Web app users and sessions. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `
    create table web_users (
      id uuid primary key,
      email text not null unique,
      name text not null,
      role text not null check (role in ('admin', 'manager', 'rep')),
      rep text,
      manager text,
      password_hash text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );

    create table web_sessions (
      token_hash text primary key,
      user_id uuid not null references web_users (id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      absolute_expires_at timestamptz not null,
      idle_ms integer not null
    );
    create index web_sessions_user on web_sessions (user_id);
  `);
}
