/** Every policy that ran is stored with its hash; events name the version they were decided under. */
import type { Kysely } from 'kysely';
import type { Database } from './database.js';

export async function publishPolicyVersion(db: Kysely<Database>, policy: { hash: string; file: string; source: string }, now: Date): Promise<number> {
  await db
    .insertInto('policy_versions')
    .values({ hash: policy.hash, file: policy.file, source: policy.source, published_at: now })
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
  const row = await db.selectFrom('policy_versions').select('version').where('hash', '=', policy.hash).executeTakeFirstOrThrow();
  return row.version;
}

export async function listPolicyVersions(db: Kysely<Database>) {
  return db.selectFrom('policy_versions').select(['version', 'hash', 'file', 'published_at']).orderBy('version', 'desc').execute();
}
