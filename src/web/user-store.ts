/** Users who sign in to the web app: stored with an argon2id hash of their password, never the password. */
import { randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Kysely, Selectable } from 'kysely';
import { BatonError } from '../errors/baton-error.js';
import type { Database } from '../store/database.js';
import type { WebUserTable } from './tables.js';
import type { NewUser, User } from './user-rules.js';

/**
 * OWASP's argon2id recommendation (19 MiB, 2 passes, 1 lane): about 25 ms a hash here, slow
 * enough to make guessing costly and fast enough not to queue sign-ins.
 */
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** A hash that never verifies, checked when the e-mail is unknown so the reply takes as long as for a known one. */
let dummyHash: Promise<string> | undefined;

export function userFromRow(row: Selectable<WebUserTable>): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    ...(row.rep ? { rep: row.rep } : {}),
    ...(row.manager ? { manager: row.manager } : {}),
  };
}

/** Adds a user; with `replace`, an existing user with that e-mail gets these details and password instead (demo seeding). */
export async function saveUser(db: Kysely<Database>, input: NewUser, now: Date, options: { replace?: boolean } = {}): Promise<User> {
  const passwordHash = await hash(input.password, ARGON2);
  const values = {
    email: input.email,
    name: input.name,
    role: input.role,
    rep: input.role === 'rep' ? (input.rep ?? null) : null,
    manager: input.role === 'manager' ? (input.manager ?? null) : null,
    password_hash: passwordHash,
    updated_at: now,
  };
  const insert = db.insertInto('web_users').values({ id: randomUUID(), created_at: now, ...values });
  const row = await (options.replace ? insert.onConflict((oc) => oc.column('email').doUpdateSet(values)) : insert.onConflict((oc) => oc.column('email').doNothing()))
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new BatonError('conflict', `A user with the e-mail ${input.email} already exists.`);
  return userFromRow(row);
}

export async function listUsers(db: Kysely<Database>): Promise<User[]> {
  const rows = await db.selectFrom('web_users').selectAll().orderBy('role').orderBy('email').execute();
  return rows.map(userFromRow);
}

/** The user with this e-mail and password, or undefined; takes about as long either way. */
export async function checkPassword(db: Kysely<Database>, email: string, password: string): Promise<User | undefined> {
  const row = await db.selectFrom('web_users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  if (!row) {
    dummyHash ??= hash(randomUUID(), ARGON2);
    await verify(await dummyHash, password);
    return undefined;
  }
  return (await verify(row.password_hash, password)) ? userFromRow(row) : undefined;
}
