/**
 * Read side of the hand-off that other capabilities use (notifications show the deadline).
 *
 * CONTRACT (the hand-off capability fills this in; the notify capability calls it).
 */
import type { Kysely } from 'kysely';
import type { SlaClockName } from '../engine/handoff-events.js';
import type { Database } from '../store/database.js';

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
export async function leadClocks(_db: Kysely<Database>, _leadId: string): Promise<ClockView[]> {
  return [];
}
