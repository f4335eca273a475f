/** The web app's tables (migration 006-web), as Kysely types: people who sign in, and their sessions. */
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type UserRole = 'admin' | 'manager' | 'rep';

export interface WebUserTable {
  id: string;
  /** Lower-cased; unique. */
  email: string;
  name: string;
  role: UserRole;
  /** The policy rep this user is (role rep). */
  rep: string | null;
  /** The policy manager this user is (role manager). */
  manager: string | null;
  /** argon2id, PHC string. */
  password_hash: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebSessionTable {
  /** SHA-256 of the cookie's value: a stolen database does not yield usable sessions. */
  token_hash: string;
  user_id: string;
  /** Synchronizer token the browser echoes in `x-csrf-token` on every change. */
  csrf_token: string;
  created_at: Timestamp;
  /** Sliding: moved forward while the session is used, never past `absolute_expires_at`. */
  expires_at: Timestamp;
  absolute_expires_at: Timestamp;
  /** How far `expires_at` slides on use. */
  idle_ms: number;
}

export interface WebTables {
  web_users: WebUserTable;
  web_sessions: WebSessionTable;
}
