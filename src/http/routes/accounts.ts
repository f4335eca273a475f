/** /api/v1/accounts: the companies leads are matched to, with owner and customer flag. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { normalizeCompanyName } from '../../domain/normalize/company-name.js';
import { registrableDomain } from '../../domain/normalize/domain.js';
import { BatonError } from '../../errors/baton-error.js';
import type { IntakeDeps } from '../../intake/context.js';
import { accountRequestSchema, type AccountRequest } from '../../intake/requests.js';
import { listAccounts, upsertAccount, type AccountInput } from '../../store/account-store.js';
import type { ScopeGuard } from '../auth.js';
import { parseBody } from '../parse.js';

export function accountInput(request: AccountRequest, knownReps: Record<string, unknown>, path = ''): AccountInput {
  const domain = request.domain ? registrableDomain(request.domain) : undefined;
  if (request.domain && !domain) {
    throw new BatonError('validation_failed', 'The account was not saved.', [
      { path: `${path}domain`, message: `"${request.domain}" is not a domain; expected something like acme.com` },
    ]);
  }
  if (request.owner && !(request.owner in knownReps)) {
    throw new BatonError('validation_failed', 'The account was not saved.', [
      { path: `${path}owner`, message: `"${request.owner}" is not a rep in the policy; use a rep id such as ${Object.keys(knownReps).slice(0, 3).join(', ')}` },
    ]);
  }
  return {
    ...(request.external_id ? { external_id: request.external_id } : {}),
    name: request.name.trim(),
    normalized_name: normalizeCompanyName(request.name),
    ...(domain ? { domain } : {}),
    ...(request.owner ? { owner: request.owner } : {}),
    is_customer: request.is_customer,
    ...(request.segment ? { segment: request.segment } : {}),
  };
}

export function accountRoutes(app: FastifyInstance, deps: IntakeDeps, requireScope: ScopeGuard): void {
  app.post('/api/v1/accounts', { preHandler: requireScope('ingest') }, async (request, reply) => {
    const body = parseBody(accountRequestSchema, request.body);
    const input = accountInput(body, deps.policy().policy.reps);
    const { account, created } = await upsertAccount(deps.db, input, deps.clock.now());
    return reply.status(created ? 201 : 200).send(account);
  });

  app.get('/api/v1/accounts', { preHandler: requireScope('read') }, async (request) => {
    const q = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), after: z.uuid().optional() }).safeParse(request.query);
    if (!q.success) throw new BatonError('invalid_request', 'limit must be 1..500 and after an account id.');
    const accounts = await listAccounts(deps.db, q.data.limit, q.data.after);
    return { accounts, next_after: accounts.length === q.data.limit ? accounts[accounts.length - 1]!.id : null };
  });
}
