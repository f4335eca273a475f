/** The OpenAPI 3.1 document, built from the same zod schemas that validate requests. */
import { z } from 'zod';
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

export function openApiDocument(serverUrl: string) {
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
      },
    },
    security: [{ bearer: [] }],
    paths: {
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
