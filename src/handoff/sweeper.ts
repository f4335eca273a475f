/**
 * The clock sweeper: fires due SLA clock points, once, across any number of Baton processes.
 *
 * Due-time rows claimed with FOR UPDATE SKIP LOCKED rather than a pg-boss job per clock point:
 * - one table to inspect: a clock's deadline, its next escalation step and its outcome sit in one
 *   `sla_clocks` row the API and the dashboards read, instead of being split between that row and
 *   pg-boss's job tables (where a job would also have to be cancelled whenever a rep acts);
 * - latency: a sweep is one indexed query on `next_at`; pg-boss adds its own polling and job
 *   bookkeeping per point, and a thousand points due at once become a thousand jobs to fetch and
 *   complete, where here they are claimed and written in a few statements per batch
 *   (bench/clock-sweep.md: 1,000 due among 100,000 open handled in well under the 5 s target);
 * - exactly once: a point fires in the transaction that locks its lead and advances `next_step`,
 *   so a crash before commit leaves it due, and a second process skips rows the first holds.
 */
import type { Logger } from 'pino';
import type { IntakeDeps } from '../intake/context.js';
import type { Worker } from '../modules/module.js';
import { leadFromRow } from '../store/lead-store.js';
import { inTransaction, type Tx } from '../store/transaction.js';
import { claimDueLeads, runningClocks } from './clocks/clock-store.js';
import { fireDuePoints } from './escalation.js';
import { LeadWork, writeLeadWork } from './lead-work.js';
import { RoutingSession } from './routing-session.js';

export interface SweepResult {
  /** Leads whose clocks were looked at. */
  leads: number;
  /** Clock points fired (breaches and escalation steps). */
  points: number;
}

export interface SweepOptions {
  /** Leads claimed per transaction (Default: 200). */
  batchSize?: number;
}

/** Fires every clock point due now (deps.clock), batch after batch until none is left. Tests call this directly. */
export async function runDueClocks(deps: IntakeDeps, options: SweepOptions = {}): Promise<SweepResult> {
  const batchSize = options.batchSize ?? 200;
  const total: SweepResult = { leads: 0, points: 0 };
  for (;;) {
    const now = deps.clock.now();
    const batch = await inTransaction(deps.db, (tx) => sweepBatch(tx, deps, now, batchSize));
    total.leads += batch.leadIds.length;
    total.points += batch.points;
    if (batch.leadIds.length > 0) deps.signals?.emit('leads', batch.leadIds);
    if (batch.effects > 0) deps.signals?.emit('outbox');
    if (batch.claimed < batchSize) return total;
  }
}

async function sweepBatch(tx: Tx, deps: IntakeDeps, now: Date, batchSize: number) {
  const claim = await claimDueLeads(tx, now, batchSize);
  if (claim.leadIds.length === 0) return { claimed: claim.rows, leadIds: [], points: 0, effects: 0 };
  const running = deps.policy();
  const rows = await tx.selectFrom('leads').selectAll().where('id', 'in', claim.leadIds).orderBy('id').execute();
  const clocks = await runningClocks(tx, claim.leadIds);
  const works: LeadWork[] = [];
  const routing = new RoutingSession(tx, running.policy);
  let points = 0;
  for (const row of rows) {
    const work = new LeadWork(leadFromRow(row), clocks.get(row.id) ?? [], running, now, 'system');
    points += await fireDuePoints(routing, work);
    works.push(work);
  }
  await routing.write(now);
  await writeLeadWork(tx, works, now);
  return { claimed: claim.rows, leadIds: claim.leadIds, points, effects: works.reduce((n, w) => n + w.effects.length, 0) };
}

/** Sweeps every `intervalMs` until stopped; a failed sweep is logged and retried at the next tick. */
export function startSweeper(deps: IntakeDeps, options: { intervalMs: number; logger: Logger | false; batchSize?: number }): Worker {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const tick = () => {
    current = runDueClocks(deps, options.batchSize ? { batchSize: options.batchSize } : {})
      .then(
        () => undefined,
        (error: unknown) => {
          if (options.logger) options.logger.error({ err: error }, 'SLA clock sweep failed; retrying at the next tick');
        },
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
