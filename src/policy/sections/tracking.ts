/**
 * The `tracking` section: sites that may send page views and form submissions, and their origins.
 *
 * Sites live in the policy rather than in a database table behind an admin API: which web
 * origins may write into the lead database is a security decision both teams should review, and
 * the policy is versioned and reviewed already. Public keys are not secrets (every visitor's
 * browser sees them in the page), so they can sit in the file.
 */
import { z } from 'zod';
import { durationSchema, id } from '../schema-fields.js';

const ORIGIN_HINT = 'an origin such as "https://www.example.com" (scheme, host and optional port; "*" for one host label or any port, e.g. "https://*.example.com" or "http://localhost:*")';
export const originPattern = z
  .string({ error: ORIGIN_HINT })
  .regex(/^https?:\/\/(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:(\d{1,5}|\*))?$/, ORIGIN_HINT);

const publicKey = z
  .string({ error: 'a public key such as "pk_www_3f9a1c" (pk_ then 6 to 64 letters, digits, "_" or "-")' })
  .regex(/^pk_[A-Za-z0-9_-]{6,64}$/, 'a public key such as "pk_www_3f9a1c" (pk_ then 6 to 64 letters, digits, "_" or "-")');

export const siteSchema = z.strictObject({
  name: z.string().optional().meta({ description: 'Shown in the API and documents (Default: the site id)' }),
  key: publicKey.meta({ description: 'Public key the snippet and forms send; it can only send activity and submissions, never read' }),
  origins: z.array(originPattern).min(1, 'at least one origin').meta({ description: 'Web origins allowed to send with this key' }),
  consent: z
    .enum(['required', 'not_required'])
    .default('required')
    .meta({ description: 'required: the snippet sends nothing and sets no cookie until the page calls baton.consent(true) (Default: required)' }),
  identify: z
    .boolean()
    .default(true)
    .meta({ description: 'Allow baton.identify(email) from the page; forms and signed e-mail links identify regardless (Default: true)' }),
});

export const trackingSchema = z
  .strictObject({
    sites: z.record(id, siteSchema).default({}).meta({ description: 'Sites by id, each with its public key and allowed origins' }),
    limits: z
      .strictObject({
        per_visitor: z.number().int().positive().default(120).meta({ description: 'Events a visitor may send per minute (Default: 120)' }),
        per_ip: z.number().int().positive().default(1200).meta({ description: 'Events one IP address may send per minute, all visitors behind it together (Default: 1200)' }),
        form_submissions_per_ip: z.number().int().positive().default(10).meta({ description: 'Form submissions one IP address may send per minute (Default: 10)' }),
      })
      .prefault({})
      .meta({ description: 'Rate limits on the public endpoints, per server process' }),
    anonymous_retention: durationSchema
      .refine((d) => d.kind === 'wall', 'a wall-clock duration such as 180d (not business time)')
      .prefault('180d')
      .meta({ description: 'Activity of visitors who never identify is deleted after this long (Default: 180d)' }),
  })
  .superRefine((section, ctx) => {
    const seen = new Map<string, string>();
    for (const [site, config] of Object.entries(section.sites)) {
      const other = seen.get(config.key);
      if (other) ctx.addIssue({ code: 'custom', path: ['sites', site, 'key'], message: `the key "${config.key}" is already site "${other}"'s; give each site its own` });
      seen.set(config.key, site);
    }
  })
  .prefault({})
  .meta({ description: 'Sites that run the tracking snippet and forms' });

export type TrackingPolicy = z.output<typeof trackingSchema>;
export type SitePolicy = z.output<typeof siteSchema>;
