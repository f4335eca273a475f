/**
 * Sign-in and sign-out: POST /api/v1/session {email, password} sets the session cookie,
 * GET /api/v1/session says who is signed in (and the CSRF token to send with changes),
 * DELETE /api/v1/session signs out.
 *
 * The cookie is HttpOnly (scripts cannot read it), SameSite=Lax (other sites' forms and fetches
 * do not carry it), and Secure when Baton's public URL is https. Sign-in only takes a JSON body,
 * which another site cannot send without a CORS preflight Baton does not grant.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { BatonError } from '../errors/baton-error.js';
import { hasCsrfToken, sessionOf } from '../http/auth.js';
import { parseBody } from '../http/parse.js';
import type { Database } from '../store/database.js';
import { serializeCookie } from './cookies.js';
import { endSession, SESSION_COOKIE, startSession, type ActiveSession } from './sessions.js';
import type { WebSettings } from './settings.js';
import { SignInLimiter } from './sign-in-limiter.js';
import type { User } from './user-rules.js';
import { checkPassword } from './user-store.js';

const signInSchema = z.strictObject({
  email: z.string().trim().min(1, 'your e-mail address').max(320),
  password: z.string().min(1, 'your password').max(1024),
});

export function userView(user: User) {
  return { id: user.id, email: user.email, name: user.name, role: user.role, ...(user.rep ? { rep: user.rep } : {}), ...(user.manager ? { manager: user.manager } : {}) };
}

export function sessionView(session: Pick<ActiveSession, 'user' | 'csrfToken' | 'expiresAt'>) {
  return { user: userView(session.user), csrf_token: session.csrfToken, expires_at: session.expiresAt.toISOString() };
}

export function sessionRoutes(app: FastifyInstance, db: Kysely<Database>, settings: WebSettings, limiter = new SignInLimiter()): void {
  const setCookie = (reply: FastifyReply, value: string, expires: Date) =>
    reply.header('set-cookie', serializeCookie(SESSION_COOKIE, value, { expires, secure: settings.secureCookies }));

  app.post('/api/v1/session', async (request, reply) => {
    if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) {
      throw new BatonError('unsupported_media_type', 'Send the e-mail and password as JSON with the header "Content-Type: application/json".');
    }
    const body = parseBody(signInSchema, request.body);
    const email = body.email.toLowerCase();
    const now = Date.now();
    const wait = limiter.retryAfterMs(email, request.ip, now);
    if (wait > 0) {
      void reply.header('retry-after', String(Math.ceil(wait / 1000)));
      throw new BatonError('rate_limited', `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60_000)} minute(s), or ask an admin to check your account.`);
    }
    const user = await checkPassword(db, email, body.password);
    if (!user) {
      limiter.recordFailure(email, request.ip, now);
      throw new BatonError('unauthenticated', 'That e-mail and password do not match a user. Check both and try again.');
    }
    limiter.recordSuccess(email);
    const started = await startSession(db, user.id, settings);
    setCookie(reply, started.token, started.expiresAt);
    return sessionView({ user, csrfToken: started.csrfToken, expiresAt: started.expiresAt });
  });

  app.get('/api/v1/session', async (request) => {
    const session = await sessionOf(db, request);
    if (!session) throw new BatonError('unauthenticated', 'Not signed in, or the session has ended. Sign in again.');
    return sessionView(session);
  });

  app.delete('/api/v1/session', async (request, reply) => {
    const session = await sessionOf(db, request);
    if (session) {
      if (!hasCsrfToken(request, session)) throw new BatonError('forbidden', 'Signing out needs the header "x-csrf-token" with the token GET /api/v1/session returns.');
      await endSession(db, session.id);
    }
    setCookie(reply, '', new Date(0));
    return reply.status(204).send();
  });
}
