/** The hand-off metrics, analyses, the monthly audit and the SLA document. */
import type { BatonModule } from '../modules/module.js';
import { metricsRoutes } from './http/metrics-routes.js';
import { startProjector } from './read-model/projector.js';

export const metricsModule: BatonModule = {
  name: 'metrics',
  routes(app, ctx, requireScope) {
    metricsRoutes(app, ctx, requireScope);
  },
  start(ctx) {
    return startProjector({
      db: ctx.deps.db,
      policy: () => ctx.deps.policy().policy,
      now: () => ctx.deps.clock.now(),
      logger: ctx.logger,
      ...(ctx.deps.signals ? { signals: ctx.deps.signals } : {}),
    });
  },
};
