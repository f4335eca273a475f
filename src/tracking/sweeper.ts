/**
 * Background upkeep: stitches activity that missed its lead (a failed or interrupted stitch)
 * and deletes the activity of visitors who never identified once it is older than
 * `tracking.anonymous_retention`.
 */
import type { Worker } from '../modules/module.js';
import type { ModuleContext } from '../modules/module.js';
import { deleteAnonymousActivity, leadsWithUnstitched } from './activity-store.js';
import type { TrackingServices } from './services.js';

/** How often the sweeper runs (ms). */
const EVERY_MS = 60_000;

export async function startTrackingSweeper(ctx: ModuleContext, services: TrackingServices): Promise<Worker> {
  const { deps, logger } = ctx;
  let running: Promise<void> = Promise.resolve();
  const sweep = async () => {
    for (const leadId of await leadsWithUnstitched(deps.db, 100)) await services.stitcher.stitch(leadId);
    const retention = deps.policy().policy.tracking.anonymous_retention;
    if (retention.kind === 'wall') await deleteAnonymousActivity(deps.db, new Date(deps.clock.now().getTime() - retention.ms));
  };
  const timer = setInterval(() => {
    running = running.then(sweep).catch((error: unknown) => {
      if (logger) logger.error({ err: error }, 'tracking sweep failed');
    });
  }, EVERY_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
