/**
 * Reps as managers see them: who they are (policy), whether they are available (away flag,
 * out-of-office), their load, and per-rep cap overrides set through the API.
 */
import type { Kysely } from 'kysely';
import { isOutOfOffice } from '../domain/calendar/index.js';
import { assignedToday, repCalendar } from '../domain/routing/index.js';
import type { Database } from '../store/database.js';
import type { Policy } from '../policy/schema.js';
import type { Tx } from '../store/transaction.js';

export interface RepView {
  id: string;
  name: string;
  email: string;
  team: string | null;
  manager: string | null;
  timezone: string;
  away: boolean;
  out_of_office_now: boolean;
  open_leads: number;
  assigned_today: number;
  /** The rep's override when set, else the tightest cap among the pools they are in, else null. */
  caps: { open: number | null; per_day: number | null };
}

export async function listReps(db: Kysely<Database> | Tx, policy: Policy, now: Date, only?: readonly string[]): Promise<RepView[]> {
  const ids = Object.keys(policy.reps).filter((id) => !only || only.includes(id)).sort();
  if (ids.length === 0) return [];
  const loads = new Map((await db.selectFrom('reps').selectAll().where('id', 'in', ids).execute()).map((r) => [r.id, r]));
  const overrides = new Map((await db.selectFrom('rep_overrides').selectAll().where('rep', 'in', ids).execute()).map((r) => [r.rep, r]));
  return ids.map((id) => {
    const rep = policy.reps[id]!;
    const row = loads.get(id);
    const load = { rep: id, openLeads: row?.open_leads ?? 0, assignedToday: row?.assigned_today ?? 0, day: row?.day ?? null, away: row?.away ?? false };
    const override = overrides.get(id);
    const pools = Object.values(policy.pools).filter((p) => p.members.some((m) => m.rep === id));
    const tightest = (values: (number | undefined)[]) => {
      const set = values.filter((v): v is number => v !== undefined);
      return set.length ? Math.min(...set) : null;
    };
    const calendar = repCalendar(policy, id);
    return {
      id,
      name: rep.name,
      email: rep.email,
      team: rep.team ?? null,
      manager: rep.manager ?? null,
      timezone: calendar.timezone,
      away: load.away,
      out_of_office_now: isOutOfOffice(rep.out_of_office, calendar, now),
      open_leads: load.openLeads,
      assigned_today: assignedToday(policy, load, now),
      caps: {
        open: override?.cap_open ?? tightest(pools.map((p) => p.caps.open)),
        per_day: override?.cap_per_day ?? tightest(pools.map((p) => p.caps.per_day)),
      },
    };
  });
}

export interface RepChange {
  away?: boolean;
  /** null clears an override (back to the pools' caps). */
  caps?: { open?: number | null; per_day?: number | null };
}

export async function updateRep(tx: Tx, rep: string, change: RepChange, actor: string, now: Date): Promise<void> {
  if (change.away !== undefined) {
    await tx
      .insertInto('reps')
      .values({ id: rep, away: change.away, updated_at: now })
      .onConflict((oc) => oc.column('id').doUpdateSet({ away: change.away!, updated_at: now }))
      .execute();
  }
  if (change.caps) {
    const current = await tx.selectFrom('rep_overrides').selectAll().where('rep', '=', rep).executeTakeFirst();
    const open = change.caps.open !== undefined ? change.caps.open : (current?.cap_open ?? null);
    const perDay = change.caps.per_day !== undefined ? change.caps.per_day : (current?.cap_per_day ?? null);
    await tx
      .insertInto('rep_overrides')
      .values({ rep, cap_open: open, cap_per_day: perDay, updated_at: now, updated_by: actor })
      .onConflict((oc) => oc.column('rep').doUpdateSet({ cap_open: open, cap_per_day: perDay, updated_at: now, updated_by: actor }))
      .execute();
  }
}
