/**
 * Signed, expiring one-click links for accept / reject / log attempt, usable from e-mail and
 * Slack without signing in.
 *
 * CONTRACT (the hand-off capability fills this in; the notify capability calls it).
 *
 * The key is BATON_SECRET when set; otherwise one generated on first use and kept in
 * `handoff_secrets`, so links survive restarts and every process signs and checks alike.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ModuleContext } from '../modules/module.js';
import type { Database } from '../store/database.js';
import { signLink } from './link-token.js';

export interface ActionLinks {
  accept: string;
  reject: string;
  attempt: string;
  /** The lead's page in the web app. */
  lead: string;
}

/** Absolute URLs under ctx.config.publicUrl, signed for this rep and lead, valid until `expiresAt`. */
export async function buildActionLinks(ctx: ModuleContext, input: { leadId: string; rep: string; expiresAt: Date }): Promise<ActionLinks> {
  const secret = await linkSecret(ctx.deps.db, ctx.env);
  const base = ctx.config.publicUrl.replace(/\/+$/, '');
  const link = (action: 'accept' | 'reject' | 'attempt') => `${base}/a/${signLink(secret, { leadId: input.leadId, rep: input.rep, action, expiresAt: input.expiresAt })}`;
  return { accept: link('accept'), reject: link('reject'), attempt: link('attempt'), lead: `${base}/leads/${input.leadId}` };
}

const SECRET_NAME = 'link_signing';
const cache = new WeakMap<object, Promise<Buffer>>();

/** The link-signing key: BATON_SECRET, or the stored one (made once, by whichever process comes first). */
export function linkSecret(db: Kysely<Database>, env: NodeJS.ProcessEnv): Promise<Buffer> {
  const configured = env.BATON_SECRET;
  if (configured) return Promise.resolve(Buffer.from(configured));
  let secret = cache.get(db);
  if (!secret) {
    secret = storedSecret(db);
    cache.set(db, secret);
    secret.catch(() => cache.delete(db));
  }
  return secret;
}

async function storedSecret(db: Kysely<Database>): Promise<Buffer> {
  await db
    .insertInto('handoff_secrets')
    .values({ name: SECRET_NAME, value: randomBytes(32).toString('base64url'), created_at: new Date() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('handoff_secrets').select('value').where('name', '=', SECRET_NAME).executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64url');
}
