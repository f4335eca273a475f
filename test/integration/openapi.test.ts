import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ workers: false });
});
afterAll(async () => {
  await t?.close();
});

describe('the OpenAPI document', () => {
  it('describes every route under /api/v1 the server has, each with what it does', async () => {
    const res = await t.api('GET', '/api/v1/openapi.json', undefined, { token: '' });
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<string, Record<string, { summary: string }>>;
    const documented = new Set(Object.entries(paths).flatMap(([path, item]) => Object.keys(item).map((verb) => `${verb.toUpperCase()} ${path}`)));
    const routes = t.app.server
      .printRoutes({ commonPrefix: false, includeHooks: false })
      .split('\n')
      .filter((line) => line.includes('/api/v1/'));
    expect(routes.length).toBeGreaterThan(10);
    for (const path of ['/api/v1/leads/{id}/actions', '/api/v1/metrics', '/api/v1/health/integrations', '/api/v1/forms/{id}/analytics', '/api/v1/session']) {
      expect(Object.keys(paths)).toContain(path);
    }
    const undescribed = [...documented].filter((key) => {
      const [verb, path] = key.split(' ');
      return paths[path!]![verb!.toLowerCase()]!.summary.startsWith('See the docs/');
    });
    expect(undescribed).toEqual([]);
    expect(res.body.components.schemas.RepAction).toBeDefined();
  });
});
