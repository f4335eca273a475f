/**
 * GET /api/v1/policy: the running policy as the web app needs it (who the reps and managers are,
 * the reason codes a rep picks from, the SLA promises and targets, the version and its source).
 * Durations are shown as written in the file ("4bh"); targets as fractions.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { OPEN_STAGES, STAGES } from '../domain/lead/stage.js';
import type { RunningPolicy } from '../intake/context.js';
import type { ScopeGuard } from '../http/auth.js';
import type { IntakeDeps } from '../intake/context.js';

export const CONTACT_CHANNELS = ['call', 'email', 'sms', 'linkedin', 'other'] as const;
export const CONTACT_OUTCOMES = ['no_answer', 'voicemail', 'connected', 'bounced'] as const;

export function policyView(running: RunningPolicy, source: string | undefined) {
  const p = running.policy;
  return {
    name: p.name,
    version: running.version,
    hash: running.hash,
    file: path.basename(running.file),
    reps: Object.entries(p.reps).map(([id, rep]) => ({ id, name: rep.name, email: rep.email, team: rep.team ?? null, manager: rep.manager ?? null })),
    managers: Object.entries(p.managers).map(([id, m]) => ({ id, name: m.name, email: m.email })),
    pools: Object.entries(p.pools).map(([id, pool]) => ({ id, strategy: pool.strategy, members: pool.members.map((m) => m.rep), caps: pool.caps ?? {} })),
    stages: { all: STAGES, open: OPEN_STAGES, definitions: p.stages?.definitions ?? {} },
    reasons: { reject: p.reasons.reject, disposition: p.reasons.disposition },
    contact: { channels: CONTACT_CHANNELS, outcomes: CONTACT_OUTCOMES },
    sla: {
      calendar: p.sla.calendar,
      route: p.sla.route.source,
      first_touch: { high_intent: p.sla.first_touch.high_intent.source, standard: p.sla.first_touch.standard.source },
      accept_or_reject: p.sla.accept_or_reject.source,
      attempts_before_recycle: p.sla.attempts_before_recycle,
    },
    escalation: p.escalation.map((s) => ({ clock: s.clock, at: s.at, do: s.do })),
    targets: {
      acceptance_rate: p.targets.acceptance_rate ?? null,
      response_time: p.targets.response_time?.source ?? null,
      sla_compliance: p.targets.sla_compliance ?? null,
      mql_to_opportunity: p.targets.mql_to_opportunity ?? null,
    },
    source: source ?? null,
  };
}

export function policyRoute(app: FastifyInstance, deps: IntakeDeps, requireScope: ScopeGuard): void {
  app.get('/api/v1/policy', { preHandler: requireScope('read') }, async () => {
    const running = deps.policy();
    const row = await deps.db.selectFrom('policy_versions').select('source').where('version', '=', running.version).executeTakeFirst();
    return policyView(running, row?.source);
  });
}
