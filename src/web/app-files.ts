/**
 * Serves the built web app (web/dist) at /: files by their path, and index.html for any other
 * GET path so the app's own router shows the page (a bookmarked /leads/<id> works). Paths under
 * /api/, /t/, /f/ and /a/ belong to other capabilities and get the API's JSON 404 instead.
 * Vite names assets by content hash, so they are cached for a year; index.html never is.
 *
 * A page request that carries a live session gets it written into the page (what GET
 * /api/v1/session would answer), so the app renders the user's page without first asking who
 * they are: one round trip less before a page shows. The page is then private to that user and
 * never cached.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { BatonError } from '../errors/baton-error.js';
import { sessionOf } from '../http/auth.js';
import type { Database } from '../store/database.js';
import { sessionView } from './session-routes.js';

export const WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');

const RESERVED_PREFIXES = ['/api/', '/t/', '/f/', '/a/'];

export type AppPathAnswer = { kind: 'reserved' } | { kind: 'file'; file: string } | { kind: 'page' };

/** What a GET path is: another capability's (reserved), a file of the app, or a page of it. */
export function classifyPath(pathname: string): AppPathAnswer {
  if (RESERVED_PREFIXES.some((p) => pathname.startsWith(p) || pathname === p.slice(0, -1))) return { kind: 'reserved' };
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  // Pages have no extension (/leads/3f2a…); files do (/assets/index-3f2a.js, /favicon.svg).
  if (/\.[a-z0-9]+$/i.test(last)) return { kind: 'file', file: path.posix.normalize(pathname).replace(/^\/+/, '') };
  return { kind: 'page' };
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Baton</title></head>
<body style="font-family:system-ui;max-width:40rem;margin:3rem auto;line-height:1.5">
<h1>Baton is running; the web app is not built yet</h1>
<p>Build it with <code>npm run build:web</code> (or start Baton with <code>npm start</code>, which builds it when needed), then reload this page.</p>
<p>The API is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p></body></html>`;

/** The session as a script the app reads at start; `<` escaped so no value can close the script. */
export function sessionScript(session: unknown): string {
  return `<script>window.__BATON_SESSION__=${JSON.stringify(session).replace(/</g, '\\u003c')}</script>`;
}

/** index.html, re-read only when the build changes. */
function indexReader(file: string): () => string {
  let cached: { mtime: number; html: string } | undefined;
  return () => {
    const mtime = statSync(file).mtimeMs;
    if (!cached || cached.mtime !== mtime) cached = { mtime, html: readFileSync(file, 'utf8') };
    return cached.html;
  };
}

export function appFiles(app: FastifyInstance, db: Kysely<Database>, dist = WEB_DIST): void {
  const index = path.join(dist, 'index.html');
  const readIndex = indexReader(index);
  // Encapsulated: another capability registering @fastify/static of its own does not clash with this one.
  void app.register(async (scope) => {
    // The folder exists even before the first build, so the plugin has a root to check and a
    // clone without a build answers 503 (pages) or 404 (files) instead of warning at start.
    mkdirSync(dist, { recursive: true });
    await scope.register(fastifyStatic, { root: dist, serve: false });
    scope.get('/*', async (request, reply) => {
      const pathname = decodeURIComponent(new URL(request.url, 'http://baton').pathname);
      const answer = classifyPath(pathname);
      if (answer.kind === 'reserved') throw new BatonError('not_found', `No route GET ${pathname}. The API lives under /api/v1; see /api/v1/openapi.json.`);
      if (answer.kind === 'file') {
        const file = path.join(dist, answer.file);
        if (!file.startsWith(dist + path.sep) || !existsSync(file)) throw new BatonError('not_found', `No file ${pathname}.`);
        const hashed = answer.file.startsWith('assets/');
        return reply.sendFile(answer.file, hashed ? { maxAge: '365d', immutable: true } : { maxAge: 0 });
      }
      if (!existsSync(index)) return reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT);
      const session = await sessionOf(db, request);
      const html = session ? readIndex().replace('</head>', `${sessionScript(sessionView(session))}</head>`) : readIndex();
      return reply.header('cache-control', session ? 'private, no-store' : 'no-cache').type('text/html; charset=utf-8').send(html);
    });
  });
}
