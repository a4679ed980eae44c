import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeResponse, SessionResponse } from '../../../contracts/auth.js';
import type { User } from '../../../contracts/users.js';
import { createTestApp, errorCode, seedUser, signIn, type SignedIn, type TestApp } from '../../test/test-app.js';

describe('a person’s language', () => {
  let t: TestApp;
  let ana: SignedIn;
  let bob: SignedIn;

  beforeAll(async () => {
    t = await createTestApp();
    await seedUser(t.database, { email: 'ana@example.com' });
    await seedUser(t.database, { email: 'bob@example.com', role: 'admin' });
    ana = await signIn(t.app, 'ana@example.com');
    bob = await signIn(t.app, 'bob@example.com');
  });
  afterAll(() => t.close());

  const put = (who: SignedIn, payload: Record<string, unknown>) => t.app.inject({ method: 'PUT', url: '/api/profile/language', headers: who.auth, payload });
  const me = async (who: SignedIn) => (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: who.auth })).json<MeResponse>().user;

  it('is not chosen at first, so the app follows the browser', async () => {
    expect((await me(ana)).language).toBeNull();
  });

  it('is saved by the person, returned by /api/auth/me and at the next sign-in, and can be cleared again', async () => {
    const response = await put(ana, { language: 'es' });
    expect(response.statusCode).toBe(200);
    expect(response.json<{ user: User }>().user).toMatchObject({ email: 'ana@example.com', language: 'es' });
    expect((await me(ana)).language).toBe('es');
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'ana@example.com', password: 'correct horse battery staple' } });
    expect(again.json<SessionResponse>().user.language).toBe('es');
    expect((await put(ana, { language: null })).json<{ user: User }>().user.language).toBeNull();
  });

  it('refuses a language the app does not speak, and a missing one, with a clear 400', async () => {
    for (const payload of [{ language: 'fr' }, {}, { language: "es'; update users set role='admin' --" }]) {
      const response = await put(ana, payload);
      expect(response.statusCode).toBe(400);
      expect(errorCode(response)).toBe('validation_failed');
    }
  });

  it('only ever changes the caller’s own language, whatever id the body names', async () => {
    await put(bob, { language: 'en' });
    const response = await put(ana, { language: 'es', id: bob.userId, userId: bob.userId });
    expect(response.json<{ user: User }>().user.id).toBe(ana.userId);
    expect((await me(bob)).language).toBe('en');
  });

  it('needs a signed-in person', async () => {
    const response = await t.app.inject({ method: 'PUT', url: '/api/profile/language', payload: { language: 'es' } });
    expect(response.statusCode).toBe(401);
  });
});
