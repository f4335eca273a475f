/** The OpenAPI 3.1 document, built from the same zod schemas that validate requests. */
import { z } from 'zod';
import { repActionSchema } from '../handoff/actions.js';
import { accountRequestSchema, activitySchema, eventRequestSchema, leadRequestSchema } from '../intake/requests.js';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });

const error = {
  description: 'An error: what is wrong and what to do',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            required: ['name', 'message', 'id'],
            properties: {
              name: { type: 'string' },
              message: { type: 'string' },
              id: { type: 'string', description: 'Find it in the server log' },
              details: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
            },
          },
        },
      },
    },
  },
};

const errors = { 400: error, 401: error, 403: error, 409: error, 413: error, 422: error };
const json = (s: object) => ({ content: { 'application/json': { schema: s } } });

/** A route the server has, found as it registers them (see buildServer). */
export interface RegisteredRoute {
  method: string;
  url: string;
}

/**
 * What each capability's routes do, by "METHOD /path" (Fastify's `:param` written as `{param}`).
 * Details of bodies and answers are in docs/<capability>.md; a route added without a line here
 * still appears, with a pointer to the docs.
 */
const SUMMARIES: Record<string, string> = {
  'POST /api/v1/leads/{id}/actions': 'A rep or manager action: accept, reject (reason code), attempt, connected, meeting, convert, close (disposition), recycle, reassign',
  'GET /api/v1/leads/{id}/clocks': "The lead's SLA clocks: open, met, breached or cancelled, with deadlines and elapsed wall and business time",
  'GET /api/v1/clocks': 'Running or breached SLA clocks with their leads, soonest due first (filters: status, rep, manager)',
  'GET /api/v1/escalations': 'Escalation steps that ran, newest first',
  'GET /api/v1/reps': 'Reps with team, manager, time zone, away flag, out of office, load and caps',
  'PATCH /api/v1/reps/{id}': "Set a rep away or back, or their caps (the rep's manager or an admin)",
  'GET /api/v1/reps/{id}/notifications': "A rep's notification channels and quiet hours",
  'PUT /api/v1/reps/{id}/notifications': "Set a rep's notification channels and quiet hours",
  'GET /api/v1/health/integrations': 'Each notification channel: ok, failing or off, with its last success and failure',
  'GET /api/v1/deliveries': 'Notification deliveries by status (pending, sent, failed, dead)',
  'GET /api/v1/deliveries/{id}': 'One delivery with its attempts',
  'POST /api/v1/deliveries/{id}/retry': 'Queue a failed or dead delivery again',
  'GET /api/v1/webhooks': 'Outbound webhook endpoints (signed per Standard Webhooks)',
  'POST /api/v1/webhooks': 'Add an outbound webhook endpoint',
  'DELETE /api/v1/webhooks/{id}': 'Remove an outbound webhook endpoint',
  'POST /api/v1/integrations/slack/interactive': "Slack's Accept / Reject buttons (verified with Slack's signing secret)",
  'GET /api/v1/metrics': 'The four hand-off metrics against their targets, funnel, leaks and trend, for a period and a breakdown',
  'GET /api/v1/metrics/leads': 'The leads behind a number of GET /api/v1/metrics',
  'GET /api/v1/analysis/rejections': 'Rejection reasons as a Pareto per source, segment and rep, with hints',
  'GET /api/v1/analysis/conversion': 'Conversion to SAL, SQL, opportunity and won by source, campaign, channel and score band',
  'GET /api/v1/analysis/stalled': 'Leads accepted without an attempt, attempted without a connection, or too long in a stage',
  'GET /api/v1/reports/audit': 'The monthly audit (format=html, md or json)',
  'GET /api/v1/policy': 'The running policy: version, hash, source and what the web app needs of it',
  'GET /api/v1/policy/doc': 'The SLA document rendered from the running policy (format=html or md)',
  'GET /api/v1/policy/versions': 'Every policy version that ran, with its hash and publication time',
  'GET /api/v1/policy/versions/{version}': 'One policy version, with a line diff from another (diff_from)',
  'GET /api/v1/sites': 'Sites that run the tracking snippet, with their public keys and allowed origins',
  'GET /api/v1/visitors/{id}': "An anonymous visitor's page views and events, and the lead they became",
  'POST /api/v1/tracking/link-tokens': 'A token to put in e-mail links, so a click identifies the visitor',
  'GET /api/v1/forms': 'Lead-capture forms from the policy',
  'GET /api/v1/forms/{id}': 'One form with its fields, conditions and question pool',
  'GET /api/v1/forms/{id}/analytics': 'Views, starts, submissions, conversion and per-field drop-off of a form',
  'POST /api/v1/session': 'Sign in to the web app with e-mail and password (sets an HTTP-only cookie)',
  'GET /api/v1/session': 'The signed-in user and the CSRF token',
  'DELETE /api/v1/session': 'Sign out',
  'GET /api/v1/stream': 'Server-sent events: leads that changed, for live pages',
  'GET /api/v1/inbox': "The signed-in rep's leads, hottest and most urgent first",
  'GET /api/v1/openapi.json': 'This document',
};

