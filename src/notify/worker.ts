/**
 * The notification worker of one process: three loops and a sender.
 *  - dispatch: outbox rows → deliveries (woken by the intake's signal and by LISTEN/NOTIFY);
 *  - webhooks: lead events → webhook deliveries (woken when lead events commit);
 *  - sweep: deliveries that are due again (retries, quiet hours over, leases run out, admin retries).
 * Deliveries due now are created already claimed and go straight to the sender, so the usual
 * path from commit to send is one claim, one read of the leads and one insert.
 */
import type { Logger } from 'pino';
import type { ModuleContext, Worker } from '../modules/module.js';
import { tailOnce } from '../store/event-tail.js';
import { SEND_TIMEOUT_MS } from './channels/send-common.js';
import { Senders } from './channels/senders.js';
import type { DeliveryContent } from './content/delivery-content.js';
import { claimDueDeliveries, type ClaimedDelivery } from './delivery-store.js';
import { buildDeliveries } from './fan-out.js';
import { listenForOutbox } from './listen.js';
import { Loop } from './loop.js';
import { claimOutbox, insertDeliveries, markStale, OUTBOX_MAX_CLAIMS, setAsideOutbox, type ClaimedOutboxRow, type InsertedDelivery, type NewDelivery } from './outbox-claim.js';
import { apiEndpoints, storedPreferences } from './preference-store.js';
import { DeliverySender } from './sender.js';
import { readNotifyEnv, resolveChannels, type ChannelSettings, type NotifyEnv, type WebhookEndpoint } from './settings.js';
import { subscribedEventTypes, webhookDeliveries, WEBHOOK_READER } from './webhook-events.js';

const OUTBOX_BATCH = 100;
const EVENT_BATCH = 500;
const SWEEP_BATCH = 100;
/** Outbox batches fanned out at once per process. */
const MAX_FAN_OUTS = 4;
/**
 * Shortest time between two dispatch (or webhook) rounds: a bound on queries, not a delay when
 * idle. Each round costs a claim, a read and an insert whatever its size; at 200 leads/s one
 * round per lead took more CPU than the intake itself (bench/speed-to-lead.md).
 */
const STEP_GAP_MS = 20;

/** Channel settings for the running policy, resolved once per policy version. */
export function channelSettingsSource(ctx: ModuleContext, env: NotifyEnv = readNotifyEnv(ctx.env)): () => ChannelSettings {
  let cached: { hash: string; settings: ChannelSettings } | undefined;
  return () => {
    const running = ctx.deps.policy();
    if (cached?.hash !== running.hash) cached = { hash: running.hash, settings: resolveChannels(running.policy.notifications, ctx.env, env, ctx.demo) };
    return cached.settings;
  };
}

