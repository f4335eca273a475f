/**
 * Deliveries: claiming due ones with a lease, recording what each attempt did (status, retry
 * time, dead letter), and the admin views. A delivery is `sending` only while one process holds
 * its lease; it is sent at most once per lease, and only a process that died mid-send leaves it
 * for another to send again after the lease (at-least-once; receivers dedupe on the key).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import type { DeliveryContent } from './content/delivery-content.js';
import type { DeliveryChannel, DeliveryStatus } from './tables.js';

/** How long a claimed delivery is ours (Default: 5 min); sends time out long before. */
export const SENDING_LEASE_MS = 5 * 60_000;

export interface ClaimedDelivery {
  id: string;
  idempotency_key: string;
  channel: DeliveryChannel;
  recipient: string;
  lead_id: string | null;
  message: string;
  outbox_id: string | null;
  content: DeliveryContent;
  attempts: number;
}

const CLAIMED_COLUMNS = sql`d.id::text as id, d.idempotency_key, d.channel, d.recipient, d.lead_id, d.message, d.outbox_id::text as outbox_id, d.content, d.attempts`;

/** Due deliveries to people (e-mail, Slack, SMS) or to webhook endpoints, claimed for a lease. */
export async function claimDueDeliveries(db: Kysely<Database>, now: Date, limit: number, kind: 'people' | 'webhooks'): Promise<ClaimedDelivery[]> {
  const leaseEnd = new Date(now.getTime() + SENDING_LEASE_MS);
  const channel = kind === 'webhooks' ? sql`channel = 'webhook'` : sql`channel <> 'webhook'`;
  const result = await sql<ClaimedDelivery>`
    update notify_deliveries d set status = 'sending', attempts = d.attempts + 1, due_at = ${leaseEnd}, updated_at = ${now}
    where d.id in (
      select id from notify_deliveries
      where status in ('pending', 'failed', 'sending') and due_at <= ${now} and ${channel}
      order by due_at
      limit ${limit}
      for update skip locked
    )
    returning ${CLAIMED_COLUMNS}
  `.execute(db);
  return result.rows;
}

/** Deliveries created already claimed (status sending) by this process, read back to send. */
export async function readClaimed(db: Kysely<Database>, ids: readonly string[]): Promise<ClaimedDelivery[]> {
  if (ids.length === 0) return [];
  const result = await sql<ClaimedDelivery>`
    select ${CLAIMED_COLUMNS} from notify_deliveries d where d.id in (${sql.join(ids.map((id) => sql`${id}::bigint`))}) and d.status = 'sending'
  `.execute(db);
  return result.rows;
}

export interface DeliveryUpdate {
  id: string;
  status: Extract<DeliveryStatus, 'sent' | 'failed' | 'dead'>;
  dueAt: Date;
  error: string | null;
  sentAt: Date | null;
}

export async function applyDeliveryUpdates(db: Kysely<Database>, updates: readonly DeliveryUpdate[], now: Date): Promise<void> {
  if (updates.length === 0) return;
  const values = sql.join(updates.map((u) => sql`(${u.id}::bigint, ${u.status}::text, ${u.dueAt}::timestamptz, ${u.error}::text, ${u.sentAt}::timestamptz)`));
  // Only rows still leased: an admin's retry in between wins.
  await sql`
    update notify_deliveries d
    set status = v.status, due_at = v.due_at, last_error = coalesce(v.error, d.last_error), sent_at = v.sent_at, updated_at = ${now}
    from (values ${values}) as v(id, status, due_at, error, sent_at)
    where d.id = v.id and d.status = 'sending'
  `.execute(db);
}

export interface NotifiedItem {
  leadId: string;
  order: number;
  deliveredAt: Date;
  data: { channel: DeliveryChannel; recipient: string; message: string; delivered_at: string };
}

/**
 * Appends `notified` events (src/engine/handoff-events.ts) to the leads' timelines. The lead rows
 * are locked in id order first (the order every writer of several leads uses), then each lead's
 * event counter moves by its number of new events.
 */
