/**
 * POST /api/v1/leads and each CSV row: create or update a person (by normalized e-mail), then
 * match, score, qualify and route them in one transaction. Retries with the same Idempotency-Key
 * (or event_id) return the first result and write nothing new.
 *
 * Leads sent while the server's lanes are busy share a transaction (group-queue.ts): one round
 * trip locks their people, claims their keys and looks up their accounts; each is decided in
 * turn from the routing copy, then one routing check and all the writes go with the commit.
 * Measured on the intake benchmark, the CPU a lead costs both processes fell by about a third,
 * most of it the per-transaction wake-ups and flushes (bench/README.md).
 */
import { accountLookupKeys, matchAccount } from '../domain/accounts/match.js';
import { BatonError } from '../errors/baton-error.js';
import type { Activity } from '../domain/lead/activity.js';
import { normalizeLeadFields, type RawLeadFields } from '../domain/normalize/lead-input.js';
import type { LeadState } from '../engine/lead-state.js';
import { accountCandidatesForEach } from '../store/account-store.js';
import { claimIdempotencyKey, requestHash, storeIdempotentResponse } from '../store/idempotency-store.js';
import { lockLeadsByEmails } from '../store/lead-store.js';
import { groupCheckRows, routingCacheFor, type RoutingCache, type RoutingVersions } from '../store/routing-cache.js';
import { deferRoutingCheck, isRoutingConflict } from '../store/routing-store.js';
import { inTransaction } from '../store/transaction.js';
import { decideInput, writeDecided, type Decided, type DecisionSite } from './apply-decision.js';
import type { LeadInput } from '../engine/inputs.js';
import { idSource, type IntakeDeps } from './context.js';
import { GroupQueue, type GroupQueueOptions, type Settled } from './group-queue.js';
import { runDecisionHooks, type DecisionRecord } from './hooks.js';
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

/** A lead request, normalized and ready for its transaction. */
interface PreparedLead {
  request: LeadRequest;
  normalized: Extract<ReturnType<typeof normalizeLeadFields>, { ok: true }>;
  activity: Activity | undefined;
  key: string | undefined;
  scope: string;
  hash: string;
  forMatching: Parameters<typeof matchAccount>[0];
  actor: string;
}

export async function submitLead(
  deps: IntakeDeps,
  request: LeadRequest,
  options: { actor: string; idempotencyKey?: string; scope?: string },
): Promise<SubmitResult> {
  const prepared = prepareLead(deps, request, options);
  if (deps.leadGroups) return deps.leadGroups.submit({ deps, lead: prepared });
  const [result] = await submitGroup(deps, [prepared]);
  if (!result!.ok) throw result!.error;
  return result!.value;
}

function prepareLead(deps: IntakeDeps, request: LeadRequest, options: { actor: string; idempotencyKey?: string; scope?: string }): PreparedLead {
  const running = deps.policy();
  const now = deps.clock.now();
  const normalized = normalizeLeadFields(leadRequestToFields(request), running.policy.domains, { receivedAt: now.toISOString() });
  if (!normalized.ok) throw new BatonError('validation_failed', 'The lead was not saved: fix the fields listed in details and send it again.', normalized.errors);
  const activity: Activity | undefined = request.event
    ? { ...stripUndefined(request.event), occurred_at: request.event.occurred_at ?? now.toISOString() }
    : undefined;
  const key = options.idempotencyKey ?? (request.event_id ? `event:${request.event_id}` : undefined);
  return {
    request,
    normalized,
    activity,
    key,
    scope: options.scope ?? 'leads',
    hash: key ? requestHash(request) : '',
    forMatching: { facts: normalized.facts, company: normalized.profile.company },
    actor: options.actor,
  };
}

/** Leads sent in while others commit, gathered into one transaction (see group-queue.ts). */
export interface GroupedLead {
  deps: IntakeDeps;
  lead: PreparedLead;
}

/** What a grouped lead holds: its person and its idempotency key, which no other lead of its group may hold. */
export function groupedLeadKeys({ lead }: GroupedLead): string[] {
  const keys = [`email:${lead.normalized.profile.email}`];
  if (lead.key) keys.push(`key:${lead.scope}:${lead.key}`);
  return keys;
}

/** Leads in one transaction at most: enough to share a commit widely, few enough that a group's answer is not held up. */
export const MAX_LEAD_GROUP = 32;

/**
 * The lead intake's group queue (group-queue.ts): `lanes` transactions at once, up to `maxGroup`
 * leads each; one lead a transaction while the routing copy reads with locks (a group's locking
 * reads would take pool rows in lead order, not the global order).
 */
export function newLeadGroups(options: GroupQueueOptions, routing?: RoutingCache): GroupQueue<GroupedLead, SubmitResult> {
  return new GroupQueue<GroupedLead, SubmitResult>(submitGrouped, groupedLeadKeys, options, () => routing?.locking() ?? false);
}

/** Runs the leads of one group; those sent with other intake services (a demo's own clock) go in a transaction of their own. */
async function submitGrouped(items: readonly GroupedLead[]): Promise<Settled<SubmitResult>[]> {
  const byDeps = new Map<IntakeDeps, number[]>();
  items.forEach((item, i) => byDeps.set(item.deps, [...(byDeps.get(item.deps) ?? []), i]));
  const settled: Settled<SubmitResult>[] = [];
  await Promise.all(
    [...byDeps].map(async ([deps, indexes]) => {
      const results = await submitGroup(deps, indexes.map((i) => items[i]!.lead));
      indexes.forEach((index, k) => (settled[index] = results[k]!));
    }),
  );
  return settled;
}

