/**
 * Who a message goes to, and how they want to hear it: a recipient named in an outbox payload
 * (a rep id, `manager:<id>` or `admins`) becomes a person with addresses, a time zone (their
 * calendar's) and preferences (the API's, else the policy's, else the policy's defaults).
 */
import type { Policy } from '../policy/schema.js';
import type { PersonChannel, QuietHours } from '../policy/sections/notifications.js';

export interface StoredPreference {
  channels: string[];
  quiet_hours: QuietHours | null;
  slack_user: string | null;
}

export interface Person {
  /** As the outbox names them: `ana`, `manager:mia`, `admins`. */
  key: string;
  kind: 'rep' | 'manager' | 'admins';
  /** The rep or manager id. */
  id?: string;
  name: string;
  emails: string[];
  phones: string[];
  slackUser?: string;
  /** Admins: the channel the bot posts alerts to. */
  slackChannel?: string;
  timezone: string;
  channels: PersonChannel[];
  quietHours?: QuietHours;
  /** Where the preferences came from. */
  source: 'api' | 'policy' | 'defaults';
}

export function resolvePerson(policy: Policy, key: string, stored: ReadonlyMap<string, StoredPreference>): Person | undefined {
  const n = policy.notifications;
  const zoneOf = (calendar: string | undefined) => policy.calendars[calendar ?? policy.sla.calendar]?.timezone ?? 'UTC';
  if (key === 'admins') {
    const channels: PersonChannel[] = [];
    if (n.admins.email.length > 0) channels.push('email');
    if (n.admins.slack_channel !== undefined) channels.push('slack');
    if (n.admins.phone.length > 0) channels.push('sms');
    return {
      key,
      kind: 'admins',
      name: 'Admins',
      emails: n.admins.email,
      phones: n.admins.phone.map(e164),
      ...(n.admins.slack_channel !== undefined ? { slackChannel: n.admins.slack_channel } : {}),
      timezone: zoneOf(undefined),
      channels,
      source: 'policy',
    };
  }
  if (key.startsWith('manager:')) {
    const id = key.slice('manager:'.length);
    const manager = policy.managers[id];
    if (!manager) return undefined;
    const own = n.managers[id];
    return withPreferences(
      { key, kind: 'manager', id, name: manager.name, emails: [manager.email], phones: manager.phone ? [e164(manager.phone)] : [], timezone: zoneOf(manager.calendar) },
      own,
      undefined,
      n.defaults,
    );
  }
  const rep = policy.reps[key];
  if (!rep) return undefined;
  return withPreferences(
    { key, kind: 'rep', id: key, name: rep.name, emails: [rep.email], phones: rep.phone ? [e164(rep.phone)] : [], timezone: zoneOf(rep.calendar) },
    n.reps[key],
    stored.get(key),
    n.defaults,
  );
}

type PolicyPreference = Policy['notifications']['reps'][string];

function withPreferences(
  base: Omit<Person, 'channels' | 'source' | 'quietHours' | 'slackUser'>,
  policy: PolicyPreference | undefined,
  stored: StoredPreference | undefined,
  defaults: Policy['notifications']['defaults'],
): Person {
  if (stored) {
    const slackUser = stored.slack_user ?? policy?.slack_user;
    return {
      ...base,
      channels: stored.channels.filter(isChannel),
      ...(stored.quiet_hours ? { quietHours: stored.quiet_hours } : {}),
      ...(slackUser ? { slackUser } : {}),
      source: 'api',
    };
  }
  const quiet = policy?.quiet_hours === null ? undefined : (policy?.quiet_hours ?? defaults.quiet_hours);
  return {
    ...base,
    channels: policy?.channels ?? defaults.channels,
    ...(quiet ? { quietHours: quiet } : {}),
    ...(policy?.slack_user ? { slackUser: policy.slack_user } : {}),
    source: policy ? 'policy' : 'defaults',
  };
}

function isChannel(value: string): value is PersonChannel {
  return value === 'email' || value === 'slack' || value === 'sms';
}

/** "+1 212 555 0141" → "+12125550141": SMS APIs take E.164 without spaces. */
export function e164(phone: string): string {
  return phone.replace(/[\s().-]/g, '');
}
