/**
 * When and where a message goes: the person's channels that are configured and have an address,
 * held until the end of their quiet hours unless the message is urgent.
 *
 * Urgent (sent during quiet hours when `urgent_overrides_quiet_hours`, the default): a missed
 * deadline, a lead nobody could take, a failing integration, and any message about a
 * high-priority lead (its first-touch clock may count wall-clock time, e.g. 1h, so waiting until
 * morning would breach it). Everything else waits for the quiet period to end; nothing is dropped.
 */
import { DateTime } from 'luxon';
import type { PersonChannel, QuietHours } from '../policy/sections/notifications.js';
import type { Person } from './people.js';
import type { ChannelSettings } from './settings.js';

const ALWAYS_URGENT = new Set(['breached', 'fallback', 'queued', 'integration_failing']);
const URGENT_WHEN_HIGH = new Set(['assigned', 'reassigned_to', 'reminder']);

export function isUrgent(message: string, priority: string | undefined): boolean {
  return ALWAYS_URGENT.has(message) || (priority === 'high' && URGENT_WHEN_HIGH.has(message));
}

/** The end of the quiet period `now` falls in (in `zone`), or undefined when it is not quiet. */
export function quietUntil(quiet: QuietHours, zone: string, now: Date): Date | undefined {
  const local = DateTime.fromJSDate(now, { zone });
  if (!local.isValid) return undefined;
  const minutes = local.hour * 60 + local.minute;
  const [from, to] = [toMinutes(quiet.from), toMinutes(quiet.to)];
  const at = (day: DateTime, m: number) => day.set({ hour: Math.floor(m / 60), minute: m % 60, second: 0, millisecond: 0 });
  if (from < to) return minutes >= from && minutes < to ? at(local, to).toJSDate() : undefined;
  // Overnight (20:00 → 08:00).
  if (minutes >= from) return at(local.plus({ days: 1 }), to).toJSDate();
  if (minutes < to) return at(local, to).toJSDate();
  return undefined;
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** The channels this person gets the message on: wanted, configured, and with an address. */
export function usableChannels(person: Person, settings: ChannelSettings): PersonChannel[] {
  return person.channels.filter((channel) => {
    switch (channel) {
      case 'email':
        return settings.email !== undefined && person.emails.length > 0;
      case 'sms':
        return settings.sms !== undefined && person.phones.length > 0;
      case 'slack':
        if (!settings.slack) return false;
        // A direct message needs the person's member id; an incoming webhook posts to its own channel.
        return settings.slack.webhookUrl !== undefined || (settings.slack.botToken !== undefined && (person.slackUser ?? person.slackChannel) !== undefined);
    }
  });
}

export interface PlannedDelivery {
  channel: PersonChannel;
  person: Person;
  /** Now, or the end of the person's quiet hours. */
  dueAt: Date;
}

export function planDeliveries(
  people: readonly Person[],
  settings: ChannelSettings,
  options: { urgent: boolean; urgentOverridesQuiet: boolean; now: Date; except?: string },
): PlannedDelivery[] {
  const planned: PlannedDelivery[] = [];
  for (const person of people) {
    const quietEnd = person.quietHours && !(options.urgent && options.urgentOverridesQuiet) ? quietUntil(person.quietHours, person.timezone, options.now) : undefined;
    for (const channel of usableChannels(person, settings)) {
      if (channel === options.except) continue;
      planned.push({ channel, person, dueAt: quietEnd ?? options.now });
    }
  }
  return planned;
}
