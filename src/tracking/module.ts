/** The tracking snippet, public intake and identity stitching. */
import type { BatonModule } from '../modules/module.js';
import { trackingRoutes } from './routes.js';
import { trackingServices } from './services.js';
import { startTrackingSweeper } from './sweeper.js';

export const trackingModule: BatonModule = {
  name: 'tracking',
  routes(app, ctx, requireScope) {
    const services = trackingServices(ctx);
    trackingRoutes(app, ctx, requireScope, services);
    // Events waiting for their batch are written before the database closes.
    app.addHook('onClose', async () => services.writer.close());
  },
  start: async (ctx) => startTrackingSweeper(ctx, trackingServices(ctx)),
};
