/** Migrates the database at a PostgreSQL URL: used to prepare the template database for tests. */
import { openDatabase } from './connect.js';

export async function migrateTemplate(url: string): Promise<void> {
  const handle = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
  await handle.close();
}
