/**
 * POST /api/v1/leads and each CSV row: create or update a person (by normalized e-mail), then
 * match, score, qualify and route them in one transaction. Retries with the same Idempotency-Key
 * (or event_id) return the first result and write nothing new.
 */
import { accountLookupKeys, matchAccount } from '../domain/accounts/match.js';
import { BatonError } from '../errors/baton-error.js';
import type { Activity } from '../domain/lead/activity.js';
import { normalizeLeadFields, type RawLeadFields } from '../domain/normalize/lead-input.js';
import type { LeadState } from '../engine/lead-state.js';
import { accountCandidates } from '../store/account-store.js';
import { claimIdempotencyKey, requestHash, storeIdempotentResponse } from '../store/idempotency-store.js';
import { lockLeadByEmail } from '../store/lead-store.js';
import { routingCacheFor, type RoutingVersions } from '../store/routing-cache.js';
import { isRoutingConflict } from '../store/routing-store.js';
import { inTransaction } from '../store/transaction.js';
import { applyInput } from './apply-decision.js';
import { idSource, type IntakeDeps } from './context.js';
import type { LeadRequest } from './requests.js';

export interface LeadSummary {
  id: string;
  email: string;
  created: boolean;
  stage: LeadState['stage'];
  priority: LeadState['priority'];
  owner: string | null;
  queue: string | null;
  score: { fit: number; engagement: number; total: number };
  account: { id: string; name: string; method: string; confidence: number } | null;
  warnings: string[];
}

export type SubmitResult = { status: 200 | 201; body: LeadSummary; replayed: boolean };

export function leadRequestToFields(request: LeadRequest): RawLeadFields {
  const touch = request.source ? { ...request.source } : undefined;
  return {
    email: request.email,
    first_name: request.first_name,
    last_name: request.last_name,
    title: request.title,
    phone: request.phone,
    country: request.country,
    company: request.company ?? null,
    answers: request.answers ?? null,
    attribution: touch ? { first_touch: touch, latest_touch: touch } : null,
  };
}

export async function submitLead(
  deps: IntakeDeps,
  request: LeadRequest,
  options: { actor: string; idempotencyKey?: string; scope?: string },
): Promise<SubmitResult> {
  const running = deps.policy();
  const now = deps.clock.now();
  const normalized = normalizeLeadFields(leadRequestToFields(request), running.policy.domains, { receivedAt: now.toISOString() });
  if (!normalized.ok) throw new BatonError('validation_failed', 'The lead was not saved: fix the fields listed in details and send it again.', normalized.errors);

  const activity: Activity | undefined = request.event
    ? { ...stripUndefined(request.event), occurred_at: request.event.occurred_at ?? now.toISOString() }
    : undefined;
  const key = options.idempotencyKey ?? (request.event_id ? `event:${request.event_id}` : undefined);
  const scope = options.scope ?? 'leads';

  const forMatching = { facts: normalized.facts, company: normalized.profile.company };
  const lookup = accountLookupKeys(forMatching);
  const hash = key ? requestHash(request) : '';

  const routing = deps.routing ?? routingCacheFor(deps.db);
  let at: { touched: RoutingVersions; written: RoutingVersions; generation?: number } = { touched: { pools: [], reps: [] }, written: { pools: [], reps: [] } };
  let lockRouting = false;
  const result = await inTransaction(deps.db, async (tx): Promise<SubmitResult & { effects: number }> => {
    at = { touched: { pools: [], reps: [] }, written: { pools: [], reps: [] } };
    // One round trip with BEGIN: the key's claim, the person's lead (locked) and the accounts it may match.
    const [claim, current, candidates] = await Promise.all([
      key ? claimIdempotencyKey(tx, scope, key, hash, now) : undefined,
      lockLeadByEmail(tx, normalized.profile.email),
      accountCandidates(tx, lookup),
    ]);
    if (claim?.kind === 'mismatch') {
      throw new BatonError('conflict', `Idempotency-Key "${key}" was already used for a different request; use a new key for a new submission.`);
    }
    if (claim?.kind === 'replay') return { status: claim.statusCode as 200 | 201, body: claim.response as LeadSummary, replayed: true, effects: 0 };
    const { lead, effects } = await applyInput(
      tx,
      running,
      current,
      {
        type: 'submitted',
        profile: normalized.profile,
        facts: normalized.facts,
        actor: options.actor,
        ...(activity ? { activity } : {}),
        ...(request.event_id ? { client_event_id: request.event_id } : {}),
      },
      Object.assign(at, { now, newLeadId: idSource(deps)(), account: matchAccount(forMatching, candidates), routing, lockRouting }),
      deps.decisionHooks,
    );
    const status = current ? 200 : 201;
    const body = summarize(lead, !current, normalized.warnings);
    if (key) await storeIdempotentResponse(tx, scope, key, status, body);
    return { status, body, replayed: false, effects };
  }, {
    onFailure: (error) => {
      routing.forget(at.touched);
      if (isRoutingConflict(error)) {
        if (at.generation !== undefined) routing.noteConflict(at.generation);
        lockRouting = true; // the retry reads the rows with a lock: it cannot lose this race again
      }
    },
  });
  routing.committed(at.written);
  const { effects, ...submitted } = result;
  if (!submitted.replayed) deps.signals?.emit('leads', [submitted.body.id]);
  if (effects > 0) deps.signals?.emit('outbox');
  return submitted;
}

export function summarize(lead: LeadState, created: boolean, warnings: string[]): LeadSummary {
  return {
    id: lead.id,
    email: lead.profile.email,
    created,
    stage: lead.stage,
    priority: lead.priority,
    owner: lead.owner ?? null,
    queue: lead.queue ?? null,
    score: { fit: lead.score.fit, engagement: lead.score.engagement, total: lead.score.total },
    account: lead.account
      ? { id: lead.account.account_id, name: lead.account.name, method: lead.account.method, confidence: lead.account.confidence }
      : null,
    warnings,
  };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
