import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, signIn, TEST_PASSWORD, type TestApp } from './test-app.js';

describe('observability', () => {
  let t: TestApp;
  const lines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: 'info' }, undefined, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  });
  afterAll(() => t.close());

  it('logs one line per request with request id, user id, route, status and duration', async () => {
    const user = await seedUser(t.database, { email: 'logged@example.com' });
    const s = await signIn(t.app, 'logged@example.com');
    await t.app.inject({ method: 'GET', url: '/api/users/not-a-uuid', headers: s.auth });
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { ...s.auth, 'x-request-id': 'trace-me-1' } });
    expect(me.statusCode).toBe(200);
    const line = lines.find((l) => l.event === 'http.request' && l.reqId === 'trace-me-1');
    expect(line).toMatchObject({ route: '/api/auth/me', method: 'GET', status: 200, userId: user.id });
    expect(typeof line?.durationMs).toBe('number');
  });

  it('never writes passwords, tokens or cookies to the log', async () => {
    await seedUser(t.database, { email: 'secretive@example.com' });
    const s = await signIn(t.app, 'secretive@example.com');
    await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'secretive@example.com', password: 'wrong password here' } });
    await t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { aigym_refresh: s.refreshCookie } });
    await t.app.inject({ method: 'GET', url: '/api/does-not-exist', headers: s.auth });
    const all = JSON.stringify(lines);
    expect(all).not.toContain(TEST_PASSWORD);
    expect(all).not.toContain('wrong password here');
    expect(all).not.toContain(s.accessToken);
    expect(all).not.toContain(s.refreshCookie);
  });

  it('exposes database query time, pool use, latency by route, failed logins and rate-limit refusals in /metrics', async () => {
    await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@example.com', password: 'nope nope' } });
    const body = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(body).toMatch(/db_query_duration_seconds_count [1-9]/);
    expect(body).toContain('db_pool_connections{state="total"}');
    expect(body).toContain('http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/auth/me",status="200"}');
    expect(body).toMatch(/auth_failed_logins_total [1-9]/);
    expect(body).toContain('rate_limited_total');
  });
});
