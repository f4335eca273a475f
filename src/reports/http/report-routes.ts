/**
 * GET /api/v1/reports/audit, /policy/doc, /policy/versions and /policy/versions/:version:
 * the monthly audit and the SLA document as HTML, Markdown or JSON, and the policy history.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { BatonError } from '../../errors/baton-error.js';
import type { ScopeGuard } from '../../http/auth.js';
import { freshness, parseQuery } from '../../metrics/http/metrics-routes.js';
import { parseMonth } from '../../metrics/period.js';
import type { ModuleContext } from '../../modules/module.js';
import { buildAudit } from '../audit/audit-data.js';
import { auditDocument } from '../audit/audit-document.js';
import type { Document } from '../document/blocks.js';
import { renderHtml } from '../document/html.js';
import { renderMarkdown } from '../document/markdown.js';
import { slaDocument } from '../policy/sla-document.js';
import { listVersions, versionDetail } from '../policy/versions.js';

const auditQuery = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM, e.g. 2026-10'),
  format: z.enum(['html', 'md', 'json']).default('html'),
});
const docQuery = z.strictObject({ format: z.enum(['html', 'md']).default('html') });
const versionQuery = z.strictObject({ diff_from: z.coerce.number().int().positive().optional() });

export function sendDocument(reply: FastifyReply, doc: Document, format: 'html' | 'md'): FastifyReply {
  return format === 'md'
    ? reply.type('text/markdown; charset=utf-8').send(renderMarkdown(doc))
    : reply.type('text/html; charset=utf-8').send(renderHtml(doc));
}

export function reportRoutes(app: FastifyInstance, ctx: ModuleContext, requireScope: ScopeGuard): void {
  const { deps } = ctx;
  const fresh = freshness(ctx);
  const read = { preHandler: requireScope('read') };

  app.get('/api/v1/reports/audit', read, async (request, reply) => {
    const q = parseQuery(auditQuery, request.query);
    const month = parseMonth(q.month)!;
    await fresh();
    const running = deps.policy();
    const audit = await buildAudit(deps.db, { month, policy: running.policy, running: { version: running.version, hash: running.hash }, now: deps.clock.now() });
    if (q.format === 'json') return audit;
    return sendDocument(reply, auditDocument(audit), q.format);
  });

  app.get('/api/v1/policy/doc', read, async (request, reply) => {
    const q = parseQuery(docQuery, request.query);
    const running = deps.policy();
    const doc = slaDocument(running.policy, { version: running.version, hash: running.hash, file: running.file.split(/[\\/]/).pop() ?? running.file }, deps.clock.now());
    return sendDocument(reply, doc, q.format);
  });

  app.get('/api/v1/policy/versions', read, async () => {
    const running = deps.policy();
    return { running: running.version, versions: await listVersions(deps.db) };
  });

  app.get('/api/v1/policy/versions/:version', read, async (request) => {
    const { version } = request.params as { version: string };
    const number = z.coerce.number().int().positive().safeParse(version);
    if (!number.success) throw new BatonError('invalid_request', `"${version}" is not a policy version number.`);
    const q = parseQuery(versionQuery, request.query);
    const found = await versionDetail(deps.db, number.data, q.diff_from);
    if (!found.detail) throw new BatonError('not_found', `There is no policy version ${found.missing}; GET /api/v1/policy/versions lists them.`);
    return found.detail;
  });
}
