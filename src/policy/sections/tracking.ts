/** The `tracking` section: sites that may send page views and form submissions, and their origins. */
import { z } from 'zod';

export const trackingSchema = z
  .strictObject({})
  .default({})
  .meta({ description: 'Sites that run the tracking snippet and forms' });

export type TrackingPolicy = z.output<typeof trackingSchema>;
