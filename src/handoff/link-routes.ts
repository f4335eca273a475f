/**
 * GET /a/:token shows what the link will do (no sign-in; the signed token is the proof), and
 * POST /a/:token does it as `link:<rep>`. (Wildcard routes: a token may pass Fastify's
 * 100-character limit on path parameters when a rep id is long.) A GET never acts, so mail scanners that open links
 * cannot accept a lead on the rep's behalf.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { BatonError } from '../errors/baton-error.js';
import type { ModuleContext } from '../modules/module.js';
import { applyRepAction, type RepAction } from './actions.js';
import { confirmPage, resultPage } from './link-pages.js';
import { verifyLink, type LinkClaims } from './link-token.js';
import { linkSecret } from './links.js';

const DONE: Record<LinkClaims['action'], string> = { accept: 'Lead accepted', reject: 'Lead rejected', attempt: 'Attempt logged' };

export function linkPageRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const { deps } = ctx;
  const html = (reply: FastifyReply, status: number, body: string) =>
    reply.status(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send(body);

  const check = async (token: string) => {
    const result = verifyLink(await linkSecret(deps.db, ctx.env), token, deps.clock.now());
    if (result.ok) return { claims: result.claims };
    if (result.reason === 'expired') {
      return { status: 410, page: resultPage('This link has expired', `It was valid until ${result.claims!.expiresAt.toUTCString()}. Open the lead in Baton to act on it.`, false) };
    }
    return { status: 403, page: resultPage('This link is not valid', 'It may have been cut short or changed. Use the link from the latest notification, or open the lead in Baton.', false) };
  };

  // An encapsulated scope, so the form parser applies to these routes only.
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });

    scope.get('/a/*', async (request, reply) => {
      const token = (request.params as { '*': string })['*'];
      const checked = await check(token);
      if (!checked.claims) return html(reply, checked.status, checked.page);
      const { claims } = checked;
      const lead = await deps.db.selectFrom('leads').select(['email', 'profile', 'stage']).where('id', '=', claims.leadId).executeTakeFirst();
      if (!lead) return html(reply, 404, resultPage('Lead not found', 'This lead no longer exists.', false));
      const profile = lead.profile as { first_name?: string; last_name?: string; company?: { name?: string } };
      const policy = deps.policy().policy;
      const name = [profile.first_name, profile.last_name].filter(Boolean).join(' ') || null;
      return html(reply, 200, confirmPage(policy, claims.action, { name, company: profile.company?.name ?? null, email: lead.email, stage: lead.stage }, policy.reps[claims.rep]?.name ?? claims.rep));
    });

    scope.post('/a/*', async (request, reply) => {
      const token = (request.params as { '*': string })['*'];
      const checked = await check(token);
      if (!checked.claims) return html(reply, checked.status, checked.page);
      const { claims } = checked;
      const form = (request.body ?? {}) as Record<string, string | undefined>;
      const note = form.note?.trim() ? { note: form.note.trim() } : {};
      const action = (
        claims.action === 'accept'
          ? { type: 'accept', ...note }
          : claims.action === 'reject'
            ? { type: 'reject', reason: form.reason ?? '', ...note }
            : { type: 'attempt', channel: form.channel ?? 'call', outcome: form.outcome ?? 'no_answer', ...note }
      ) as RepAction;
      try {
        const result = await applyRepAction(deps, claims.leadId, action, { actor: `link:${claims.rep}`, role: 'rep', rep: claims.rep, scopes: ['act'] });
        return html(reply, 200, resultPage(DONE[claims.action], `Recorded. The lead is now in ${result.stage}.`, true));
      } catch (error) {
        if (!(error instanceof BatonError)) throw error;
        const details = error.details.map((d) => ` ${d.path}: ${d.message}.`).join('');
        return html(reply, error.status, resultPage('Nothing was changed', `${error.message}${details}`, false));
      }
    });
  });
}
