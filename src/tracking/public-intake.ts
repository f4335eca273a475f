/**
 * What every public endpoint (snippet events, identify, form submissions) checks before it
 * touches the database: the site's public key, the page's origin, the user agent and the rate
 * limits. CORS is checked by hand rather than with @fastify/cors: which origins are allowed
 * depends on the key in the body, and CORS alone only stops a browser from *reading* the answer;
 * a simple POST (text/plain, as sendBeacon sends) would still be processed. Here a request from
 * an origin the site does not list is refused before anything is written.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BatonError } from '../errors/baton-error.js';
import type { Clock } from '../intake/context.js';
import type { Policy } from '../policy/schema.js';
import { isBotUserAgent } from './bots.js';
import { RateLimiter } from './rate-limit.js';
import { siteIndex, type Site } from './sites.js';

const MINUTE = 60_000;

/** The site a public key belongs to; the key must be known and the origin one the site lists. */
export function siteForKey(policy: Policy, key: string, origin: string | undefined): Site {
  const site = siteIndex(policy).byKey.get(key);
  if (!site) throw new BatonError('forbidden', `Unknown public key "${key}". Use the key of a site under tracking.sites in the policy.`);
  if (!origin || !site.allows(origin)) {
    throw new BatonError('forbidden', `Origin ${origin ?? '(none)'} may not send with site "${site.id}"'s key; add it to tracking.sites.${site.id}.origins in the policy.`);
  }
  return site;
}

/** The browser's Origin header (absent from same-origin GETs and from most non-browser clients). */
export function originOf(request: FastifyRequest): string | undefined {
  const origin = request.headers.origin;
  return typeof origin === 'string' && origin !== 'null' ? origin : undefined;
}

/** Lets the page read the answer; only called once the origin has been checked. */
export function allowOrigin(reply: FastifyReply, origin: string | undefined): void {
  if (!origin) return;
  void reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
}

/** Answers a CORS preflight for origins some site lists; the real request checks its own key. */
export function answerPreflight(policy: Policy, request: FastifyRequest, reply: FastifyReply, ownOrigin: string): FastifyReply {
  const origin = originOf(request);
  if (!origin || !(origin === ownOrigin || siteIndex(policy).anyAllows(origin))) return reply.status(403).send();
  allowOrigin(reply, origin);
  return reply
    .header('access-control-allow-methods', 'POST, GET')
    .header('access-control-allow-headers', 'content-type')
    .header('access-control-max-age', '86400')
    .status(204)
    .send();
}

/**
 * The snippet posts text/plain (a CORS "simple" request, so no preflight before every beacon);
 * Fastify hands that over as a string. JSON bodies arrive already parsed.
 */
export function jsonBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    throw new BatonError('invalid_request', 'The body is not valid JSON.');
  }
}

export function isBot(request: FastifyRequest): boolean {
  return isBotUserAgent(request.headers['user-agent']);
}

/** Per-visitor and per-IP token buckets on the app's clock (see rate-limit.ts). */
export class PublicRateLimits {
  private readonly limiter = new RateLimiter();

  constructor(private readonly clock: Clock) {}

  /** Charges `cost` events to the visitor and the IP, or throws 429 with Retry-After set. */
  events(policy: Policy, reply: FastifyReply, ip: string, visitor: string | undefined, cost: number): void {
    const { per_visitor, per_ip } = policy.tracking.limits;
    this.charge(reply, [
      { key: `ip:${ip}`, limit: { capacity: per_ip, perMs: MINUTE } },
      ...(visitor ? [{ key: `v:${visitor}`, limit: { capacity: per_visitor, perMs: MINUTE } }] : []),
    ], cost, 'events');
  }

  formSubmission(policy: Policy, reply: FastifyReply, ip: string): void {
    const limit = { capacity: policy.tracking.limits.form_submissions_per_ip, perMs: MINUTE };
    this.charge(reply, [{ key: `form-ip:${ip}`, limit }], 1, 'form submissions');
  }

  private charge(reply: FastifyReply, keys: Parameters<RateLimiter['take']>[0], cost: number, what: string): void {
    const wait = this.limiter.take(keys, cost, this.clock.now().getTime());
    if (wait === 0) return;
    const seconds = Math.ceil(wait / 1000);
    void reply.header('retry-after', String(seconds));
    throw new BatonError('rate_limited', `Too many ${what} from this visitor or address; try again in ${seconds} s.`);
  }
}
