import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../test/test-database.js';

describe('who may read /metrics', () => {
  let database: TestDatabase;
  let open: TestApp;
  let guarded: TestApp;
  const token = 'metrics-token-0123456789abcdef';
  beforeAll(async () => {
    database = await createTestDatabase();
    open = await createTestApp({ TRUST_PROXY: '127.0.0.1' }, database);
    guarded = await createTestApp({ METRICS_TOKEN: token }, database);
  });
  afterAll(async () => {
    await open.close();
    await guarded.close();
    await database.drop();
  });

  it('without METRICS_TOKEN answers loopback only, and not an outside client forwarded by a local proxy', async () => {
    expect((await open.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
    const outside = await open.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.7' });
    expect(outside.statusCode).toBe(404);
    expect(errorCode(outside)).toBe('not_found');
    const forwarded = await open.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(forwarded.statusCode).toBe(404);
  });

  it('with METRICS_TOKEN needs it as a bearer token, from anywhere', async () => {
    const without = await guarded.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(without.statusCode).toBe(401);
    const wrong = await guarded.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}x` } });
    expect(wrong.statusCode).toBe(401);
    const right = await guarded.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '198.51.100.4', headers: { authorization: `Bearer ${token}` } });
    expect(right.statusCode).toBe(200);
    expect(right.body).toContain('http_request_duration_seconds');
  });
});
