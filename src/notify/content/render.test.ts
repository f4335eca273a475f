import { describe, expect, it } from 'vitest';
import type { LeadBrief } from '../../domain/brief/brief.js';
import type { MessageInput } from './message-input.js';
import { renderMessage } from './render.js';
import { SLACK_ACCEPT, SLACK_REJECT } from './slack-blocks.js';

const brief: LeadBrief = {
  headline: 'Ada Lovelace · VP Sales · Fabrikam <Robotics>',
  who: { name: 'Ada Lovelace', title: 'VP Sales', email: 'ada@fabrikam.com', phone: '+14155550123', company: 'Fabrikam <Robotics>', company_size: 420 },
  told_us: [{ question: 'budget', answer: '50k-100k' }],
  did: { summary: '2 activities: 1 × demo requested, 1 × page viewed.', counts: {}, recent: [], telling: [{ type: 'page_viewed', at: '2026-03-10T10:00:00Z', url: '/pricing', points: 15 }] },
  score: { fit: 35, engagement: 15, total: 50, drivers: ['+20 mid-market size (fit)'] },
  source: { first_touch: { at: '2026-03-01T00:00:00Z', utm_source: 'google', utm_medium: 'cpc' } },
  account: { name: 'Fabrikam', is_customer: true, owner: 'ana', match: 'domain (100% confidence)' },
  why_you: "Matched rule 'US' → Ana Ruiz",
  priority: 'high',
  priority_reason: 'Requested a demo (high intent)',
  built_at: '2026-03-10T14:00:00Z',
};

const input = (over: Partial<MessageInput> = {}): MessageInput => ({
  message: 'assigned',
  workspace: 'Northwind',
  recipient: { kind: 'rep', id: 'ana', name: 'Ana', timezone: 'America/New_York' },
  lead: { id: '00000000-0000-4000-8000-000000000001', email: 'ada@fabrikam.com', stage: 'mql', priority: 'high', owner: 'ana', queue: null, brief },
  deadlines: [{ clock: 'first_touch', dueAt: new Date('2026-03-10T15:00:00Z'), estimated: false }],
  links: { accept: 'https://b/a/acc', reject: 'https://b/a/rej', attempt: 'https://b/a/att', lead: 'https://b/leads/1' },
  details: {},
  rejectReasons: [{ code: 'no_intent', label: 'no intent' }],
  ...over,
});

describe('rendering a hand-off message', () => {
  it('gives the rep every part of the brief, the deadline in their zone and the actions', () => {
    const m = renderMessage(input());
    expect(m.subject).toBe('High-priority lead: Ada Lovelace (Fabrikam <Robotics>)');
    for (const part of ['budget: 50k-100k', 'google / cpc (first touch)', 'Fabrikam (customer), owner ana', "Matched rule 'US'", 'Score 50 (fit 35, engagement 15)', 'page viewed /pricing (+15)', 'First contact by Tue 10 Mar 2026, 11:00 EDT', 'Accept: https://b/a/acc']) {
      expect(m.text).toContain(part);
    }
    expect(m.html).toContain('Fabrikam &lt;Robotics&gt;');
    expect(m.html).not.toContain('<Robotics>');
    expect(m.sms).toBe('Baton: High-priority lead: Ada Lovelace (Fabrikam <Robotics>). Call +14155550123. Due Tue 10 Mar 2026, 11:00 EDT. Accept: https://b/a/acc');
  });

  it('puts Accept and a Reject menu of the policy reasons in the Slack message', () => {
    const blocks = renderMessage(input()).slack.blocks as { type: string; elements?: { action_id: string; value?: string; options?: { value: string }[] }[] }[];
    const actions = blocks.find((b) => b.type === 'actions')!.elements!;
    expect(actions.find((e) => e.action_id === SLACK_ACCEPT)?.value).toBe('00000000-0000-4000-8000-000000000001');
    expect(actions.find((e) => e.action_id === SLACK_REJECT)?.options?.map((o) => o.value)).toEqual(['00000000-0000-4000-8000-000000000001:no_intent']);
  });

  it('tells a manager about a missed deadline without the rep’s buttons', () => {
    const m = renderMessage(input({ message: 'breached', recipient: { kind: 'manager', id: 'mia', name: 'Mia', timezone: 'UTC' }, details: { rep: 'Ana Ruiz', clock: 'first_touch' } }));
    expect(m.subject).toBe('Deadline missed by Ana Ruiz: Ada Lovelace (Fabrikam <Robotics>)');
    expect(m.text).toContain('First contact by Tue 10 Mar 2026, 15:00 UTC');
    expect(m.text).not.toContain('Accept:');
    expect(JSON.stringify(m.slack.blocks)).not.toContain(SLACK_ACCEPT);
  });

  it('says which integration fails, and why, in an alert', () => {
    const m = renderMessage(input({ message: 'integration_failing', lead: undefined, deadlines: [], recipient: { kind: 'admins', name: 'Admins', timezone: 'UTC' }, details: { channel: 'webhook:crm', failures: 3, error: '503' } }));
    expect(m.subject).toBe('Integration failing: webhook:crm');
    expect(m.text).toContain('failed 3 times in a row (last error: 503)');
  });
});
