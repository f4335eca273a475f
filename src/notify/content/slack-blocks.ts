/**
 * The Slack message: Block Kit with the brief, the deadlines and, for the rep who must act,
 * an Accept button and a Reject menu of the policy's reason codes (a rejection needs a reason).
 * Presses come back to POST /api/v1/integrations/slack/interactive with these action ids.
 */
import { ACTIONABLE, type MessageInput } from './message-input.js';
import { briefSections } from './wording.js';

export const SLACK_ACCEPT = 'baton_accept';
export const SLACK_REJECT = 'baton_reject';

export function slackMessage(input: MessageInput, subject: string, intro: string, deadlines: string[]): { text: string; blocks: unknown[] } {
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: subject.slice(0, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: mrkdwn(intro).slice(0, 3000) } },
  ];
  if (deadlines.length > 0) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `:alarm_clock: ${deadlines.map(mrkdwn).join('  ·  ')} (${mrkdwn(input.recipient.timezone)})` }] });
  }
  const brief = input.lead?.brief;
  if (brief) {
    const fields = briefSections(brief)
      .slice(0, 10)
      .map((s) => ({ type: 'mrkdwn', text: `*${mrkdwn(s.title)}*\n${s.lines.map(mrkdwn).join('\n')}`.slice(0, 2000) }));
    blocks.push({ type: 'section', fields });
  }
  const elements: unknown[] = [];
  if (input.lead && input.recipient.kind === 'rep' && ACTIONABLE.has(input.message)) {
    elements.push({ type: 'button', action_id: SLACK_ACCEPT, style: 'primary', text: { type: 'plain_text', text: 'Accept' }, value: input.lead.id });
    if (input.rejectReasons.length > 0) {
      elements.push({
        type: 'static_select',
        action_id: SLACK_REJECT,
        placeholder: { type: 'plain_text', text: 'Reject…' },
        options: input.rejectReasons.slice(0, 100).map((r) => ({ text: { type: 'plain_text', text: r.label.slice(0, 75) }, value: `${input.lead!.id}:${r.code}` })),
      });
    }
  }
  const page = input.links?.lead ?? input.leadUrl;
  if (page && input.lead) elements.push({ type: 'button', action_id: 'baton_open', text: { type: 'plain_text', text: 'Open in Baton' }, url: page });
  if (elements.length > 0) blocks.push({ type: 'actions', block_id: 'baton_lead', elements });
  return { text: `${subject}. ${intro}`.slice(0, 3000), blocks };
}

/** Slack's mrkdwn escapes only these three. */
export function mrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
