/**
 * The version number Baton published a policy under, for `baton policy doc` run beside a
 * server: found by the policy's hash in the database, when the database can be opened (a running
 * embedded server holds its folder, so then there is no number to show, only the hash).
 */
import { existsSync } from 'node:fs';
import type { BatonConfig } from '../../config.js';
import { openDatabase } from '../../store/connect.js';

export async function publishedVersion(config: BatonConfig, hash: string): Promise<{ version?: number; published_at?: string; note?: string }> {
  if (config.database.kind === 'pglite' && 'dataDir' in config.database && !existsSync(config.database.dataDir)) {
    return { note: 'no database yet: Baton publishes the version number when it first runs this policy' };
  }
  try {
    const handle = await openDatabase(config.database);
    try {
      const row = await handle.db.selectFrom('policy_versions').select(['version', 'published_at']).where('hash', '=', hash).executeTakeFirst();
      return row ? { version: row.version, published_at: row.published_at.toISOString() } : { note: 'this policy has not run yet: Baton publishes it as a new version when it starts with it' };
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { note: `version number not looked up (${(error as Error).message.split('.')[0]})` };
  }
}
