import { describe, expect, it } from 'vitest';
import type { Person } from './people.js';
import { isUrgent, planDeliveries, quietUntil } from './schedule.js';
import type { ChannelSettings } from './settings.js';

const night = { from: '20:00', to: '08:00' };

describe('quiet hours in the person’s time zone', () => {
  it('holds a message sent at 22:00 in New York until 08:00 the next morning there', () => {
    // 02:00 UTC on 11 March = 22:00 EDT on 10 March.
    expect(quietUntil(night, 'America/New_York', new Date('2026-03-11T02:00:00Z'))?.toISOString()).toBe('2026-03-11T12:00:00.000Z');
  });

  it('holds a message sent at 06:30 until 08:00 the same morning', () => {
    expect(quietUntil(night, 'Europe/Berlin', new Date('2026-03-10T05:30:00Z'))?.toISOString()).toBe('2026-03-10T07:00:00.000Z');
  });

  it('lets a message through in the day', () => {
    expect(quietUntil(night, 'Europe/Berlin', new Date('2026-03-10T12:00:00Z'))).toBeUndefined();
  });

  it('ends at 08:00 local time across a daylight-saving change (Berlin springs forward on 29 March 2026)', () => {
    // 22:00 CET on 28 March; 08:00 CEST on 29 March is 06:00 UTC.
    expect(quietUntil(night, 'Europe/Berlin', new Date('2026-03-28T21:00:00Z'))?.toISOString()).toBe('2026-03-29T06:00:00.000Z');
  });

  it('handles a daytime quiet period (lunch)', () => {
    const lunch = { from: '12:00', to: '13:00' };
    expect(quietUntil(lunch, 'UTC', new Date('2026-03-10T12:30:00Z'))?.toISOString()).toBe('2026-03-10T13:00:00.000Z');
    expect(quietUntil(lunch, 'UTC', new Date('2026-03-10T13:00:00Z'))).toBeUndefined();
  });
});

describe('urgency', () => {
  it('treats missed deadlines and unassignable leads as urgent, and high-priority hand-offs', () => {
    expect(isUrgent('breached', 'normal')).toBe(true);
    expect(isUrgent('queued', undefined)).toBe(true);
    expect(isUrgent('assigned', 'high')).toBe(true);
    expect(isUrgent('assigned', 'normal')).toBe(false);
    expect(isUrgent('accepted', 'high')).toBe(false);
  });
});

describe('planning deliveries', () => {
  const settings: ChannelSettings = {
    email: { from: 'b@x', smtpUrl: 'smtp://x' },
    slack: { botToken: 'xoxb', apiUrl: 'http://slack' },
    webhooks: [],
    disabled: {},
  };
  const rep = (over: Partial<Person> = {}): Person => ({
    key: 'ben',
    kind: 'rep',
    id: 'ben',
    name: 'Ben',
    emails: ['ben@x.com'],
    phones: [],
    timezone: 'Europe/Berlin',
    channels: ['email', 'slack', 'sms'],
    quietHours: night,
    source: 'policy',
    ...over,
  });
  const at = new Date('2026-03-10T22:00:00Z'); // 23:00 in Berlin

  it('uses only channels that are configured and have an address', () => {
    const planned = planDeliveries([rep()], settings, { urgent: true, urgentOverridesQuiet: true, now: at });
    // SMS: not configured; Slack: a bot token needs the rep's member id.
    expect(planned.map((p) => p.channel)).toEqual(['email']);
    expect(planDeliveries([rep({ slackUser: 'U1' })], settings, { urgent: true, urgentOverridesQuiet: true, now: at }).map((p) => p.channel)).toEqual(['email', 'slack']);
  });

  it('delays a routine message to the end of quiet hours and sends an urgent one now', () => {
    const routine = planDeliveries([rep()], settings, { urgent: false, urgentOverridesQuiet: true, now: at });
    expect(routine[0]!.dueAt.toISOString()).toBe('2026-03-11T07:00:00.000Z');
    const urgent = planDeliveries([rep()], settings, { urgent: true, urgentOverridesQuiet: true, now: at });
    expect(urgent[0]!.dueAt).toEqual(at);
    const strict = planDeliveries([rep()], settings, { urgent: true, urgentOverridesQuiet: false, now: at });
    expect(strict[0]!.dueAt.toISOString()).toBe('2026-03-11T07:00:00.000Z');
  });

  it('leaves out the failing channel when alerting about it', () => {
    const planned = planDeliveries([rep({ slackUser: 'U1', quietHours: undefined })], settings, { urgent: true, urgentOverridesQuiet: true, now: at, except: 'email' });
    expect(planned.map((p) => p.channel)).toEqual(['slack']);
  });
});
