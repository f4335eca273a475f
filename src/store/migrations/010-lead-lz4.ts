import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Activity rewrites a lead's score and activity summary on every event. The summary (~1.1 KB of
 * JSON) tips the row over PostgreSQL's 2 KB TOAST threshold, so each new version was compressed
 * with pglz, the slow default. lz4 compresses it several times faster for about the same size, and
 * keeps the row small enough for HOT updates. PostgreSQL built without lz4 (and the embedded
 * database, if so) keeps pglz: the statement's error is caught and nothing changes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    // One line per statement inside the block: runStatements splits at a ";" that ends a line.
    `do $$ begin
      alter table leads alter column activity_summary set compression lz4, alter column score set compression lz4,
        alter column engagement set compression lz4, alter column brief set compression lz4, alter column profile set compression lz4,
        alter column facts set compression lz4; exception when feature_not_supported or invalid_parameter_value then null; end $$;`,
  );
}
