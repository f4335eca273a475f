/** Notifications: e-mail, Slack, SMS and webhooks through the outbox. */
import type { BatonModule } from '../modules/module.js';

export const notifyModule: BatonModule = {
  name: 'notify',
};
