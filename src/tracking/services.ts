/**
 * The tracking services one app shares between the tracking and forms modules: the activity
 * writer, the stitcher and the public rate limits. Built once per app (keyed by its deps), not
 * per module, so a visitor's budget and a lead's stitching queue are the same for both.
 */
import { z } from 'zod';
import type { ModuleContext } from '../modules/module.js';
import { ActivityWriter } from './activity-writer.js';
import { PublicRateLimits } from './public-intake.js';
import { createStitcher, type Stitcher } from './stitching.js';

const settingsSchema = z.object({
  BATON_TRACKING_WRITERS: z.coerce.number().int().min(1).max(64).default(2),
  BATON_TRACKING_BATCH: z.coerce.number().int().min(1).max(5_000).default(1_000),
});

export interface TrackingServices {
  writer: ActivityWriter;
  stitcher: Stitcher;
  limits: PublicRateLimits;
}

const built = new WeakMap<ModuleContext['deps'], TrackingServices>();

export function trackingServices(ctx: ModuleContext): TrackingServices {
  let services = built.get(ctx.deps);
  if (!services) {
    const parsed = settingsSchema.safeParse(ctx.env);
    if (!parsed.success) {
      throw new Error(`Baton cannot start: fix these settings:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
    }
    const stitcher = createStitcher(ctx.deps, ctx.logger);
    services = {
      stitcher,
      writer: new ActivityWriter(ctx.deps, stitcher, { maxInFlight: parsed.data.BATON_TRACKING_WRITERS, maxBatch: parsed.data.BATON_TRACKING_BATCH }, ctx.logger),
      limits: new PublicRateLimits(ctx.deps.clock),
    };
    built.set(ctx.deps, services);
  }
  return services;
}
