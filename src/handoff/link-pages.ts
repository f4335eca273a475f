/** The small HTML pages behind one-click links: a confirmation form, then the outcome. */
import type { Policy } from '../policy/schema.js';
import type { LinkAction } from './link-token.js';

export interface LinkLead {
  name: string | null;
  company: string | null;
  email: string;
  stage: string;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escape(title)} · Baton</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; color: #1f2328; }
  h1 { font-size: 1.4rem; } label { display: block; margin: .8rem 0 .2rem; font-weight: 600; }
  select, textarea { width: 100%; font: inherit; padding: .4rem; } textarea { min-height: 4rem; }
  button { margin-top: 1.2rem; font: inherit; padding: .6rem 1.4rem; border: 0; border-radius: 6px; background: #1f6feb; color: #fff; cursor: pointer; }
  .lead { color: #57606a; } .error { color: #b42318; }
</style></head><body>${body}</body></html>`;
}

const VERBS: Record<LinkAction, string> = { accept: 'Accept this lead', reject: 'Reject this lead', attempt: 'Log a contact attempt' };
const CHANNELS = [['call', 'Call'], ['email', 'E-mail'], ['sms', 'SMS'], ['linkedin', 'LinkedIn'], ['other', 'Other']] as const;
const OUTCOMES = [['no_answer', 'No answer'], ['voicemail', 'Voicemail'], ['connected', 'Connected'], ['bounced', 'Bounced']] as const;

const options = (pairs: readonly (readonly [string, string])[]) => pairs.map(([value, label]) => `<option value="${escape(value)}">${escape(label)}</option>`).join('');

/** The confirmation form: nothing happens until the rep presses the button (link scanners only GET). */
export function confirmPage(policy: Policy, action: LinkAction, lead: LinkLead, repName: string): string {
  const who = [lead.name, lead.company].filter(Boolean).join(', ') || lead.email;
  let fields = '';
  if (action === 'reject') {
    fields = `<label for="reason">Reason</label><select id="reason" name="reason" required>${options(policy.reasons.reject.map((r) => [r.code, r.label]))}</select>`;
  }
  if (action === 'attempt') {
    fields = `<label for="channel">Channel</label><select id="channel" name="channel">${options(CHANNELS)}</select>
<label for="outcome">Outcome</label><select id="outcome" name="outcome">${options(OUTCOMES)}</select>`;
  }
  const note = `<label for="note">Note (optional)</label><textarea id="note" name="note" maxlength="2000"></textarea>`;
  return page(
    VERBS[action],
    `<h1>${escape(VERBS[action])}?</h1>
<p class="lead">${escape(who)} · ${escape(lead.email)} · now ${escape(lead.stage)}<br>as ${escape(repName)}</p>
<form method="post">${fields}${note}<button type="submit">${escape(VERBS[action])}</button></form>`,
  );
}

export function resultPage(title: string, message: string, ok: boolean): string {
  return page(title, `<h1>${escape(title)}</h1><p${ok ? '' : ' class="error"'}>${escape(message)}</p>`);
}
