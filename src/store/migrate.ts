import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as foundation from './migrations/001-foundation.js';
import * as eventOrder from './migrations/001b-event-order.js';
import * as handoff from './migrations/002-handoff.js';
import * as notify from './migrations/003-notify.js';
import * as metrics from './migrations/004-metrics.js';
import * as tracking from './migrations/005-tracking.js';
import * as web from './migrations/006-web.js';
import * as routingVersions from './migrations/007-routing-versions.js';
import * as routingCheckWaits from './migrations/008-routing-check-waits.js';
import * as leadRowRoom from './migrations/009-lead-row-room.js';
import * as leadLz4 from './migrations/010-lead-lz4.js';

/** Migrations in order; a new one is appended here and never edited once released. */
const MIGRATIONS: Record<string, Migration> = {
  '001-foundation': foundation,
  '001b-event-order': eventOrder,
  '002-handoff': handoff,
  '003-notify': notify,
  '004-metrics': metrics,
  '005-tracking': tracking,
  '006-web': web,
  '007-routing-versions': routingVersions,
  '008-routing-check-waits': routingCheckWaits,
  '009-lead-row-room': leadRowRoom,
  '010-lead-lz4': leadLz4,
};

class InCodeMigrations implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

/** Brings the schema up to date; safe to call from several processes at once (Kysely takes a lock). */
export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const migrator = new Migrator({ db, provider: new InCodeMigrations() });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`database migration failed${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