/** Paths of capability routes not described by hand above, from the server's own route list. */
function capabilityPaths(routes: readonly RegisteredRoute[], described: ReadonlySet<string>): Record<string, Record<string, object>> {
  const paths: Record<string, Record<string, object>> = {};
  for (const { method, url } of routes) {
    if (!url.startsWith('/api/v1/') || method === 'HEAD' || method === 'OPTIONS') continue;
    const path = url.replace(/:(\w+)/g, '{$1}');
    const verb = method.toLowerCase();
    if (described.has(`${verb} ${path}`)) continue;
    const parameters = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const key = `${method} ${path}`;
    const operation: Record<string, unknown> = {
      summary: SUMMARIES[key] ?? 'See the docs/ folder for this capability',
      ...(parameters.length ? { parameters } : {}),
      responses: { 200: { description: 'OK' }, ...errors },
    };
    if (key === 'POST /api/v1/leads/{id}/actions') operation.requestBody = { required: true, ...json({ $ref: '#/components/schemas/RepAction' }) };
    (paths[path] ??= {})[verb] = operation;
  }
  return paths;
}

export function openApiDocument(serverUrl: string, routes: readonly RegisteredRoute[] = []) {
  const document = foundationDocument(serverUrl);
  const described = new Set(Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((verb) => `${verb} ${path}`)));
  for (const [path, item] of Object.entries(capabilityPaths(routes, described))) {
    document.paths[path] = { ...document.paths[path], ...item };
  }
  return document;
}

function foundationDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Baton API',
      version: '1',
      description: 'Send leads, activity and accounts in; read leads with their score, owner, brief and timeline. Every call needs "Authorization: Bearer <token>".',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        LeadRequest: schema(leadRequestSchema),
        EventRequest: schema(eventRequestSchema),
        Activity: schema(activitySchema),
        AccountRequest: schema(accountRequestSchema),
        RepAction: schema(repActionSchema),
      },
    },
    security: [{ bearer: [] }],
    paths: <Record<string, Record<string, object>>>{
      '/api/v1/leads': {
        post: {
          summary: 'Create or update a lead (upsert by e-mail); it is scored, qualified and routed at once',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } }],
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/LeadRequest' }) },
          responses: { 201: { description: 'Created' }, 200: { description: 'Updated (or replayed)' }, ...errors },
        },
        get: {
          summary: 'List leads, newest first',
          parameters: ['stage', 'owner', 'queue', 'since', 'limit', 'cursor'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
          responses: { 200: { description: 'A page of leads and next_cursor' }, ...errors },
        },
      },
      '/api/v1/leads/{id}': {
        get: {
          summary: 'A lead with its score reasons, account match, assignment, brief and timeline',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: { 200: { description: 'The lead' }, 404: error, ...errors },
        },
      },
      '/api/v1/events': {
        post: {
          summary: 'Record up to 1,000 activity events for known leads; each is accepted, duplicate or rejected',
          requestBody: { required: true, ...json({ type: 'object', required: ['events'], properties: { events: { type: 'array', maxItems: 1000, items: { $ref: '#/components/schemas/EventRequest' } } } }) },
          responses: { 200: { description: 'Per-event results' }, ...errors },
        },
      },
      '/api/v1/accounts': {
        post: {
          summary: 'Create or update an account (by external_id, else domain)',
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/AccountRequest' }) },
          responses: { 201: { description: 'Created' }, 200: { description: 'Updated' }, ...errors },
        },
        get: { summary: 'List accounts', responses: { 200: { description: 'Accounts' }, ...errors } },
      },
      '/api/v1/routing': { get: { summary: 'Round-robin credit per pool and load per rep', responses: { 200: { description: 'Routing state' } } } },
      '/api/v1/health': { get: { summary: 'Liveness and the running policy version', security: [], responses: { 200: { description: 'OK' } } } },
    },
  };
}
