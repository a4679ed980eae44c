import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, latestMail, linkToken, seedUser, signIn, type SignedIn, type TestApp } from '../../test/test-app.js';

describe('password reset and invitations through the outbox', () => {
  let t: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    t = await createTestApp();
    await seedUser(t.database, { email: 'admin@example.com', role: 'admin' });
    admin = await signIn(t.app, 'admin@example.com');
  });
  afterAll(() => t.close());

  const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, payload });

  it('gives the same answer for an unknown email as for a known one', async () => {
    await seedUser(t.database, { email: 'known@example.com' });
    const known = await post('/api/auth/password/forgot', { email: 'known@example.com' });
    const unknown = await post('/api/auth/password/forgot', { email: 'unknown@example.com' });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(unknown.json()).toEqual(known.json());
  });

  it('resets a password with the emailed link, once, ending the sessions that existed', async () => {
    await seedUser(t.database, { email: 'reset@example.com' });
    const before = await signIn(t.app, 'reset@example.com');
    await post('/api/auth/password/forgot', { email: 'Reset@Example.com' });
    const mail = await latestMail(t.dataDir, 'reset@example.com');
    expect(mail.text).toContain('http://localhost:3000/reset-password?token=');
    const token = linkToken(mail.text);

    expect((await post('/api/auth/password/reset', { token, password: 'my new password!' })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: before.auth })).statusCode).toBe(401);
    expect((await signIn(t.app, 'reset@example.com', 'my new password!')).accessToken).toBeTruthy();

    const again = await post('/api/auth/password/reset', { token, password: 'another password' });
    expect(again.statusCode).toBe(400);
    expect(errorCode(again)).toBe('invalid_token');
  });

  it('refuses an expired reset link', async () => {
    await seedUser(t.database, { email: 'late@example.com' });
    await post('/api/auth/password/forgot', { email: 'late@example.com' });
    const token = linkToken((await latestMail(t.dataDir, 'late@example.com')).text);
    await t.database.handle.db.updateTable('one_time_tokens').set({ expires_at: new Date(Date.now() - 1000) }).execute();
    const response = await post('/api/auth/password/reset', { token, password: 'whatever password' });
    expect(response.statusCode).toBe(400);
    expect(errorCode(response)).toBe('invalid_token');
  });

  it('an invited user accepts the emailed invitation, chooses a password and is signed in', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/users', headers: admin.auth, payload: { email: 'newbie@example.com', displayName: 'Newbie' } });
    expect(created.statusCode).toBe(201);
    expect(created.json<{ status: string }>().status).toBe('invited');
    expect((await post('/api/auth/login', { email: 'newbie@example.com', password: 'anything at all' })).statusCode).toBe(401);

    const mail = await latestMail(t.dataDir, 'newbie@example.com');
    expect(mail.text).toContain('http://localhost:3000/invite/');
    const token = linkToken(mail.text);
    const accepted = await post('/api/auth/invitations/accept', { token, password: 'chosen password', displayName: 'New Bie' });
    expect(accepted.statusCode).toBe(200);
    const body = accepted.json<{ accessToken: string; user: { status: string; displayName: string } }>();
    expect(body.user).toMatchObject({ status: 'active', displayName: 'New Bie' });
    expect(accepted.cookies.some((c) => c.name === 'aigym_refresh')).toBe(true);
    expect((await signIn(t.app, 'newbie@example.com', 'chosen password')).accessToken).toBeTruthy();

    expect((await post('/api/auth/invitations/accept', { token, password: 'take over attempt' })).statusCode).toBe(400);
  });

  it('a reset token cannot be used as an invitation, nor the other way round', async () => {
    await seedUser(t.database, { email: 'cross@example.com' });
    await post('/api/auth/password/forgot', { email: 'cross@example.com' });
    const token = linkToken((await latestMail(t.dataDir, 'cross@example.com')).text);
    const response = await post('/api/auth/invitations/accept', { token, password: 'chosen password' });
    expect(response.statusCode).toBe(400);
    expect(errorCode(response)).toBe('invalid_token');
  });

  it('sends a reset in the account’s saved language, else in the language of the browser that asked', async () => {
    await seedUser(t.database, { email: 'lucia@example.com' });
    await t.database.handle.db.updateTable('users').set({ language: 'es' }).where('email', '=', 'lucia@example.com').execute();
    await t.app.inject({ method: 'POST', url: '/api/auth/password/forgot', payload: { email: 'lucia@example.com' }, headers: { 'accept-language': 'en-US' } });
    const saved = await latestMail(t.dataDir, 'lucia@example.com');
    expect(saved.subject).toBe('Restablece tu contraseña de AI GYM');
    expect(saved.text).toContain('válido durante 60 minutos');
    expect(saved.text).toContain('Si no esperabas este correo');

    await seedUser(t.database, { email: 'pablo@example.com' });
    await t.app.inject({ method: 'POST', url: '/api/auth/password/forgot', payload: { email: 'pablo@example.com' }, headers: { 'accept-language': 'es-MX,es;q=0.9' } });
    expect((await latestMail(t.dataDir, 'pablo@example.com')).subject).toBe('Restablece tu contraseña de AI GYM');

    await seedUser(t.database, { email: 'paul@example.com' });
    await post('/api/auth/password/forgot', { email: 'paul@example.com' });
    expect((await latestMail(t.dataDir, 'paul@example.com')).subject).toBe('Reset your AI GYM password');
  });

  it('sends an invitation in the inviting admin’s language (the invitee has not chosen one yet)', async () => {
    expect((await t.app.inject({ method: 'PUT', url: '/api/profile/language', headers: admin.auth, payload: { language: 'es' } })).statusCode).toBe(200);
    await t.app.inject({ method: 'POST', url: '/api/users', headers: admin.auth, payload: { email: 'nueva@example.com', displayName: 'Nueva' } });
    const mail = await latestMail(t.dataDir, 'nueva@example.com');
    expect(mail.subject).toBe('Te han invitado a AI GYM');
    expect(mail.text).toContain('Aceptar la invitación: http://localhost:3000/invite/');
    expect((await t.app.inject({ method: 'PUT', url: '/api/profile/language', headers: admin.auth, payload: { language: null } })).statusCode).toBe(200);
    await t.app.inject({ method: 'POST', url: '/api/users', headers: admin.auth, payload: { email: 'new@example.com', displayName: 'New' } });
    expect((await latestMail(t.dataDir, 'new@example.com')).subject).toBe('You are invited to AI GYM');
  });
});
