/**
 * Talking to Baton's API from the browser: the session cookie goes along by itself; changes carry
 * the CSRF token from GET /api/v1/session in `x-csrf-token`. Errors arrive as ApiError with the
 * API's name, message and field details; an endpoint another capability has not shipped yet is
 * recognised (the server's "No route" 404) so pages can say "not available yet" instead of failing.
 */
export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorName: string,
    message: string,
    readonly details: FieldIssue[] = [],
  ) {
    super(message);
  }

  /** The route does not exist on this server (yet). */
  get notAvailable(): boolean {
    return this.status === 404 && this.message.startsWith('No route');
  }
}

let csrfToken = '';

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when any request answers 401 (the session ended): the app goes back to sign-in. */
let onSignedOut: () => void = () => {};
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = text; // HTML and Markdown answers (the SLA document) stay text
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
  }
  if (!response.ok) {
    const error = (parsed as { error?: { name?: string; message?: string; details?: FieldIssue[] } } | undefined)?.error;
    if (response.status === 401 && path !== '/api/v1/session') onSignedOut();
    throw new ApiError(response.status, error?.name ?? 'error', error?.message ?? `The server answered ${response.status}.`, error?.details ?? []);
  }
  return parsed as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});

/** A query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const entries = Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== null && e[1] !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
}
