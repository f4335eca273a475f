import type { z } from 'zod';
import { BatonError } from '../errors/baton-error.js';
import { fieldIssues } from '../errors/zod-issues.js';

/** Validates a request body, or answers 422 with every field that is wrong and why. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new BatonError('invalid_request', 'Send a JSON object as the body.');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new BatonError('validation_failed', 'Nothing was saved: fix the fields listed in details and send it again.', fieldIssues(parsed.error));
  return parsed.data;
}
