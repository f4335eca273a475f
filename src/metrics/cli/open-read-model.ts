/**
 * What `baton metrics` and `baton audit` share: open Baton without its workers, bring the read
 * model up to the end of the event log (with a progress bar when that is long), run, close.
 */
import cliProgress from 'cli-progress';
import { pino } from 'pino';
import { createApp, type BatonApp } from '../../app.js';
import { readConfig } from '../../config.js';
import { catchUp, eventsBehind, resetReadModel } from '../read-model/projector.js';

/** Below this many events behind, catching up is quick and shows no bar (Default: 20,000). */
const BAR_FROM_EVENTS = 20_000;

export interface ReadModelOptions {
  policy?: string;
  rebuild?: boolean;
  quiet?: boolean;
}

export async function withReadModel<T>(options: ReadModelOptions, work: (app: BatonApp) => Promise<T>): Promise<T> {
  const config = readConfig({ ...process.env, ...(options.policy ? { BATON_POLICY: options.policy } : {}) });
  const app = await createApp(config, { logger: pino({ level: 'warn' }), workers: false });
  try {
    const db = app.deps.db;
    if (options.rebuild) await resetReadModel(db);
    const behind = await eventsBehind(db);
    const showBar = !options.quiet && process.stderr.isTTY && behind >= BAR_FROM_EVENTS;
    const bar = showBar
      ? new cliProgress.SingleBar({ format: 'reading the event log |{bar}| {percentage}% | {value}/{total} events | {eta_formatted} left', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic)
      : undefined;
    if (!showBar && !options.quiet && behind >= BAR_FROM_EVENTS) process.stderr.write(`reading ${behind} events into the metrics read model…\n`);
    bar?.start(behind, 0);
    let done = 0;
    await catchUp(db, () => app.running.policy, { onBatch: (n) => bar?.update((done += n)) });
    bar?.stop();
    return await work(app);
  } finally {
    await app.close();
  }
}