export async function startNotifyWorker(ctx: ModuleContext): Promise<Worker> {
  const env = readNotifyEnv(ctx.env);
  const logger: Logger | false = ctx.logger ? ctx.logger.child({ module: 'notify' }) : false;
  const { db, clock, signals } = ctx.deps;
  const settings = channelSettingsSource(ctx, env);
  for (const [channel, why] of Object.entries(settings().disabled)) if (logger) logger.warn(`notifications: ${channel} is off: ${why}`);

  const endpointCache = new Map<string, { endpoint: WebhookEndpoint | undefined; until: number }>();
  const findEndpoint = async (id: string): Promise<WebhookEndpoint | undefined> => {
    const fromPolicy = settings().webhooks.find((e) => e.id === id);
    if (fromPolicy) return fromPolicy;
    const hit = endpointCache.get(id);
    if (hit && hit.until > Date.now()) return hit.endpoint;
    const endpoint = (await apiEndpoints(db)).find((e) => e.id === id);
    endpointCache.set(id, { endpoint, until: Date.now() + 5_000 });
    return endpoint;
  };

  const senders = new Senders({ smtpConnections: env.BATON_SMTP_CONNECTIONS });
  let starved = false;
  const sender = new DeliverySender({
    db,
    senders,
    sendContext: () => ({ settings: settings(), endpoint: findEndpoint }),
    recordOptions: () => {
      const delivery = ctx.deps.policy().policy.notifications.delivery;
      const ms = (d: typeof delivery.retry_after) => (d.kind === 'wall' ? d.ms : 60_000);
      return { retry: { maxAttempts: delivery.max_attempts, baseMs: ms(delivery.retry_after), maxMs: ms(delivery.max_retry_after) }, alertAfterFailures: delivery.alert_after_failures };
    },
    now: () => clock.now(),
    concurrency: env.BATON_NOTIFY_CONCURRENCY,
    logger,
    onRecorded: ({ notifiedLeads, alerts }) => {
      if (notifiedLeads.length > 0) signals?.emit('leads', notifiedLeads);
      if (alerts > 0) dispatch.wake();
      if (starved) {
        starved = false;
        dispatch.wake();
        webhooks.wake();
        sweep.wake();
      }
    },
  });

  // Fan-outs run side by side (claims are leases on disjoint rows): one round's reads and writes
  // wait on the database, and a loop that waited for each took at most 100 rows per ~300 ms under
  // load, fewer than 200 leads/s bring (bench/speed-to-lead.md).
  const fanOuts = new Set<Promise<void>>();
  const fanOut = (rows: ClaimedOutboxRow[]): Promise<void> => {
    const done: Promise<void> = fanOutRows(rows)
      .catch((error: unknown) => {
        if (logger) logger.error({ err: error }, 'fan-out failed; its rows are retried after their lease');
      })
      .finally(() => fanOuts.delete(done));
    return done;
  };
  const fanOutRows = async (rows: ClaimedOutboxRow[]): Promise<void> => {
    const now = clock.now();
    const started = performance.now();
    try {
      const deliveries = await buildDeliveries(rows, { ctx, settings: settings(), preferences: (reps) => storedPreferences(db, reps), now });
      const built = performance.now();
      sender.enqueue(claimedNow(deliveries, await insertDeliveries(db, deliveries, rows.map((r) => r.id))));
      if (logger) logger.debug({ rows: rows.length, deliveries: deliveries.length, age_ms: now.getTime() - new Date(rows[0]!.created_at).getTime(), build_ms: built - started, write_ms: performance.now() - built }, 'outbox fanned out');
    } catch (error) {
      if (rows.length > 1) {
        for (const row of rows) await fanOutRows([row]); // find the row that fails; the others go out
        return;
      }
      if (logger) logger.error({ err: error, outbox_id: rows[0]?.id }, 'could not fan out an outbox row; it is retried after its lease');
      const row = rows[0];
      if (row && row.attempts >= OUTBOX_MAX_CLAIMS) await setAsideOutbox(db, [row.id], error instanceof Error ? error.message : String(error));
    }
  };

  const dispatch = new Loop(
    'dispatch',
    async () => {
      if (sender.capacity('people') === 0) {
        starved = true;
        return false;
      }
      while (fanOuts.size >= MAX_FAN_OUTS) await Promise.race(fanOuts);
      const now = clock.now();
      const rows = await claimOutbox(db, now, OUTBOX_BATCH);
      const stale = ctx.deps.policy().policy.notifications.delivery.stale_after;
      const oldest = now.getTime() - (stale.kind === 'wall' ? stale.ms : 86_400_000);
      const [fresh, old] = partition(rows, (r) => new Date(r.created_at).getTime() >= oldest);
      if (old.length > 0) {
        await markStale(db, old.map((r) => r.id));
        if (logger) logger.warn({ rows: old.length }, 'skipped notifications about events older than notifications.delivery.stale_after');
      }
      if (fresh.length > 0) fanOuts.add(fanOut(fresh));
      return rows.length === OUTBOX_BATCH;
    },
    env.BATON_NOTIFY_POLL_MS,
    logger,
    STEP_GAP_MS,
  );

  const webhooks = new Loop(
    'webhooks',
    async () => {
      if (sender.capacity('webhooks') === 0) {
        starved = true; // the events wait in the log; nothing is lost
        return false;
      }
      let created: ClaimedDelivery[] = [];
      let endpoints: WebhookEndpoint[] = [];
      const now = clock.now();
      const handled = await tailOnce(
        db,
        WEBHOOK_READER,
        async (tx, events) => {
          const deliveries = webhookDeliveries(events, endpoints, now);
          created = claimedNow(deliveries, await insertDeliveries(tx, deliveries));
        },
        EVENT_BATCH,
        now,
        // Only the types some endpoint subscribes to are read; with no endpoint, none.
        async (tx) => {
          endpoints = [...settings().webhooks, ...(await apiEndpoints(tx))];
          return subscribedEventTypes(endpoints);
        },
      );
      sender.enqueue(created); // committed: send
      return handled === EVENT_BATCH;
    },
    env.BATON_NOTIFY_POLL_MS,
    logger,
    STEP_GAP_MS,
  );

  const sweep = new Loop(
    'sweep',
    async () => {
      let more = false;
      for (const kind of ['people', 'webhooks'] as const) {
        const room = Math.min(sender.capacity(kind), SWEEP_BATCH);
        if (room === 0) {
          starved = true;
          continue;
        }
        const claimed = await claimDueDeliveries(db, clock.now(), room, kind);
        sender.enqueue(claimed);
        more ||= claimed.length === room;
      }
      return more;
    },
    env.BATON_NOTIFY_POLL_MS,
    logger,
  );

  const onOutbox = () => dispatch.wake();
  const onLeads = () => webhooks.wake();
  signals?.on('outbox', onOutbox);
  signals?.on('leads', onLeads);
  const listener = ctx.config.database.kind === 'postgres' ? listenForOutbox(ctx.config.database.url, onOutbox, logger) : undefined;
  dispatch.start();
  webhooks.start();
  sweep.start();

  return {
    stop: async () => {
      signals?.off('outbox', onOutbox);
      signals?.off('leads', onLeads);
      await Promise.all([dispatch.stop(), webhooks.stop(), sweep.stop(), listener?.close()]);
      await Promise.all(fanOuts);
      // Let sends in flight finish and be recorded; what does not is sent again after its lease.
      await Promise.race([sender.drain(), new Promise((r) => setTimeout(r, SEND_TIMEOUT_MS + 2_000).unref())]);
      await senders.close();
    },
  };
}

/** The deliveries this process just created already claimed (status sending), ready to send. */
function claimedNow(deliveries: readonly NewDelivery[], inserted: readonly InsertedDelivery[]): ClaimedDelivery[] {
  const byKey = new Map(deliveries.map((d) => [d.idempotency_key, d]));
  const claimed: ClaimedDelivery[] = [];
  for (const row of inserted) {
    const d = byKey.get(row.idempotency_key);
    if (!d || d.status !== 'sending') continue;
    claimed.push({
      id: row.id,
      idempotency_key: d.idempotency_key,
      channel: d.channel,
      recipient: d.recipient,
      lead_id: d.lead_id ?? null,
      message: d.message,
      outbox_id: d.outbox_id ?? null,
      content: JSON.parse(d.content) as DeliveryContent,
      attempts: d.attempts ?? 1,
    });
  }
  return claimed;
}

function partition<T>(items: readonly T[], keep: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (keep(item) ? yes : no).push(item);
  return [yes, no];
}
