/** Lead-capture forms with progressive profiling. */
import type { BatonModule } from '../modules/module.js';
import { trackingServices } from '../tracking/services.js';
import { formApiRoutes } from './api-routes.js';
import { publicFormRoutes } from './routes.js';

export const formsModule: BatonModule = {
  name: 'forms',
  routes(app, ctx, requireScope) {
    publicFormRoutes(app, ctx, trackingServices(ctx));
    formApiRoutes(app, ctx, requireScope);
  },
};
