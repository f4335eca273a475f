/** Rep preferences set through the API (they override the policy's), and API-added webhook endpoints. */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { json, type Database } from '../store/database.js';
import type { StoredPreference } from './people.js';
import type { WebhookEndpoint } from './settings.js';

export async function storedPreferences(db: Kysely<Database>, reps?: readonly string[]): Promise<Map<string, StoredPreference>> {
  let query = db.selectFrom('notify_preferences').select(['rep', 'channels', 'quiet_hours', 'slack_user']);
  if (reps) {
    if (reps.length === 0) return new Map();
    query = query.where('rep', 'in', [...reps]);
  }
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.rep, { channels: r.channels, quiet_hours: r.quiet_hours, slack_user: r.slack_user }]));
}

export async function savePreference(db: Kysely<Database>, rep: string, preference: StoredPreference, actor: string, now: Date): Promise<void> {
  const values = {
    channels: json(preference.channels),
    quiet_hours: json(preference.quiet_hours),
    slack_user: preference.slack_user,
    updated_at: now,
    updated_by: actor,
  };
  await db
    .insertInto('notify_preferences')
    .values({ rep, ...values })
    .onConflict((oc) => oc.column('rep').doUpdateSet(values))
    .execute();
}

export async function apiEndpoints(db: Kysely<Database>): Promise<WebhookEndpoint[]> {
  const rows = await db.selectFrom('notify_webhook_endpoints').selectAll().where('disabled_at', 'is', null).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, url: r.url, secret: r.secret, events: r.events, source: 'api' as const }));
}

export async function createEndpoint(
  db: Kysely<Database>,
  input: { url: string; events: string[]; description?: string | undefined },
  now: Date,
): Promise<{ id: string; secret: string }> {
  const id = `ep_${randomBytes(6).toString('hex')}`;
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  await db
    .insertInto('notify_webhook_endpoints')
    .values({ id, url: input.url, secret, events: json(input.events), description: input.description ?? null, created_at: now, disabled_at: null })
    .execute();
  return { id, secret };
}

export async function disableEndpoint(db: Kysely<Database>, id: string, now: Date): Promise<boolean> {
  const result = await db.updateTable('notify_webhook_endpoints').set({ disabled_at: now }).where('id', '=', id).where('disabled_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
