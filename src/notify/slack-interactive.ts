/**
 * POST /api/v1/integrations/slack/interactive: a rep pressed Accept, or picked a reason in the
 * Reject menu, on a Baton message in Slack. The request is verified with Slack's signing secret
 * over the raw body; the Slack member is matched to the rep whose member id it is; the action
 * goes through the same `applyRepAction` as the API and one-click links.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BatonError } from '../errors/baton-error.js';
import { applyRepAction, type RepAction } from '../handoff/actions.js';
import type { ModuleContext } from '../modules/module.js';
import { SLACK_ACCEPT, SLACK_REJECT } from './content/slack-blocks.js';
import { resolvePerson } from './people.js';
import { storedPreferences } from './preference-store.js';
import { verifySlackRequest } from './slack-signature.js';
import type { ChannelSettings } from './settings.js';

const actionSchema = z.looseObject({
  action_id: z.string(),
  value: z.string().optional(),
  selected_option: z.looseObject({ value: z.string() }).optional(),
});
const payloadSchema = z.looseObject({
  type: z.string(),
  user: z.looseObject({ id: z.string() }),
  actions: z.array(actionSchema).default([]),
  response_url: z.url().optional(),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The Baton action a Slack action stands for, or undefined for other buttons (e.g. Open). */
export function repActionOf(action: z.output<typeof actionSchema>): { leadId: string; action: RepAction } | undefined {
  if (action.action_id === SLACK_ACCEPT && action.value && UUID.test(action.value)) return { leadId: action.value, action: { type: 'accept' } };
  if (action.action_id === SLACK_REJECT && action.selected_option) {
    const [leadId, reason] = action.selected_option.value.split(':');
    if (leadId && reason && UUID.test(leadId)) return { leadId, action: { type: 'reject', reason, note: 'from Slack' } };
  }
  return undefined;
}

export function slackInteractiveRoute(app: FastifyInstance, ctx: ModuleContext, settings: () => ChannelSettings): void {
  app.register(async (scope) => {
    // The signature covers the raw body: keep it as text here, whatever parser the rest of the server uses.
    if (scope.hasContentTypeParser('application/x-www-form-urlencoded')) scope.removeContentTypeParser('application/x-www-form-urlencoded');
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_request, body, done) => done(null, body));

    scope.post('/api/v1/integrations/slack/interactive', async (request, reply) => {
      const secret = settings().slack?.signingSecret;
      if (!secret) throw new BatonError('unavailable', 'Slack buttons are off: set the signing secret named by notifications.slack.signing_secret_env.');
      const raw = typeof request.body === 'string' ? request.body : '';
      const header = (name: string) => {
        const value = request.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      const verdict = verifySlackRequest(secret, { timestamp: header('x-slack-request-timestamp'), signature: header('x-slack-signature') }, raw, Date.now()); // Slack's clock, not the injected one
      if (!verdict.ok) throw new BatonError('unauthenticated', `This request is not from Slack: ${verdict.reason}.`);

      const form = new URLSearchParams(raw);
      let json: unknown;
      try {
        json = JSON.parse(form.get('payload') ?? '');
      } catch {
        throw new BatonError('invalid_request', 'Expected a form field "payload" holding Slack\'s JSON.');
      }
      const payload = payloadSchema.safeParse(json);
      if (!payload.success) throw new BatonError('invalid_request', 'The Slack payload is not an interaction Baton understands.');
      const chosen = payload.data.actions.map(repActionOf).find((a) => a !== undefined);
      if (!chosen) return reply.send({ ok: true, text: 'Nothing to do.' });

      const rep = await repOfSlackUser(ctx, payload.data.user.id);
      const answer = async (text: string, ok: boolean) => {
        if (payload.data.response_url) await postResponse(payload.data.response_url, text, ok);
        return reply.send({ ok, text });
      };
      if (!rep) return answer(`Your Slack account is not linked to a Baton rep (set your Slack member id, ${payload.data.user.id}, in your notification settings).`, false);
      try {
        const result = await applyRepAction(ctx.deps, chosen.leadId, chosen.action, { actor: `rep:${rep}`, role: 'rep', rep, scopes: ['read', 'act'] });
        const done = chosen.action.type === 'accept' ? 'Accepted' : `Rejected (${chosen.action.type === 'reject' ? chosen.action.reason.replaceAll('_', ' ') : ''})`;
        return answer(`${done} by ${ctx.deps.policy().policy.reps[rep]?.name ?? rep}. The lead is now ${result.stage}.`, true);
      } catch (error) {
        if (error instanceof BatonError) return answer(error.message, false);
        throw new BatonError('unavailable', 'Baton could not apply this action right now; try again from the e-mail link or the app.');
      }
    });
  });
}

async function repOfSlackUser(ctx: ModuleContext, slackUser: string): Promise<string | undefined> {
  const policy = ctx.deps.policy().policy;
  const stored = await storedPreferences(ctx.deps.db);
  return Object.keys(policy.reps).find((rep) => resolvePerson(policy, rep, stored)?.slackUser === slackUser);
}

/** Replaces the message's buttons with what happened (best effort: the action is done either way). */
async function postResponse(url: string, text: string, ok: boolean): Promise<void> {
  try {
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ok ? { replace_original: true, text } : { response_type: 'ephemeral', replace_original: false, text }),
      signal: AbortSignal.timeout(5_000),
    });
  } catch {
    // Slack shows the original message; the lead's state is what counts.
  }
}
