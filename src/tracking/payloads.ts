/** What the snippet sends. Sizes are bounded field by field; the route bounds the whole body. */
import { z } from 'zod';

export const MAX_EVENTS_PER_REQUEST = 50;
/** How far back the snippet may date an event (it holds them at most a few seconds). */
const MAX_AGO_MS = 24 * 3_600_000;

const properties = z
  .record(z.string().max(64), z.union([z.string().max(500), z.number(), z.boolean()]))
  .refine((p) => Object.keys(p).length <= 20, 'at most 20 properties');

export const publicEventSchema = z.strictObject({
  type: z.string().regex(/^[a-z][a-z0-9_.:-]{0,63}$/i, 'an event name such as page_viewed or pricing_viewed'),
  /** Milliseconds between the event and the send, so a wrong clock on the visitor's computer does not matter. */
  ago: z.number().int().min(0).max(MAX_AGO_MS).default(0),
  url: z.string().max(2_000).optional(),
  title: z.string().max(500).optional(),
  referrer: z.string().max(2_000).optional(),
  properties: properties.optional(),
});
export type PublicEvent = z.output<typeof publicEventSchema>;

export const visitorId = z.uuid({ message: 'a visitor id (a UUID the snippet sets)' });

export const eventBatchSchema = z.strictObject({
  key: z.string().max(100),
  visitor: visitorId,
  consent: z.boolean().optional(),
  events: z.array(publicEventSchema).min(1).max(MAX_EVENTS_PER_REQUEST, `at most ${MAX_EVENTS_PER_REQUEST} events per request`),
});

export const identifySchema = z.union([
  z.strictObject({ key: z.string().max(100), visitor: visitorId, consent: z.boolean().optional(), email: z.string().max(320) }),
  z.strictObject({ key: z.string().max(100), visitor: visitorId, consent: z.boolean().optional(), token: z.string().max(1_000) }),
]);
