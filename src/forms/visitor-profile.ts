/** What Baton knows about the person behind a visitor id: their lead's e-mail and profile. */
import type { Kysely } from 'kysely';
import type { LeadProfile } from '../domain/lead/profile.js';
import type { Database } from '../store/database.js';
import { knownFrom, NOTHING_KNOWN, type Known } from './known.js';

export interface VisitorLead {
  leadId?: string;
  email?: string;
  known: Known;
}

export async function visitorLead(db: Kysely<Database>, visitorId: string | undefined): Promise<VisitorLead> {
  if (!visitorId) return { known: NOTHING_KNOWN };
  const row = await db
    .selectFrom('tracking_visitors as v')
    .innerJoin('leads as l', 'l.id', 'v.lead_id')
    .select(['l.id', 'l.email', 'l.profile'])
    .where('v.id', '=', visitorId)
    .executeTakeFirst();
  if (!row) return { known: NOTHING_KNOWN };
  return { leadId: row.id, email: row.email, known: knownFrom(row.profile as LeadProfile) };
}
