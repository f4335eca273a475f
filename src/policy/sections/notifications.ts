/**
 * The `notifications` section: channels (e-mail, Slack, SMS, webhooks) and per-rep preferences.
 * Secrets never live in the policy file: it names environment variables that hold them.
 */
import { z } from 'zod';

export const notificationsSchema = z
  .strictObject({})
  .default({})
  .meta({ description: 'How Baton tells reps, managers and other systems about leads' });

export type NotificationsPolicy = z.output<typeof notificationsSchema>;
