import type { Kysely } from 'kysely';

/** Visitors, sites, forms and their analytics. */
export async function up(_db: Kysely<unknown>): Promise<void> {
  // Filled in by the capability that owns this migration.
}
