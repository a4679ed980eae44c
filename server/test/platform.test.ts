import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, seedUser, signIn, type TestApp } from './test-app.js';

describe('platform endpoints and cross-cutting behaviour', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ BODY_LIMIT_BYTES: '2048' });
  });
  afterAll(() => t.close());

  it('answers liveness and readiness', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready' });
  });

  it('exposes Prometheus metrics including request latency by route', async () => {
    await t.app.inject({ method: 'GET', url: '/healthz' });
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('http_request_duration_seconds_bucket');
    expect(metrics.body).toContain('route="/healthz"');
    expect(metrics.body).toContain('db_pool_connections');
  });

  it('publishes an OpenAPI 3 document listing the API, and browsable docs', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ['/api/auth/login', '/api/auth/refresh', '/api/users', '/api/communities/{id}/members/{userId}']) expect(doc.paths).toHaveProperty([p]);
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
  });

  it('sends security headers with every answer', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('tags every answer with a request id, reusing a sane incoming one', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-123' } });
    expect(response.headers['x-request-id']).toBe('trace-123');
    const fresh = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'bad id with spaces' } });
    expect(fresh.headers['x-request-id']).not.toBe('bad id with spaces');
  });

  it('answers an unknown API path with 404 in the error shape', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/does-not-exist' });
    expect(response.statusCode).toBe(404);
    expect(errorCode(response)).toBe('not_found');
  });

  it('answers a body over the limit with 413 in the error shape', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'a@b.co', password: 'x'.repeat(5000) } });
    expect(response.statusCode).toBe(413);
    expect(errorCode(response)).toBe('payload_too_large');
  });

  it('answers malformed JSON with 400 in the error shape', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
    expect(response.statusCode).toBe(400);
    expect(errorCode(response)).toBe('bad_request');
  });

  it('accepts error reports from the web app, validates them and rate limits them', async () => {
    const report = { message: 'TypeError: x is undefined', url: 'http://localhost:3000/dashboard', stack: 'at Foo' };
    const ok = await t.app.inject({ method: 'POST', url: '/api/client-errors', payload: report, remoteAddress: '10.9.9.9' });
    expect(ok.statusCode).toBe(204);
    const bad = await t.app.inject({ method: 'POST', url: '/api/client-errors', payload: { stack: 1 }, remoteAddress: '10.9.9.9' });
    expect(bad.statusCode).toBe(400);
    let last = 204;
    for (let i = 0; i < 40 && last !== 429; i += 1) {
      last = (await t.app.inject({ method: 'POST', url: '/api/client-errors', payload: report, remoteAddress: '10.9.9.9' })).statusCode;
    }
    expect(last).toBe(429);
  });

  it('answers 503 within about two seconds when no database connection can be had', async () => {
    await seedUser(t.database, { email: 'waiting@example.com' });
    const s = await signIn(t.app, 'waiting@example.com');
    const pool = t.database.handle.pool;
    // Exhaust the pool: PGlite has one connection; a server pool has DB_POOL_MAX.
    const held = await Promise.all(Array.from({ length: pool.options.max ?? 1 }, () => pool.connect()));
    try {
      const started = Date.now();
      const response = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: s.auth });
      const elapsed = Date.now() - started;
      expect(response.statusCode).toBe(503);
      expect(errorCode(response)).toBe('database_unavailable');
      expect(response.headers['retry-after']).toBeDefined();
      expect(elapsed).toBeLessThan(4000);
    } finally {
      for (const client of held) client.release();
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: s.auth })).statusCode).toBe(200);
  });
});
