/**
 * What `baton metrics` and `baton audit` share: open the database and the running policy (no
 * HTTP server, no workers: a command starts in a fraction of what `createApp` takes), bring the
 * read model up to the end of the event log (with a progress bar when that is long), run, close.
 */
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Kysely } from 'kysely';
import { loadRunningPolicy, resolvePolicyFile } from '../../app.js';
import { readConfig } from '../../config.js';
import type { RunningPolicy } from '../../intake/context.js';
import { openDatabase } from '../../store/connect.js';
import type { Database } from '../../store/database.js';
import { publishPolicyVersion } from '../../store/policy-store.js';
import { catchUp, eventsBehind, resetReadModel } from '../read-model/projector.js';

/** Below this many events behind, catching up is quick and shows no bar (Default: 20,000). */
const BAR_FROM_EVENTS = 20_000;

export interface ReadModelOptions {
  policy?: string;
  rebuild?: boolean;
  quiet?: boolean;
}

export interface ReadModel {
  db: Kysely<Database>;
  running: RunningPolicy;
}

export async function withReadModel<T>(options: ReadModelOptions, work: (model: ReadModel) => Promise<T>): Promise<T> {
  const config = readConfig({ ...process.env, ...(options.policy ? { BATON_POLICY: options.policy } : {}) });
  const file = resolvePolicyFile(config.policyFile);
  const loaded = await loadRunningPolicy(file);
  const database = await openDatabase(config.database);
  try {
    const db = database.db;
    // The version the running policy has (published now if this file was never run), as `baton serve` would record it.
    const version = await publishPolicyVersion(db, { hash: loaded.hash, file: path.basename(file), source: loaded.source }, new Date());
    const running: RunningPolicy = { policy: loaded.policy, hash: loaded.hash, file: loaded.file, version };
    if (options.rebuild) await resetReadModel(db);
    const behind = await eventsBehind(db);
    const showBar = !options.quiet && process.stderr.isTTY && behind >= BAR_FROM_EVENTS;
    const bar = showBar
      ? new cliProgress.SingleBar({ format: 'reading the event log |{bar}| {percentage}% | {value}/{total} events | {eta_formatted} left', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic)
      : undefined;
    if (!showBar && !options.quiet && behind >= BAR_FROM_EVENTS) process.stderr.write(`reading ${behind} events into the metrics read model…\n`);
    bar?.start(behind, 0);
    let done = 0;
    await catchUp(db, () => running.policy, { onBatch: (n) => bar?.update((done += n)) });
    bar?.stop();
    return await work({ db, running });
  } finally {
    await database.close();
  }
}