export async function appendNotifiedEvents(db: Kysely<Database>, items: readonly NotifiedItem[], now: Date): Promise<void> {
  if (items.length === 0) return;
  const leadIds = [...new Set(items.map((i) => i.leadId))].sort();
  await sql`select id from leads where id in (${sql.join(leadIds.map((id) => sql`${id}::uuid`))}) order by id for update`.execute(db);
  const values = sql.join(items.map((i) => sql`(${i.leadId}::uuid, ${JSON.stringify(i.data)}::jsonb, ${i.order}::int, ${i.deliveredAt}::timestamptz)`));
  await sql`
    with items(lead_id, data, ord, occurred_at) as (values ${values}),
    counts as (select lead_id, count(*)::int as n from items group by lead_id),
    bumped as (
      update leads l set event_seq = l.event_seq + c.n from counts c where l.id = c.lead_id
      returning l.id, l.event_seq, l.policy_version, c.n
    )
    insert into lead_events (lead_id, seq, type, occurred_at, recorded_at, actor, policy_version, data)
    select i.lead_id, (b.event_seq - b.n + row_number() over (partition by i.lead_id order by i.ord))::int, 'notified', i.occurred_at, ${now}, 'system', b.policy_version, i.data
    from items i join bumped b on b.id = i.lead_id
  `.execute(db);
}

export interface DeliveryView {
  id: string;
  channel: DeliveryChannel;
  recipient: string;
  lead_id: string | null;
  message: string;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  sent_at: string | null;
  idempotency_key: string;
}

export async function listDeliveries(
  db: Kysely<Database>,
  filters: { status?: DeliveryStatus; leadId?: string; channel?: DeliveryChannel; limit: number },
): Promise<DeliveryView[]> {
  let query = viewQuery(db).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filters.limit);
  if (filters.status) query = query.where('status', '=', filters.status);
  if (filters.leadId) query = query.where('lead_id', '=', filters.leadId);
  if (filters.channel) query = query.where('channel', '=', filters.channel);
  return (await query.execute()).map(toView);
}

/** One delivery with what it says (the rendered message), for admins and the demo's captured mail. */
export async function getDelivery(db: Kysely<Database>, id: string): Promise<(DeliveryView & { content: DeliveryContent }) | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const row = await viewQuery(db).select('content').where('id', '=', id).executeTakeFirst();
  return row ? { ...toView(row), content: row.content as DeliveryContent } : undefined;
}

function viewQuery(db: Kysely<Database>) {
  return db
    .selectFrom('notify_deliveries')
    .select([sql<string>`id::text`.as('id'), 'channel', 'recipient', 'lead_id', 'message', 'status', 'attempts', 'last_error', 'due_at', 'created_at', 'sent_at', 'idempotency_key']);
}

type ViewRow = Awaited<ReturnType<ReturnType<typeof viewQuery>['executeTakeFirstOrThrow']>>;

function toView(r: ViewRow): DeliveryView {
  return {
    id: r.id,
    channel: r.channel,
    recipient: r.recipient,
    lead_id: r.lead_id,
    message: r.message,
    status: r.status,
    attempts: r.attempts,
    last_error: r.last_error,
    next_attempt_at: r.status === 'pending' || r.status === 'failed' ? new Date(r.due_at).toISOString() : null,
    created_at: new Date(r.created_at).toISOString(),
    sent_at: r.sent_at ? new Date(r.sent_at).toISOString() : null,
    idempotency_key: r.idempotency_key,
  };
}

/** Puts a dead or failed delivery back in line now, with a fresh set of attempts. */
export async function retryDelivery(db: Kysely<Database>, id: string, now: Date): Promise<'queued' | 'not_found' | DeliveryStatus> {
  if (!/^\d{1,18}$/.test(id)) return 'not_found';
  const row = await db.selectFrom('notify_deliveries').select('status').where('id', '=', id).executeTakeFirst();
  if (!row) return 'not_found';
  if (row.status !== 'dead' && row.status !== 'failed' && row.status !== 'pending') return row.status;
  const updated = await db
    .updateTable('notify_deliveries')
    .set({ status: 'pending', attempts: 0, due_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', 'in', ['dead', 'failed', 'pending'])
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1 ? 'queued' : 'sending';
}
