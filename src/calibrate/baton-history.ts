/**
 * Baton's own records as a calibration history: leads created in the window, their profile as
 * fields, their activity (before a rep first acted on them) as counts per engagement rule, and
 * their outcome from the hand-off events: `closed` won (positive) against `closed` lost or
 * `rejected` (negative); or, with `--positive accepted`, `accepted` against `rejected`.
 * Leads with no outcome yet are left out.
 */
import type { Kysely } from 'kysely';
import type { Activity } from '../domain/lead/activity.js';
import type { EmailFacts, LeadProfile } from '../domain/lead/profile.js';
import { leadSubject, type AccountMatch } from '../domain/lead/subject.js';
import { applyActivity } from '../domain/scoring/engagement.js';
import { BatonError } from '../errors/baton-error.js';
import type { Policy } from '../policy/schema.js';
import type { Database } from '../store/database.js';
import type { Cell, HistoryColumn } from './features.js';
import type { ActivityCounts, History } from './history.js';

export type BatonOutcome = 'won' | 'accepted';

/** Events after which the lead's activity no longer counts: a rep has it in hand. */
const REP_ACTIONS = new Set(['accepted', 'rejected', 'contact_attempted', 'connected', 'meeting_booked', 'converted', 'closed']);

interface LeadRecord {
  id: string;
  profile: LeadProfile;
  facts: EmailFacts;
  account?: AccountMatch;
  activities: Activity[];
  outcome?: 0 | 1;
  acting: boolean;
}

export async function batonHistory(db: Kysely<Database>, policy: Policy, options: { since: Date; positive: BatonOutcome; until?: Date }): Promise<History> {
  const leads = await db
    .selectFrom('leads')
    .select(['id', 'profile', 'facts', 'account_match'])
    .where('created_at', '>=', options.since)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const records = new Map<string, LeadRecord>();
  for (const row of leads) {
    records.set(row.id, {
      id: row.id,
      profile: row.profile as LeadProfile,
      facts: row.facts as EmailFacts,
      ...(row.account_match ? { account: row.account_match as AccountMatch } : {}),
      activities: [],
      acting: false,
    });
  }
  const ids = [...records.keys()];
  for (let i = 0; i < ids.length; i += 1000) {
    const events = await db
      .selectFrom('lead_events')
      .select(['lead_id', 'type', 'data'])
      .where('lead_id', 'in', ids.slice(i, i + 1000))
      .where('type', 'in', ['activity_recorded', ...REP_ACTIONS])
      .orderBy('lead_id')
      .orderBy('seq')
      .execute();
    for (const event of events) {
      const lead = records.get(event.lead_id)!;
      const data = event.data as Record<string, unknown>;
      if (event.type === 'activity_recorded') {
        if (!lead.acting) lead.activities.push(data.activity as Activity);
        continue;
      }
      lead.acting = true;
      if (lead.outcome !== undefined) continue;
      if (options.positive === 'won' && event.type === 'closed') lead.outcome = data.outcome === 'won' ? 1 : 0;
      else if (event.type === 'rejected') lead.outcome = 0;
      else if (options.positive === 'accepted' && event.type === 'accepted') lead.outcome = 1;
    }
  }
  const labelled = [...records.values()].filter((r): r is LeadRecord & { outcome: 0 | 1 } => r.outcome !== undefined);
  const positiveText = options.positive === 'won' ? 'closed won (against closed lost or rejected)' : 'accepted (against rejected)';
  const since = options.since.toISOString().slice(0, 10);
  if (labelled.length === 0) {
    throw new BatonError('invalid_request', `No lead created since ${since} has an outcome yet (${positiveText}); widen --since or wait for outcomes.`);
  }
  const y = Uint8Array.from(labelled, (r) => r.outcome);
  if (y.every((v) => v === y[0])) {
    throw new BatonError('invalid_request', `Every lead with an outcome since ${since} has the same one (${y[0] ? 'positive' : 'negative'}); calibration needs both.`);
  }
  const subjects = labelled.map((r) => leadSubject(r.profile, r.facts, r.account));
  const columns = profileColumns(subjects.map((s) => s as Record<string, unknown>));
  return {
    source: `Baton leads created since ${since}`,
    columns,
    y,
    positive: positiveText,
    activity: activityCounts(policy, labelled.map((r) => r.activities)),
    subject: (row) => subjects[row]!,
    activities: (row) => labelled[row]!.activities,
    notes: [`${records.size - labelled.length} of ${records.size} leads created since ${since} have no outcome yet and were left out.`],
  };
}

/** Fields worth learning from: who the lead is, not who they are by name. */
const FIELDS = ['title', 'country', 'company.size', 'company.industry', 'company.country', 'company.region', 'company.state', 'company.annual_revenue',
  'source.channel', 'source.utm_source', 'source.utm_medium', 'source.utm_campaign', 'free_email', 'professional_email', 'student_email',
  'has_account', 'is_customer', 'account.segment'];

function read(subject: Record<string, unknown>, path: string): Cell {
  let node: unknown = subject;
  for (const key of path.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  return typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean' ? (typeof node === 'boolean' ? String(node) : node) : undefined;
}

function profileColumns(subjects: Record<string, unknown>[]): HistoryColumn[] {
  const answerKeys = new Set<string>();
  for (const s of subjects) for (const key of Object.keys((s.answers as Record<string, unknown>) ?? {})) answerKeys.add(key);
  const paths = [...FIELDS, ...[...answerKeys].sort().map((k) => `answers.${k}`)];
  return paths
    .map((field) => ({ name: field, field, cells: subjects.map((s) => read(s, field)) }))
    .filter((column) => column.cells.some((c) => c !== undefined));
}

/** Per lead, how many activities each current engagement rule matched, and activity of types no rule counts. */
function activityCounts(policy: Policy, activities: Activity[][]): ActivityCounts[] {
  const byKey = new Map<string, ActivityCounts>();
  const n = activities.length;
  const term = (key: string, event: string, label: string, rule?: number) => {
    let entry = byKey.get(key);
    if (!entry) {
      entry = { key, event, label, counts: new Uint16Array(n), ...(rule !== undefined ? { rule } : {}) };
      byKey.set(key, entry);
    }
    return entry;
  };
  activities.forEach((list, row) => {
    for (const activity of list) {
      const { matched } = applyActivity(policy, undefined, activity);
      if (matched.length === 0) {
        const t = term(`event:${activity.type}`, activity.type, activity.type.replaceAll('_', ' '));
        t.counts[row] = Math.min(65535, t.counts[row]! + 1);
      }
      for (const m of matched) {
        const index = Number(/\[(\d+)\]$/.exec(m.rule)?.[1]);
        const t = term(m.rule, activity.type, m.reason, index);
        t.counts[row] = Math.min(65535, t.counts[row]! + 1);
      }
    }
  });
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
}
