/**
 * GET /api/v1/metrics, /metrics/leads and /analysis/*: each request first brings the read model
 * up to the committed log (a few ms when it is current), so numbers are exact right after writes.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BatonError } from '../../errors/baton-error.js';
import { fieldIssues } from '../../errors/zod-issues.js';
import type { ScopeGuard } from '../../http/auth.js';
import type { ModuleContext } from '../../modules/module.js';
import { conversionAnalysis } from '../analysis/conversion.js';
import { rejectionAnalysis } from '../analysis/rejections.js';
import { stalledAnalysis } from '../analysis/stalled.js';
import { ATTRIBUTION_DIMENSIONS, DIMENSIONS } from '../definitions.js';
import { parsePeriod, type Period } from '../period.js';
import { leadListProblem, listMetricLeads } from '../query/metric-leads.js';
import { computeMetrics } from '../query/metrics.js';
import { catchUp } from '../read-model/projector.js';

/** Batches an API request replays before answering when the reader is far behind (Default: 50 × 2,000 events). */
const REQUEST_CATCH_UP_BATCHES = 50;

const periodFields = { from: z.string().optional(), to: z.string().optional() };
const metricsQuery = z.strictObject({ ...periodFields, by: z.enum(DIMENSIONS).optional() });
const leadsQuery = z.strictObject({
  ...periodFields,
  metric: z.string(),
  bucket: z.string(),
  by: z.enum([...DIMENSIONS, ...ATTRIBUTION_DIMENSIONS]).optional(),
  key: z.string().optional(),
  clock: z.string().optional(),
  reason: z.string().optional(),
  week: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'the week\'s Monday as YYYY-MM-DD').optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});

export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const parsed = schema.safeParse(query ?? {});
  if (!parsed.success) throw new BatonError('invalid_request', 'Fix the query parameters listed in details.', fieldIssues(parsed.error, 'query'));
  return parsed.data;
}

export function periodOf(query: { from?: string | undefined; to?: string | undefined }, now: Date): Period {
  const result = parsePeriod(query, now);
  if (!result.ok) throw new BatonError('invalid_request', 'Fix the period: from and to.', result.issues.map((i) => ({ ...i, path: `query.${i.path}` })));
  return result.period;
}

/** Brings the read model up to date for a request (bounded, so a huge backlog cannot hold it). */
export function freshness(ctx: ModuleContext): () => Promise<void> {
  return async () => {
    await catchUp(ctx.deps.db, () => ctx.deps.policy().policy, { now: () => ctx.deps.clock.now(), maxBatches: REQUEST_CATCH_UP_BATCHES });
  };
}

export function metricsRoutes(app: FastifyInstance, ctx: ModuleContext, requireScope: ScopeGuard): void {
  const { deps } = ctx;
  const fresh = freshness(ctx);
  const read = { preHandler: requireScope('read') };

  app.get('/api/v1/metrics', read, async (request) => {
    const q = parseQuery(metricsQuery, request.query);
    const now = deps.clock.now();
    const period = periodOf(q, now);
    await fresh();
    return computeMetrics(deps.db, { period, now, policy: deps.policy().policy, ...(q.by ? { by: q.by } : {}) });
  });

  app.get('/api/v1/metrics/leads', read, async (request) => {
    const q = parseQuery(leadsQuery, request.query);
    const problem = leadListProblem(q.metric, q.bucket);
    if (problem) throw new BatonError('invalid_request', 'There is no such list of leads.', [{ path: `query.${problem.path}`, message: problem.message }]);
    if (q.metric === 'trend' && !q.week) throw new BatonError('invalid_request', 'Say which week.', [{ path: 'query.week', message: 'the week\'s Monday as YYYY-MM-DD' }]);
    if (q.key !== undefined && !q.by) throw new BatonError('invalid_request', 'A key needs its dimension.', [{ path: 'query.by', message: `expected one of ${DIMENSIONS.join(', ')}` }]);
    const now = deps.clock.now();
    const period = periodOf(q, now);
    await fresh();
    const own = repOnly(request);
    const list = await listMetricLeads(deps.db, {
      metric: q.metric,
      bucket: q.bucket,
      period,
      now,
      policy: deps.policy().policy,
      limit: q.limit,
      offset: q.offset,
      ...(own ? { by: 'rep' as const, key: own } : q.by ? { by: q.by, ...(q.key !== undefined ? { key: q.key } : {}) } : {}),
      ...(q.clock ? { clock: q.clock } : {}),
      ...(q.reason ? { reason: q.reason } : {}),
      ...(q.week ? { week: q.week } : {}),
    });
    return { metric: q.metric, bucket: q.bucket, period: { from: period.from.toISOString(), to: period.to.toISOString() }, ...list };
  });

  const analysisQuery = z.strictObject(periodFields);
  app.get('/api/v1/analysis/rejections', read, async (request) => {
    const period = periodOf(parseQuery(analysisQuery, request.query), deps.clock.now());
    await fresh();
    return rejectionAnalysis(deps.db, period, deps.policy().policy);
  });
  app.get('/api/v1/analysis/conversion', read, async (request) => {
    const period = periodOf(parseQuery(analysisQuery, request.query), deps.clock.now());
    await fresh();
    return conversionAnalysis(deps.db, period);
  });
  app.get('/api/v1/analysis/stalled', read, async (request) => {
    parseQuery(analysisQuery, request.query);
    await fresh();
    return stalledAnalysis(deps.db, deps.policy().policy, deps.clock.now());
  });
}

/** A rep's session lists only the leads handed to them. */
function repOnly(request: FastifyRequest): string | undefined {
  return request.principal?.role === 'rep' ? request.principal.rep : undefined;
}