type Outcome = SubmitResult & { effects: number };

/**
 * Submits a group of leads (different people, different keys) in one transaction. If it fails
 * for a reason a retry does not cure, each lead is tried again alone, so one bad lead fails only
 * itself.
 */
async function submitGroup(deps: IntakeDeps, group: readonly PreparedLead[]): Promise<Settled<SubmitResult>[]> {
  const running = deps.policy();
  const now = deps.clock.now();
  const routing = deps.routing ?? routingCacheFor(deps.db);
  const newId = idSource(deps);
  let at: { touched: RoutingVersions; written: RoutingVersions; generations: number[] } = { touched: { pools: [], reps: [] }, written: { pools: [], reps: [] }, generations: [] };
  let lockRouting = false;
  let outcomes: Settled<Outcome>[];
  try {
    outcomes = await inTransaction(deps.db, async (tx): Promise<Settled<Outcome>[]> => {
      at = { touched: { pools: [], reps: [] }, written: { pools: [], reps: [] }, generations: [] };
      // One round trip with BEGIN: the keys' claims, the people's leads (locked, in id order) and the accounts they may match.
      const [claims, current, candidates] = await Promise.all([
        Promise.all(group.map((lead) => (lead.key ? claimIdempotencyKey(tx, lead.scope, lead.key, lead.hash, now) : undefined))),
        lockLeadsByEmails(tx, group.map((lead) => lead.normalized.profile.email)),
        accountCandidatesForEach(tx, group.map((lead) => accountLookupKeys(lead.forMatching))),
      ]);
      // Decide every lead first, then queue one routing check for the group ahead of all writes:
      // its rows are locked in the global order once, and no lead's check waits while the
      // transaction holds another lead's routing rows.
      const results: (Settled<Outcome> | { decided: Decided; lead: PreparedLead })[] = [];
      for (const [i, lead] of group.entries()) {
        const claim = claims[i];
        if (claim?.kind === 'mismatch') {
          results.push({ ok: false, error: new BatonError('conflict', `Idempotency-Key "${lead.key}" was already used for a different request; use a new key for a new submission.`) });
          continue;
        }
        if (claim?.kind === 'replay') {
          results.push({ ok: true, value: { status: claim.statusCode as 200 | 201, body: claim.response as LeadSummary, replayed: true, effects: 0 } });
          continue;
        }
        const site: DecisionSite = { now, newLeadId: newId(), account: matchAccount(lead.forMatching, candidates[i]!), routing, lockRouting, touched: at.touched, written: at.written };
        const input: LeadInput = {
          type: 'submitted',
          profile: lead.normalized.profile,
          facts: lead.normalized.facts,
          actor: lead.actor,
          ...(lead.activity ? { activity: lead.activity } : {}),
          ...(lead.request.event_id ? { client_event_id: lead.request.event_id } : {}),
        };
        const decided = await decideInput(tx, running, current.get(lead.normalized.profile.email), input, site);
        if (site.generation !== undefined) at.generations.push(site.generation);
        results.push({ decided, lead });
      }
      const decidedAll = results.flatMap((r) => ('decided' in r ? [r.decided] : []));
      const check = groupCheckRows(decidedAll);
      if (!check) throw new Error('another transaction routed between the decisions of this group; its leads are submitted again one by one');
      await deferRoutingCheck(tx, check);
      const decisions: DecisionRecord[] = [];
      const outcomes: Settled<Outcome>[] = [];
      for (const result of results) {
        if (!('decided' in result)) {
          outcomes.push(result);
          continue;
        }
        const { decided, lead } = result;
        const record = await writeDecided(tx, decided, now);
        decisions.push(record);
        const status = decided.before ? 200 : 201;
        const body = summarize(record.lead, !decided.before, lead.normalized.warnings);
        if (lead.key) await storeIdempotentResponse(tx, lead.scope, lead.key, status, body);
        outcomes.push({ ok: true, value: { status, body, replayed: false, effects: record.effects.length } });
      }
      await runDecisionHooks(deps.decisionHooks, tx, decisions, running, now);
      return outcomes;
    }, {
      // A group is tried once: whatever failed it, its leads are tried again one by one.
      attempts: group.length > 1 ? 1 : undefined,
      onFailure: (error) => {
        routing.forget(at.touched);
        if (isRoutingConflict(error)) {
          for (const generation of at.generations) routing.noteConflict(generation);
          lockRouting = true; // the retry reads the rows with a lock: it cannot lose this race again
        }
      },
    });
  } catch (error) {
    if (group.length === 1) return [{ ok: false, error }];
    // Each on its own: the lead that cannot be saved fails alone.
    return (await Promise.all(group.map((lead) => submitGroup(deps, [lead])))).flat();
  }
  routing.committed(at.written);
  const ids = outcomes.flatMap((o) => (o.ok && !o.value.replayed ? [o.value.body.id] : []));
  if (ids.length > 0) deps.signals?.emit('leads', ids);
  if (outcomes.some((o) => o.ok && o.value.effects > 0)) deps.signals?.emit('outbox');
  return outcomes.map((o) => (o.ok ? { ok: true, value: withoutEffects(o.value) } : o));
}

function withoutEffects({ effects: _effects, ...result }: Outcome): SubmitResult {
  return result;
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
