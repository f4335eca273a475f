/** The hand-off metrics, analyses, the monthly audit and the SLA document. */
import type { BatonModule } from '../modules/module.js';
import { auditCommand } from '../reports/cli/audit-command.js';
import { reportRoutes } from '../reports/http/report-routes.js';
import { metricsCommand } from './cli/metrics-command.js';
import { metricsRoutes } from './http/metrics-routes.js';
import { startProjector } from './read-model/projector.js';

export const metricsModule: BatonModule = {
  name: 'metrics',
  routes(app, ctx, requireScope) {
    metricsRoutes(app, ctx, requireScope);
    reportRoutes(app, ctx, requireScope);
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
  commands() {
    return [metricsCommand(), auditCommand()];
  },
};
