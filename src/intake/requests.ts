/**
 * What clients send: the API bodies and CSV rows, before normalization. Unknown fields are
 * refused (a typo such as "compnay" would otherwise be silently lost); free-form data belongs in
 * `answers` or an event's `properties`.
 */
import { z } from 'zod';

const text = (max: number) => z.string().max(max, `at most ${max} characters`);
const scalar = z.union([text(2_000), z.number(), z.boolean()]);
const numberLike = z.union([z.number(), text(40)]);
const instant = z.iso.datetime({ offset: true, message: 'an ISO 8601 date-time such as 2026-11-21T14:05:00Z' });

export const touchSchema = z.strictObject({
  channel: text(100).optional(),
  utm_source: text(200).optional(),
  utm_medium: text(200).optional(),
  utm_campaign: text(200).optional(),
  utm_term: text(200).optional(),
  utm_content: text(200).optional(),
  referrer: text(2_000).optional(),
  landing_page: text(2_000).optional(),
  at: instant.optional(),
});

export const activitySchema = z.strictObject({
  type: z.string().regex(/^[a-z][a-z0-9_.:-]{0,63}$/i, 'an activity type such as page_viewed or demo_requested'),
  occurred_at: instant.optional(),
  url: text(2_000).optional(),
  title: text(500).optional(),
  form_id: text(200).optional(),
  properties: z.record(z.string().max(100), scalar).optional(),
});

export const leadRequestSchema = z.strictObject({
  email: text(320),
  first_name: text(200).optional(),
  last_name: text(200).optional(),
  title: text(300).optional(),
  phone: text(50).optional(),
  country: text(100).optional(),
  company: z
    .strictObject({
      name: text(300).optional(),
      domain: text(300).optional(),
      website: text(2_000).optional(),
      size: numberLike.optional(),
      industry: text(200).optional(),
      country: text(100).optional(),
      region: text(200).optional(),
      state: text(200).optional(),
      annual_revenue: numberLike.optional(),
    })
    .optional(),
  answers: z.record(z.string().max(100), scalar).optional(),
  source: touchSchema.optional(),
  event: activitySchema.optional(),
  event_id: text(200).optional(),
});
export type LeadRequest = z.infer<typeof leadRequestSchema>;

export const eventRequestSchema = activitySchema.extend({
  email: text(320).optional(),
  lead_id: z.uuid().optional(),
  event_id: text(200).optional(),
});
export type EventRequest = z.infer<typeof eventRequestSchema>;

export const MAX_EVENTS_PER_BATCH = 1_000;

export const accountRequestSchema = z.strictObject({
  external_id: text(200).optional(),
  name: text(300).min(1, 'a company name'),
  domain: text(300).optional(),
  owner: text(100).optional(),
  is_customer: z.boolean().default(false),
  segment: text(100).optional(),
});
export type AccountRequest = z.infer<typeof accountRequestSchema>;
