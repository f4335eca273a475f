import type { Kysely } from 'kysely';

/** Rep actions, SLA clocks and escalation. */
export async function up(_db: Kysely<unknown>): Promise<void> {
  // Filled in by the capability that owns this migration.
}
