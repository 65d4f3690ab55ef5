import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO, type TestApp } from './support/test-app';

describe('every route declares a policy; the API describes itself', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('has a policy on every registered /api route', () => {
    const api = t.app.jisrRoutes.filter((r) => r.url.startsWith('/api/'));
    expect(api.length).toBeGreaterThan(10);
    const missing = api.filter((r) => !r.hasPolicy).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('refuses to start when a route has no policy', async () => {
    const Fastify = (await import('fastify')).default;
    const { policyGuard } = await import('../src/app');
    const app = Fastify();
    const seen: Array<{ method: string; url: string; hasPolicy: boolean }> = [];
    app.addHook('onRoute', policyGuard(seen));
    app.get('/api/with-policy', { config: { policy: { authenticated: true } } }, async () => 'ok');
    expect(() => app.get('/api/naked', async () => 'x')).toThrow(/declares no policy/);
    app.get('/not-api', async () => 'page');
    expect(seen.map((r) => `${r.url}:${r.hasPolicy}`)).toEqual(['/api/with-policy:true', '/api/naked:false', '/not-api:false']);
  });

  it('denies unknown API routes with a 404 in the user language', async () => {
    const r = await (await t.as(DEMO.admin, 'fr')).get('/api/does-not-exist');
    expect(r.status).toBe(404);
    expect(r.body.error.message).toMatch(/Introuvable/);
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const r = await t.anonymous().get('/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    expect(r.body.paths['/api/auth/login'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('email');
    expect(r.body.paths['/api/users'].get).toBeTruthy();
    expect(r.body.paths['/api/users/{id}'].patch).toBeTruthy();
  });

  it('reports database reachability on /api/health', async () => {
    const r = await t.anonymous().get('/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('sends security headers and never caches API answers', async () => {
    const r = await t.anonymous().get('/api/health');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(String(r.headers['content-security-policy'])).toContain("default-src 'self'");
  });
});
