/**
 * Channel health in the database, shared by every process: consecutive failures per channel and
 * whether it is failing. Rows are locked while a batch of outcomes is applied, so exactly one
 * process sees a channel cross into failing (or recover) and raises the alert once.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import type { Tx } from '../store/transaction.js';
import { nextHealth, type AttemptOutcome, type ChannelHealth } from './retry.js';

export interface HealthChange {
  channel: string;
  alert?: 'failing' | 'recovered';
  health: ChannelHealth;
}

/** Applies the outcomes to each channel's row; returns every channel's new state (with the alert, if it crossed). */
export async function applyHealth(tx: Tx, outcomes: ReadonlyMap<string, AttemptOutcome[]>, threshold: number, now: Date): Promise<HealthChange[]> {
  const channels = [...outcomes.keys()].sort();
  if (channels.length === 0) return [];
  await tx
    .insertInto('notify_channel_health')
    .values(channels.map((channel) => ({ channel, consecutive_failures: 0, failing: false, updated_at: now })))
    .onConflict((oc) => oc.column('channel').doNothing())
    .execute();
  const rows = await tx.selectFrom('notify_channel_health').selectAll().where('channel', 'in', channels).orderBy('channel').forUpdate().execute();
  const changes: HealthChange[] = [];
  for (const row of rows) {
    const before: ChannelHealth = {
      consecutiveFailures: row.consecutive_failures,
      failing: row.failing,
      lastSuccessAt: row.last_success_at ? new Date(row.last_success_at) : null,
      lastFailureAt: row.last_failure_at ? new Date(row.last_failure_at) : null,
      lastError: row.last_error,
    };
    const { health, alert } = nextHealth(before, outcomes.get(row.channel) ?? [], threshold, now);
    await tx
      .updateTable('notify_channel_health')
      .set({
        consecutive_failures: health.consecutiveFailures,
        failing: health.failing,
        last_success_at: health.lastSuccessAt,
        last_failure_at: health.lastFailureAt,
        last_error: health.lastError,
        updated_at: now,
      })
      .where('channel', '=', row.channel)
      .execute();
    changes.push({ channel: row.channel, health, ...(alert ? { alert } : {}) });
  }
  return changes;
}

export interface ChannelHealthView {
  channel: string;
  status: 'ok' | 'failing' | 'disabled';
  consecutive_failures: number;
  last_success_at: string | null;
  last_failure_at: string | null;
  last_error: string | null;
}

/** Every configured channel (and every one that has a record), with its state. */
export async function integrationHealth(
  db: Kysely<Database>,
  configured: readonly string[],
  disabled: Readonly<Record<string, string>>,
): Promise<{ status: 'ok' | 'degraded'; channels: ChannelHealthView[] }> {
  const rows = await db.selectFrom('notify_channel_health').selectAll().execute();
  const byChannel = new Map(rows.map((r) => [r.channel, r]));
  const names = [...new Set([...configured, ...Object.keys(disabled)])].sort();
  const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
  const channels = names.map((channel): ChannelHealthView => {
    const row = byChannel.get(channel);
    if (disabled[channel] !== undefined) {
      return { channel, status: 'disabled', consecutive_failures: 0, last_success_at: iso(row?.last_success_at ?? null), last_failure_at: iso(row?.last_failure_at ?? null), last_error: disabled[channel]! };
    }
    return {
      channel,
      status: row?.failing ? 'failing' : 'ok',
      consecutive_failures: row?.consecutive_failures ?? 0,
      last_success_at: iso(row?.last_success_at ?? null),
      last_failure_at: iso(row?.last_failure_at ?? null),
      last_error: row?.last_error ?? null,
    };
  });
  return { status: channels.some((c) => c.status === 'failing') ? 'degraded' : 'ok', channels };
}
