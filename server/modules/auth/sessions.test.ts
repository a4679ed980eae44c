import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  errorCode,
  refreshCookieOf,
  seedUser,
  signIn,
  type SignedIn,
  type TestApp,
} from '../../test/test-app.js';

describe('sessions', () => {
  let t: TestApp;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await createTestApp();
    await seedUser(t.database, { email: 'admin@example.com', role: 'admin' });
    admin = await signIn(t.app, 'admin@example.com');
  });
  afterAll(() => t.close());

  const refresh = (cookie: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { aigym_refresh: cookie }, headers });
  const me = (s: { accessToken: string }) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${s.accessToken}` } });

  it('rotates the refresh token on every refresh and keeps the session working', async () => {
    await seedUser(t.database, { email: 'rotate@example.com' });
    const first = await signIn(t.app, 'rotate@example.com');
    const response = await refresh(first.refreshCookie);
    expect(response.statusCode).toBe(200);
    const next = refreshCookieOf(response);
    expect(next).not.toBe(first.refreshCookie);
    const body = response.json<{ accessToken: string; expiresIn: number; user: { email: string } }>();
    expect(body.user.email).toBe('rotate@example.com');
    expect(body.expiresIn).toBeLessThanOrEqual(900);
    expect((await me(body)).statusCode).toBe(200);
    expect((await refresh(next)).statusCode).toBe(200);
  });

  it('stores refresh tokens only as hashes', async () => {
    await seedUser(t.database, { email: 'hashed@example.com' });
    const s = await signIn(t.app, 'hashed@example.com');
    const rows = await t.database.handle.db.selectFrom('refresh_tokens').select('token_hash').execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.token_hash)).not.toContain(s.refreshCookie);
  });

  it('revokes the whole family, access tokens included, when a rotated refresh token is reused', async () => {
    await seedUser(t.database, { email: 'reuse@example.com' });
    const stolen = await signIn(t.app, 'reuse@example.com');
    const rotated = await refresh(stolen.refreshCookie);
    const latest = { accessToken: rotated.json<{ accessToken: string }>().accessToken, cookie: refreshCookieOf(rotated) };

    const replay = await refresh(stolen.refreshCookie);
    expect(replay.statusCode).toBe(401);
    expect(errorCode(replay)).toBe('unauthenticated');

    expect((await refresh(latest.cookie)).statusCode).toBe(401);
    expect((await me(latest)).statusCode).toBe(401);
    expect((await me(stolen)).statusCode).toBe(401);
  });

  it('logout stops the access token and the refresh token at once', async () => {
    await seedUser(t.database, { email: 'logout@example.com' });
    const s = await signIn(t.app, 'logout@example.com');
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: s.auth, cookies: { aigym_refresh: s.refreshCookie } });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'aigym_refresh')?.value).toBe('');
    expect((await me(s)).statusCode).toBe(401);
    expect((await refresh(s.refreshCookie)).statusCode).toBe(401);
  });

  it('logout with only the cookie still ends the session', async () => {
    await seedUser(t.database, { email: 'cookie-logout@example.com' });
    const s = await signIn(t.app, 'cookie-logout@example.com');
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', cookies: { aigym_refresh: s.refreshCookie } })).statusCode).toBe(204);
    expect((await me(s)).statusCode).toBe(401);
  });

  it('logging out twice is not an error', async () => {
    await seedUser(t.database, { email: 'twice@example.com' });
    const s = await signIn(t.app, 'twice@example.com');
    const once = { method: 'POST' as const, url: '/api/auth/logout', headers: s.auth, cookies: { aigym_refresh: s.refreshCookie } };
    expect((await t.app.inject(once)).statusCode).toBe(204);
    expect((await t.app.inject(once)).statusCode).toBe(204);
  });

  it('suspending a user ends all their sessions at once and refuses new sign-ins', async () => {
    const user = await seedUser(t.database, { email: 'suspend@example.com' });
    const laptop = await signIn(t.app, 'suspend@example.com');
    const phone = await signIn(t.app, 'suspend@example.com');
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: admin.auth, payload: { status: 'suspended' } });
    expect(patch.statusCode).toBe(200);
    for (const s of [laptop, phone]) {
      expect((await me(s)).statusCode).toBe(401);
      expect((await refresh(s.refreshCookie)).statusCode).toBe(401);
    }
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'suspend@example.com', password: 'correct horse battery staple' } });
    expect(again.statusCode).toBe(401);
  });

  it('a suspended user is refused at once even when their session row was left live', async () => {
    const user = await seedUser(t.database, { email: 'suspended-row@example.com' });
    const s = await signIn(t.app, 'suspended-row@example.com');
    await t.database.handle.db.updateTable('users').set({ status: 'suspended' }).where('id', '=', user.id).execute();
    expect((await me(s)).statusCode).toBe(401);
  });

  it('changing a password ends all sessions of that user', async () => {
    const user = await seedUser(t.database, { email: 'newpass@example.com' });
    const s = await signIn(t.app, 'newpass@example.com');
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: admin.auth, payload: { password: 'a brand new password' } });
    expect(patch.statusCode).toBe(200);
    expect((await me(s)).statusCode).toBe(401);
    expect((await refresh(s.refreshCookie)).statusCode).toBe(401);
    expect((await signIn(t.app, 'newpass@example.com', 'a brand new password')).accessToken).toBeTruthy();
  });

  it('refuses a refresh without a cookie, or with an unknown one, with 401', async () => {
    const none = await t.app.inject({ method: 'POST', url: '/api/auth/refresh' });
    expect(none.statusCode).toBe(401);
    expect(errorCode(none)).toBe('unauthenticated');
    expect((await refresh('made-up-token-value')).statusCode).toBe(401);
  });

  it('refuses a refresh past the session lifetime', async () => {
    await seedUser(t.database, { email: 'old@example.com' });
    const s = await signIn(t.app, 'old@example.com');
    await t.database.handle.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', s.userId).execute();
    expect((await refresh(s.refreshCookie)).statusCode).toBe(401);
  });

  it('refuses a refresh after the idle timeout', async () => {
    await seedUser(t.database, { email: 'idle@example.com' });
    const s = await signIn(t.app, 'idle@example.com');
    await t.database.handle.db.updateTable('sessions').set({ last_used_at: new Date(Date.now() - 8 * 86_400_000) }).where('user_id', '=', s.userId).execute();
    expect((await refresh(s.refreshCookie)).statusCode).toBe(401);
  });

  it('refuses refresh and logout requests from another site', async () => {
    await seedUser(t.database, { email: 'csrf@example.com' });
    const s = await signIn(t.app, 'csrf@example.com');
    const evil = { origin: 'https://evil.example' };
    const r = await refresh(s.refreshCookie, evil);
    expect(r.statusCode).toBe(403);
    expect(errorCode(r)).toBe('forbidden');
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', cookies: { aigym_refresh: s.refreshCookie }, headers: evil });
    expect(out.statusCode).toBe(403);
    expect((await me(s)).statusCode).toBe(200);
    expect((await refresh(s.refreshCookie, { origin: 'http://localhost:3000' })).statusCode).toBe(200);
  });

  it('sets the refresh cookie HttpOnly, SameSite=Strict, scoped to /api/auth', async () => {
    await seedUser(t.database, { email: 'cookie@example.com' });
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'cookie@example.com', password: 'correct horse battery staple' } });
    const cookie = response.cookies.find((c) => c.name === 'aigym_refresh');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth' });
    expect(response.json<Record<string, unknown>>()).not.toHaveProperty('refreshToken');
  });
});
