/**
 * This process's copy of the leads it recently wrote from activity batches, each kept with the
 * version of the row it was written as: PostgreSQL's `xmin`, the id of the transaction that wrote
 * that version of the row (every update of a row, by any process or tool, writes a new version
 * with its own transaction's id). An activity batch locks its leads reading only id, e-mail and
 * `xmin`, takes each lead whose copy is at that version, and reads in full only the rest.
 *
 * Why: a lead row is ~3.5 KB of JSON (profile, score with its reasons, engagement, activity
 * summary, brief). Reading, sending and parsing the whole rows was a third of an activity batch's
 * database time and a quarter of Baton's; an active lead gets many events.
 *
 * A copy is only ever used at the version it was written as, so a stale copy is never used: it is
 * read afresh. Copies are kept after commit only (never from a transaction that may roll back),
 * for leads whose transaction wrote nothing else to the row (see recordEvents). The copies are
 * never changed in place: decide() returns a new state. Least recently used copies go first.
 */
import type { LeadState } from '../engine/lead-state.js';

/** Default number of leads kept (~7 KB of memory each, measured for a routed lead with its brief: ~35 MB). */
export const DEFAULT_LEAD_CACHE_SIZE = 5_000;

export class LeadCache {
  private readonly entries = new Map<string, { version: string; lead: LeadState }>();
  private hitCount = 0;
  private missCount = 0;

  constructor(readonly capacity: number = DEFAULT_LEAD_CACHE_SIZE) {}

  /** The lead as of this row version, if this process wrote it as that version. */
  get(id: string, version: string): LeadState | undefined {
    const entry = this.entries.get(id);
    if (!entry || entry.version !== version) {
      this.missCount++;
      return undefined;
    }
    this.hitCount++;
    // Most recently used last.
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry.lead;
  }

  /** Keeps the lead as committed at `version` (the committing transaction's id). */
  set(id: string, version: string, lead: LeadState): void {
    if (this.capacity <= 0) return;
    this.entries.delete(id);
    this.entries.set(id, { version, lead });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(id: string): void {
    this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Lookups answered from the copy, and those read from the database, since start. */
  stats(): { hits: number; misses: number } {
    return { hits: this.hitCount, misses: this.missCount };
  }
}
