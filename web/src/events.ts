/** One line for each kind of timeline event, from its data (src/engine/handoff-events.ts shapes). */
import { CLOCK_LABELS, duration, stageLabel, words } from './format';
import type { TimelineEvent } from './types';

type Data = Record<string, unknown>;
const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));

const DESCRIBE: Record<string, (d: Data) => string> = {
  lead_created: () => 'Lead created',
  lead_updated: (d) => `Details updated${Array.isArray(d.fields) ? `: ${(d.fields as string[]).join(', ')}` : ''}`,
  account_matched: (d) => `Matched to account ${s(d.name ?? (d.account as Data | undefined)?.name)}`,
  activity_recorded: (d) => `Activity: ${words(s(d.type ?? (d.activity as Data | undefined)?.type))}`,
  score_changed: (d) => `Score ${s(d.from ?? (d.before as Data | undefined)?.total)} → ${s(d.to ?? (d.after as Data | undefined)?.total ?? d.total)}`,
  stage_changed: (d) => `Stage ${stageLabel(s(d.from))} → ${stageLabel(s(d.to))}${d.reason ? ` (${s(d.reason)})` : ''}`,
  assigned: (d) => `Assigned to ${s(d.rep)}${d.explanation ? ` — ${s(d.explanation)}` : ''}`,
  queued: (d) => `Queued in ${s(d.queue)}${d.reason ? ` — ${s(d.reason)}` : ''}`,
  accepted: (d) => `Accepted by ${s(d.rep)}`,
  rejected: (d) => `Rejected by ${s(d.rep)}: ${words(s(d.reason))}${d.note ? ` — “${s(d.note)}”` : ''}`,
  contact_attempted: (d) => `Attempt ${s(d.attempt)} by ${s(d.rep)}: ${words(s(d.channel))}, ${words(s(d.outcome))}`,
  connected: (d) => `Connected by ${words(s(d.channel))}`,
  meeting_booked: (d) => `Meeting booked${d.scheduled_for ? ` for ${new Date(s(d.scheduled_for)).toLocaleString()}` : ''}`,
  converted: (d) => `Converted to ${s(d.to) === 'sql' ? 'SQL' : 'opportunity'}`,
  closed: (d) => `Closed ${s(d.outcome)}: ${words(s(d.disposition))}`,
  recycled: (d) => `Recycled to nurture after ${s(d.attempts)} attempts`,
  reassigned: (d) => `Reassigned from ${s(d.from)} to ${s(d.to ?? d.queue)} by ${s(d.by)}: ${s(d.reason)}`,
  clock_started: (d) => `${clockName(d)} clock started, due ${new Date(s(d.due_at)).toLocaleString()} (${s(d.duration)})`,
  clock_breached: (d) => `${clockName(d)} SLA breached`,
  clock_stopped: (d) => `${clockName(d)} clock ${s(d.outcome)} after ${duration(Number(d.business_ms ?? d.elapsed_ms))}`,
  escalated: (d) => `Escalation step ${Number(d.step) + 1} on ${CLOCK_LABELS[s(d.clock)] ?? s(d.clock)}: ${(d.actions as string[] | undefined)?.map(words).join(', ') ?? ''}`,
  notified: (d) => `Notified ${s(d.recipient)} by ${s(d.channel)} (${words(s(d.message))})`,
};

function clockName(d: Data): string {
  const name = CLOCK_LABELS[s(d.clock)] ?? s(d.clock);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export function describeEvent(event: TimelineEvent): string {
  const describe = DESCRIBE[event.type];
  try {
    if (describe) return describe(event.data ?? {});
  } catch {
    // fall through to the raw view
  }
  return `${words(event.type)} ${JSON.stringify(event.data)}`;
}
