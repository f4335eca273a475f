/**
 * The one error type users see (API and CLI): a status, a name from a closed list, a message that
 * says what to do, field-level details, and an id that can be found in the logs.
 */
import { randomUUID } from 'node:crypto';

export const ERROR_NAMES = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorName = keyof typeof ERROR_NAMES;

export interface FieldIssue {
  /** Dotted path of the field, e.g. "company.size" or "events[3].type". */
  path: string;
  message: string;
}

export class BatonError extends Error {
  readonly id = randomUUID();
  readonly status: number;

  constructor(
    override readonly name: ErrorName,
    message: string,
    readonly details: FieldIssue[] = [],
  ) {
    super(message);
    this.status = ERROR_NAMES[name];
  }

  toJSON() {
    return {
      error: { name: this.name, message: this.message, id: this.id, ...(this.details.length ? { details: this.details } : {}) },
    };
  }
}
