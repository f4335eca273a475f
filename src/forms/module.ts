/** Lead-capture forms with progressive profiling. */
import type { BatonModule } from '../modules/module.js';
import { trackingServices } from '../tracking/services.js';
import { formApiRoutes } from './api-routes.js';
import { checkForms } from './checks.js';
import { publicFormRoutes } from './routes.js';

export const formsModule: BatonModule = {
  name: 'forms',
  routes(app, ctx, requireScope) {
    // Until `baton policy check` runs these too, say at start what it would.
    if (ctx.logger) {
      for (const finding of checkForms(ctx.deps.policy().policy)) ctx.logger.warn(`policy ${finding.path.join('.')}: ${finding.message}`);
    }
    publicFormRoutes(app, ctx, trackingServices(ctx));
    formApiRoutes(app, ctx, requireScope);
  },
};
