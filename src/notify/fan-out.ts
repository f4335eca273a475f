/**
 * Outbox rows → deliveries: who hears about it (the payload's recipients, or the intake's
 * defaults), on which channels (their preferences, configured channels, addresses), when (now,
 * or after their quiet hours), and what it says (rendered once per person: the brief, the
 * deadline in their time zone, their one-click links).
 */
import { z } from 'zod';
import { addBusinessTime } from '../domain/calendar/index.js';
import type { LeadBrief } from '../domain/brief/brief.js';
import { buildActionLinks, type ActionLinks } from '../handoff/links.js';
import type { ModuleContext } from '../modules/module.js';
import type { Policy } from '../policy/schema.js';
import { json } from '../store/database.js';
import { contentFor } from './content/delivery-content.js';
import { ACTIONABLE, type Deadline, type LeadSummary, type MessageInput } from './content/message-input.js';
import { renderMessage } from './content/render.js';
import { SENDING_LEASE_MS } from './delivery-store.js';
import type { ClaimedOutboxRow, NewDelivery } from './outbox-claim.js';
import { openClocksOf, type OpenClock } from './open-clocks.js';
import { resolvePerson, type Person, type StoredPreference } from './people.js';
import { isUrgent, planDeliveries } from './schedule.js';
import type { ChannelSettings } from './settings.js';

const payloadSchema = z.looseObject({
  lead_id: z.string().nullish(),
  rep: z.string().optional(),
  priority: z.string().optional(),
  queue: z.string().optional(),
  message: z.string().optional(),
  recipients: z.array(z.string()).optional(),
  clock: z.string().optional(),
  due_at: z.string().optional(),
  reason: z.string().optional(),
  channel: z.string().optional(),
  error: z.string().optional(),
  failures: z.number().optional(),
});
type Payload = z.output<typeof payloadSchema>;

/** Who hears about an outbox row and what it says: the payload's, else the intake's defaults. */
export function audienceOf(kind: string, payload: Payload): { recipients: string[]; message: string } | undefined {
  if (payload.recipients && payload.message) return { recipients: payload.recipients, message: payload.message };
  if (kind === 'lead.assigned' && payload.rep) return { recipients: [payload.rep], message: 'assigned' };
  if (kind === 'lead.queued') return { recipients: ['admins'], message: 'queued' };
  return undefined; // lead.qualified and the like: webhooks carry them
}

