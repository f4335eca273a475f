/**
 * Serves the built web app (web/dist) at /: files by their path, and index.html for any other
 * GET path so the app's own router shows the page (a bookmarked /leads/<id> works). Paths under
 * /api/, /t/, /f/ and /a/ belong to other capabilities and get the API's JSON 404 instead.
 * Vite names assets by content hash, so they are cached for a year; index.html never is.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { BatonError } from '../errors/baton-error.js';

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

export function appFiles(app: FastifyInstance, dist = WEB_DIST): void {
  // Encapsulated: another capability registering @fastify/static of its own does not clash with this one.
  void app.register(async (scope) => {
    await scope.register(fastifyStatic, { root: dist, serve: false });
    scope.get('/*', async (request, reply) => {
      const pathname = decodeURIComponent(new URL(request.url, 'http://baton').pathname);
      const answer = classifyPath(pathname);
      if (answer.kind === 'reserved') throw new BatonError('not_found', `No route GET ${pathname}. The API lives under /api/v1; see /api/v1/openapi.json.`);
      if (!existsSync(path.join(dist, 'index.html'))) return reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT);
      if (answer.kind === 'file') {
        const file = path.join(dist, answer.file);
        if (!file.startsWith(dist + path.sep) || !existsSync(file)) throw new BatonError('not_found', `No file ${pathname}.`);
        const hashed = answer.file.startsWith('assets/');
        return reply.sendFile(answer.file, hashed ? { maxAge: '365d', immutable: true } : { maxAge: 0 });
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
    });
  });
}
