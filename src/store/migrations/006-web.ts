import type { Kysely } from 'kysely';

/** Web app users and sessions. */
export async function up(_db: Kysely<unknown>): Promise<void> {
  // Filled in by the capability that owns this migration.
}