/** Idempotency key of one outbox row's delivery: safe in a Message-ID and a header. */
export function deliveryKey(outboxId: string, channel: string, recipient: string): string {
  return `ob${outboxId}.${channel}.${recipient.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

export interface FanOutInput {
  ctx: ModuleContext;
  settings: ChannelSettings;
  /** The API-set preferences of these reps. */
  preferences: (reps: readonly string[]) => Promise<ReadonlyMap<string, StoredPreference>>;
  now: Date;
}

export async function buildDeliveries(rows: readonly ClaimedOutboxRow[], input: FanOutInput): Promise<NewDelivery[]> {
  const { ctx, settings, now } = input;
  const policy = ctx.deps.policy().policy;
  const db = ctx.deps.db;
  const items = rows.flatMap((row) => {
    const payload = payloadSchema.safeParse(row.payload);
    const audience = payload.success ? audienceOf(row.kind, payload.data) : undefined;
    return payload.success && audience ? [{ row, payload: payload.data, audience }] : [];
  });
  const leadIds = [...new Set(items.map((i) => i.row.lead_id).filter((id): id is string => id !== null))];
  const reps = [...new Set(items.flatMap((i) => i.audience.recipients).filter((r) => policy.reps[r] !== undefined))];
  // The reads a batch needs, side by side: leads, preferences and open clocks (deadlines).
  const [leadRows, preferences, clocks] = await Promise.all([
    leadIds.length > 0
      ? db.selectFrom('leads').select(['id', 'email', 'stage', 'priority', 'owner', 'queue', 'brief', 'assigned_at']).where('id', 'in', leadIds).execute()
      : Promise.resolve([]),
    input.preferences(reps),
    openClocksOf(db, leadIds),
  ]);
  const leads = new Map(leadRows.map((l) => [l.id, l]));

  const deliveries: NewDelivery[] = [];
  for (const { row, payload, audience } of items) {
    const people = audience.recipients.map((key) => resolvePerson(policy, key, preferences)).filter((p): p is Person => p !== undefined);
    const leadRow = row.lead_id ? leads.get(row.lead_id) : undefined;
    const lead: LeadSummary | undefined = leadRow
      ? { id: leadRow.id, email: leadRow.email, stage: leadRow.stage, priority: leadRow.priority, owner: leadRow.owner, queue: leadRow.queue, brief: (leadRow.brief as LeadBrief | null) ?? null }
      : undefined;
    const planned = planDeliveries(people, settings, {
      urgent: isUrgent(audience.message, payload.priority ?? lead?.priority),
      urgentOverridesQuiet: policy.notifications.defaults.urgent_overrides_quiet_hours,
      now,
      ...(row.kind === 'alert' && payload.channel ? { except: payload.channel } : {}),
    });
    const rendered = new Map<string, ReturnType<typeof renderMessage>>();
    for (const plan of planned) {
      let message = rendered.get(plan.person.key);
      if (!message) {
        const deadlines = lead ? deadlinesFor(policy, audience.message, plan.person, payload, lead, leadRow?.assigned_at ?? null, clocks.get(lead.id) ?? [], now) : [];
        const links = lead && plan.person.kind === 'rep' && ACTIONABLE.has(audience.message) ? await linksFor(ctx, lead.id, plan.person.id!, policy, now) : undefined;
        message = renderMessage(messageInput(policy, audience.message, plan.person, payload, lead, deadlines, links));
        rendered.set(plan.person.key, message);
      }
      const sendNow = plan.dueAt.getTime() <= now.getTime();
      deliveries.push({
        idempotency_key: deliveryKey(row.id, plan.channel, plan.person.key),
        channel: plan.channel,
        recipient: plan.person.key,
        lead_id: row.lead_id,
        message: audience.message,
        outbox_id: row.id,
        event_id: null,
        content: json(contentFor(plan.channel, plan.person, message)),
        // Due now: created already claimed by this process, which sends it right after commit.
        status: sendNow ? 'sending' : 'pending',
        attempts: sendNow ? 1 : 0,
        due_at: sendNow ? new Date(now.getTime() + SENDING_LEASE_MS) : plan.dueAt,
        created_at: now,
        updated_at: now,
      });
    }
  }
  return deliveries;
}

function messageInput(policy: Policy, message: string, person: Person, payload: Payload, lead: LeadSummary | undefined, deadlines: Deadline[], links: ActionLinks | undefined): MessageInput {
  const repName = payload.rep ? (policy.reps[payload.rep]?.name ?? payload.rep) : undefined;
  return {
    message,
    workspace: policy.name,
    recipient: { kind: person.kind, ...(person.id ? { id: person.id } : {}), name: person.name, timezone: person.timezone },
    ...(lead ? { lead } : {}),
    deadlines,
    ...(links ? { links, leadUrl: links.lead } : {}),
    details: {
      ...(repName ? { rep: repName } : {}),
      ...(payload.reason ? { reason: payload.reason.replaceAll('_', ' ') } : {}),
      ...(payload.clock ? { clock: payload.clock } : {}),
      ...(payload.queue ? { queue: payload.queue } : {}),
      ...(payload.channel ? { channel: payload.channel } : {}),
      ...(payload.error ? { error: payload.error } : {}),
      ...(payload.failures !== undefined ? { failures: payload.failures } : {}),
    },
    rejectReasons: policy.reasons.reject.map((r) => ({ code: r.code, label: r.label })),
  };
}

/**
 * The deadlines to show: the payload's (a reminder names its clock), else the lead's open clocks
 * for this rep, else (no clock recorded, e.g. a policy without that clock) what the policy gives
 * from the assignment time.
 */
function deadlinesFor(
  policy: Policy,
  message: string,
  person: Person,
  payload: Payload,
  lead: LeadSummary,
  assignedAt: Date | string | null,
  clocks: readonly OpenClock[],
  now: Date,
): Deadline[] {
  if (payload.clock && payload.due_at && !Number.isNaN(Date.parse(payload.due_at))) {
    return [{ clock: payload.clock, dueAt: new Date(payload.due_at), estimated: false }];
  }
  if (person.kind === 'admins') return [];
  const rep = person.kind === 'rep' ? person.id : payload.rep;
  const open = clocks.filter((c) => c.rep === null || c.rep === rep);
  if (open.length > 0) {
    return open.map((c) => ({ clock: c.clock, dueAt: new Date(c.due_at), estimated: false })).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  }
  if (person.kind !== 'rep' || (message !== 'assigned' && message !== 'reassigned_to')) return [];
  const calendar = policy.calendars[policy.reps[person.id!]?.calendar ?? policy.sla.calendar];
  if (!calendar) return [];
  const start = message === 'assigned' && assignedAt ? new Date(assignedAt) : now;
  const firstTouch = lead.priority === 'high' ? policy.sla.first_touch.high_intent : policy.sla.first_touch.standard;
  return [
    { clock: 'accept_or_reject', dueAt: addBusinessTime(calendar, start, policy.sla.accept_or_reject), estimated: true },
    { clock: 'first_touch', dueAt: addBusinessTime(calendar, start, firstTouch), estimated: true },
  ].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/** The rep's one-click links; none (the message says to open Baton) until the hand-off builds them. */
async function linksFor(ctx: ModuleContext, leadId: string, rep: string, policy: Policy, now: Date): Promise<ActionLinks | undefined> {
  const validity = policy.notifications.delivery.link_validity;
  const ms = validity.kind === 'wall' ? validity.ms : 7 * 86_400_000;
  try {
    return await buildActionLinks(ctx, { leadId, rep, expiresAt: new Date(now.getTime() + ms) });
  } catch {
    return undefined;
  }
}
