/** Notifications: e-mail, Slack, SMS and webhooks through the outbox. */
import type { BatonModule } from '../modules/module.js';
import { notifyRoutes } from './routes.js';
import { channelSettingsSource, startNotifyWorker } from './worker.js';

export const notifyModule: BatonModule = {
  name: 'notify',
  routes: (app, ctx, requireScope) => notifyRoutes(app, ctx, requireScope, channelSettingsSource(ctx)),
  start: (ctx) => startNotifyWorker(ctx),
};
