/**
 * Read side of the hand-off that other capabilities use (notifications show the deadline).
 *
 * CONTRACT (the hand-off capability fills this in; the notify capability calls it).
 */
import { sql, type Kysely } from 'kysely';
import type { SlaClockName } from '../engine/handoff-events.js';
import type { Database } from '../store/database.js';
import { iso } from '../store/lead-store.js';
import type { SlaClockRow } from './tables.js';

export interface ClockView {
  clock: SlaClockName;
  rep: string | null;
  status: 'open' | 'met' | 'breached' | 'cancelled';
  started_at: string;
  due_at: string;
  stopped_at?: string;
  elapsed_ms?: number;
  business_ms?: number;
}

/** The lead's SLA clocks, open ones first, each with its deadline. */
export async function leadClocks(db: Kysely<Database>, leadId: string): Promise<ClockView[]> {
  const rows = await db.selectFrom('sla_clocks').selectAll().where('lead_id', '=', leadId).orderBy('id').execute();
  const views = rows.map(clockView);
  // Running first, soonest deadline first; then stopped ones, latest first.
  return [...views.filter((v) => !v.stopped_at).sort((a, b) => a.due_at.localeCompare(b.due_at)), ...views.filter((v) => v.stopped_at).reverse()];
}

export function clockView(row: SlaClockRow): ClockView {
  return {
    clock: row.clock as SlaClockName,
    rep: row.rep,
    status: row.status as ClockView['status'],
    started_at: iso(row.started_at),
    due_at: iso(row.due_at),
    ...(row.stopped_at ? { stopped_at: iso(row.stopped_at) } : {}),
    ...(row.elapsed_ms !== null ? { elapsed_ms: Number(row.elapsed_ms) } : {}),
    ...(row.business_ms !== null ? { business_ms: Number(row.business_ms) } : {}),
  };
}

export interface ClockListFilter {
  /** open: running and not yet due; breached: running past its deadline (Default: both). */
  status?: 'open' | 'breached';
  rep?: string;
  /** Only clocks of leads owned by these reps ('all' for no limit): the caller's visibility and ?manager=. */
  owners: 'all' | readonly string[];
  limit: number;
}

export interface ClockWithLead extends ClockView {
  lead: { id: string; email: string; name: string | null; company: string | null; priority: string; total_score: number; stage: string; owner: string | null };
}

/** Running clocks, soonest due first, each with its lead. */
export async function listRunningClocks(db: Kysely<Database>, filter: ClockListFilter): Promise<ClockWithLead[]> {
  if (filter.owners !== 'all' && filter.owners.length === 0) return [];
  let query = db
    .selectFrom('sla_clocks as c')
    .innerJoin('leads as l', 'l.id', 'c.lead_id')
    .selectAll('c')
    .select(['l.email', 'l.profile', 'l.priority', 'l.total_score', 'l.stage', 'l.owner'])
    .where('c.stopped_at', 'is', null);
  if (filter.status) query = query.where('c.status', '=', filter.status);
  if (filter.rep) query = query.where('c.rep', '=', filter.rep);
  if (filter.owners !== 'all') query = query.where('l.owner', 'in', [...filter.owners]);
  const rows = await query.orderBy('c.due_at').orderBy('c.id').limit(filter.limit).execute();
  return rows.map((row) => {
    const profile = row.profile as { first_name?: string; last_name?: string; company?: { name?: string } };
    return {
      ...clockView(row),
      lead: {
        id: row.lead_id,
        email: row.email,
        name: [profile.first_name, profile.last_name].filter(Boolean).join(' ') || null,
        company: profile.company?.name ?? null,
        priority: row.priority,
        total_score: row.total_score,
        stage: row.stage,
        owner: row.owner,
      },
    };
  });
}

export interface EscalationView {
  lead_id: string;
  clock: string;
  step: number;
  at: string;
  actions: string[];
  rep: string | null;
  occurred_at: string;
}

/** Escalation steps that ran, newest first. `reps` limits them to those reps' clocks ('all' for no limit). */
export async function listEscalations(db: Kysely<Database>, filter: { since?: Date; reps: 'all' | readonly string[]; limit: number }): Promise<EscalationView[]> {
  if (filter.reps !== 'all' && filter.reps.length === 0) return [];
  let query = db.selectFrom('lead_events').select(['lead_id', 'data', 'occurred_at']).where('type', '=', 'escalated');
  if (filter.since) query = query.where('occurred_at', '>=', filter.since);
  if (filter.reps !== 'all') query = query.where(sql<string>`data->>'rep'`, 'in', [...filter.reps]);
  const rows = await query.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map((row) => {
    const data = row.data as { clock: string; step: number; at: string; actions: string[]; rep?: string };
    return { lead_id: row.lead_id, clock: data.clock, step: data.step, at: data.at, actions: data.actions, rep: data.rep ?? null, occurred_at: iso(row.occurred_at) };
  });
}
