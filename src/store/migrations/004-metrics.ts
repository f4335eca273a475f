import type { Kysely } from 'kysely';

/** Read models for the hand-off metrics. */
export async function up(_db: Kysely<unknown>): Promise<void> {
  // Filled in by the capability that owns this migration.
}
