/**
 * The shared routing state and the decision routing returns. The database layer persists exactly
 * these shapes (one row per pool member, one per rep) and locks them for the routing transaction.
 */

/** A rep's standing in one pool's weighted round robin. */
export interface MemberState {
  rep: string;
  weight: number;
  /** Smooth-WRR credit: grows by `weight` on every pick the rep is eligible for, drops when they win. */
  currentWeight: number;
  /** Leads this pool has given the rep, ever; never reset. */
  assignedCount: number;
  /** False once the rep is removed from the pool in the policy (the row is kept, counts intact). */
  active: boolean;
}

/** Includes members no longer in the policy (active=false). */
export interface PoolState {
  pool: string;
  members: MemberState[];
}

export interface RepLoad {
  rep: string;
  openLeads: number;
  /** New leads on `day`; only counts while `day` is the rep's local date. */
  assignedToday: number;
  /** The rep's local date (YYYY-MM-DD) `assignedToday` is for; null before their first lead. */
  day: string | null;
  /** Manual away flag set by a manager. */
  away: boolean;
  /** Caps a manager set for this rep, which replace the pool's own. */
  caps?: { open?: number; per_day?: number };
}

export interface RoutingSnapshot {
  pools: Record<string, PoolState>;
  reps: Record<string, RepLoad>;
}

export type SkipReason = 'away' | 'out_of_office' | 'outside_working_hours' | 'open_cap' | 'daily_cap' | 'inactive';

export interface Skip {
  rep: string;
  reason: SkipReason;
}

export type RoutingDecision =
  | {
      kind: 'assigned';
      rep: string;
      via: 'account_owner' | 'rule' | 'pool';
      /** Index into `policy.routing.order` (0-based); -1 for a reassignment outside any step. */
      step: number;
      stepName: string;
      pool?: string;
      skipped: Skip[];
      explanation: string;
      /** The new state of the pool used, to persist; absent when no pool was used. */
      poolState?: PoolState;
      /** The chosen rep's new load, to persist. */
      repLoad: RepLoad;
    }
  | { kind: 'queued'; queue: string; skipped: Skip[]; explanation: string };

/** The load of a rep the snapshot has no row for yet. */
export function emptyLoad(rep: string): RepLoad {
  return { rep, openLeads: 0, assignedToday: 0, day: null, away: false };
}

export function loadOf(snapshot: RoutingSnapshot, rep: string): RepLoad {
  return snapshot.reps[rep] ?? emptyLoad(rep);
}
