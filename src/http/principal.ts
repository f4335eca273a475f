/**
 * Who is making a request, whatever proved it: an API token, a web session (the web app) or a
 * signed one-click link. Routes that act on leads check `role` and `rep`/`manager` against the
 * lead: a rep acts on their own leads, a manager on their team's, an admin on all.
 */
export type Role = 'admin' | 'manager' | 'rep' | 'integration';

export interface Principal {
  /** Written as the event's actor: `token:<name>`, `user:<email>`, `link:<rep>`. */
  actor: string;
  role: Role;
  /** The policy rep this principal is (role rep). */
  rep?: string;
  /** The policy manager this principal is (role manager). */
  manager?: string;
  /** API scopes this principal holds (tokens: theirs; sessions: by role). */
  scopes: readonly string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
