/**
 * Every error leaves as `{ error: { name, message, id, details? } }`. Expected ones (bad input,
 * auth) are 4xx and logged at info; anything else is a 500 whose id is in the error log, and the
 * client never sees a stack trace.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { BatonError } from '../errors/baton-error.js';

const FASTIFY_CODES: Record<string, (e: FastifyError) => BatonError> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () =>
    new BatonError('unsupported_media_type', 'Send the body as JSON with the header "Content-Type: application/json".'),
  FST_ERR_CTP_BODY_TOO_LARGE: () =>
    new BatonError('payload_too_large', 'The body is too large. Send at most 1,000 events per batch, and leads one at a time.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new BatonError('invalid_request', 'The body is empty; send a JSON object.'),
  FST_ERR_CTP_INVALID_JSON_BODY: (e) => new BatonError('invalid_request', `The body is not valid JSON: ${e.message}`),
};

export function toBatonError(error: FastifyError | Error): BatonError {
  if (error instanceof BatonError) return error;
  const fastifyError = error as FastifyError;
  const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped) return mapped(fastifyError);
  if (error instanceof SyntaxError || (fastifyError.statusCode === 400 && /JSON/i.test(error.message))) {
    return new BatonError('invalid_request', `The body is not valid JSON: ${error.message}`);
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new BatonError(fastifyError.statusCode === 404 ? 'not_found' : 'invalid_request', error.message);
  }
  return new BatonError('internal', 'Something went wrong on our side; the request was not applied. Quote the error id when reporting it.');
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const baton = toBatonError(error);
    if (baton.status >= 500) request.log.error({ err: error, errorId: baton.id }, 'request failed');
    else request.log.info({ errorId: baton.id, error: baton.name, details: baton.details }, baton.message);
    void reply.status(baton.status).send(baton.toJSON());
  });
  app.setNotFoundHandler((request, reply) => {
    const baton = new BatonError('not_found', `No route ${request.method} ${request.url}. The API lives under /api/v1; see /api/v1/openapi.json.`);
    void reply.status(404).send(baton.toJSON());
  });
}
