/** A message as e-mail (plain text and HTML), Slack Block Kit and SMS, from the same words. */
import { ACTIONABLE, type MessageInput, type RenderedMessage } from './message-input.js';
import { slackMessage } from './slack-blocks.js';
import { briefSections, deadlineLines, formatDeadline, headline } from './wording.js';

/**
 * Each form is built when first read and kept: a message usually goes out on one or two channels,
 * and building all four for everyone (the SMS and Slack forms with their own deadline wording) was
 * work thrown away on most messages.
 */
export function renderMessage(input: MessageInput): RenderedMessage {
  const { subject, intro } = headline(input);
  const zone = input.recipient.timezone;
  const parts = once(() => ({
    deadlines: deadlineLines(input.deadlines, zone),
    sections: input.lead?.brief ? briefSections(input.lead.brief) : [],
    actions: actionList(input),
  }));
  const text = once(() => {
    const { deadlines, sections, actions } = parts();
    return [
      `Hello ${input.recipient.name},`,
      '',
      intro,
      ...(deadlines.length > 0 ? ['', `Deadlines (${zone}):`, ...deadlines.map((l) => `  ${l}`)] : []),
      ...sections.flatMap((s) => ['', s.title, '-'.repeat(s.title.length), ...s.lines.map((l) => `  ${l}`)]),
      ...(actions.length > 0 ? ['', 'Act in one click', '----------------', ...actions.map((a) => `  ${a.label}: ${a.url}`)] : []),
      '',
      `— ${input.workspace} (Baton)`,
    ].join('\n');
  });
  const html = once(() => {
    const { deadlines, sections, actions } = parts();
    return `<!doctype html><html><body style="font-family:Helvetica,Arial,sans-serif;color:#1f2933;max-width:640px">
<p>Hello ${esc(input.recipient.name)},</p>
<p style="font-size:16px"><strong>${esc(intro)}</strong></p>
${deadlines.length > 0 ? `<p style="background:#fff4e5;padding:8px 12px;border-radius:4px">${deadlines.map((l) => `&#9200; ${esc(l)}`).join('<br>')}<br><small>Times in ${esc(zone)}</small></p>` : ''}
${actions.length > 0 ? `<p>${actions.map((a, i) => `<a href="${esc(a.url)}" style="display:inline-block;padding:8px 14px;margin:0 6px 6px 0;border-radius:4px;text-decoration:none;${i === 0 ? 'background:#0b7a3e;color:#fff' : 'background:#e4e7eb;color:#1f2933'}">${esc(a.label)}</a>`).join('')}</p>` : ''}
${sections.map((s) => `<h3 style="margin:16px 0 4px;font-size:14px">${esc(s.title)}</h3><p style="margin:0">${s.lines.map(esc).join('<br>')}</p>`).join('\n')}
<p style="color:#7b8794;font-size:12px;margin-top:24px">${esc(input.workspace)} · sent by Baton</p>
</body></html>`;
  });
  const slack = once(() => slackMessage(input, subject, intro, parts().deadlines));
  const sms = once(() => smsText(input, subject));
  return {
    subject,
    get text() {
      return text();
    },
    get html() {
      return html();
    },
    get slack() {
      return slack();
    },
    get sms() {
      return sms();
    },
  };
}

/** `make`'s result, made on the first call and kept. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

export function actionList(input: MessageInput): { label: string; url: string }[] {
  const links = input.links;
  const forRep = input.recipient.kind === 'rep' && ACTIONABLE.has(input.message);
  const list: { label: string; url: string }[] = [];
  if (links && forRep) list.push({ label: 'Accept', url: links.accept }, { label: 'Reject', url: links.reject }, { label: 'Log a contact attempt', url: links.attempt });
  const page = links?.lead ?? input.leadUrl;
  if (page && input.lead) list.push({ label: 'Open the lead', url: page });
  return list;
}

/** One SMS (aimed at 160–300 characters): who, the nearest deadline, and the accept link. */
function smsText(input: MessageInput, subject: string): string {
  const first = input.deadlines[0];
  const due = first ? ` Due ${formatDeadline(first.dueAt, input.recipient.timezone)}.` : '';
  const accept = input.links && input.recipient.kind === 'rep' && ACTIONABLE.has(input.message) ? ` Accept: ${input.links.accept}` : '';
  const phone = input.lead?.brief?.who.phone ? ` Call ${input.lead.brief.who.phone}.` : '';
  return `Baton: ${subject}.${phone}${due}${accept}`;
}

export function esc(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}
