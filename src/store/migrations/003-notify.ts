import type { Kysely } from 'kysely';

/** Notification deliveries, channel health and preferences. */
export async function up(_db: Kysely<unknown>): Promise<void> {
  // Filled in by the capability that owns this migration.
}
