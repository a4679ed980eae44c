import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, latestMail, refreshCookieOf, seedCommunity, seedUser, signIn, sql, TEST_PASSWORD, type SignedIn, type TestApp } from '../../test/test-app.js';

// The production default: two-factor required for admins, optional for everyone else.
let t: TestApp;
let community: string;

beforeAll(async () => {
  t = await createTestApp({ MFA_REQUIRED_FOR: 'admins', LOGIN_LIMIT_PER_ACCOUNT: '5' });
  community = await seedCommunity(t.database, 'Two-factor Co');
}, 60_000);
afterAll(() => t.close());

const login = (email: string, password = TEST_PASSWORD) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
const mfa = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/auth/mfa', payload });
const step = (offset = 0) => Math.floor(Date.now() / 1000) + offset * 30;
const codeAt = (secret: string, offset = 0) => generate({ secret, epoch: step(offset) });

interface Challenge {
  mfaRequired: true;
  mfaToken: string;
  enrolmentRequired: boolean;
}

async function challengeFor(email: string): Promise<Challenge> {
  const response = await login(email);
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json<Challenge & { accessToken?: string }>();
  expect(body.mfaRequired).toBe(true);
  expect(body.accessToken).toBeUndefined();
  expect(response.cookies.find((c) => c.name === 'aigym_refresh')).toBeUndefined();
  return body;
}

async function auditCount(action: string, entityId: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from audit_log where action = ${action} and entity_id = ${entityId}`.execute(t.database.handle.db);
  return Number(rows[0]?.n);
}

/** An admin who has completed enrolment at sign-in; returns the key and the recovery codes. */
async function enrolledAdmin(email: string): Promise<{ id: string; secret: string; recoveryCodes: string[]; session: SignedIn }> {
  const user = await seedUser(t.database, { email, role: 'admin' });
  const challenge = await challengeFor(email);
  expect(challenge.enrolmentRequired).toBe(true);
  const setup = await t.app.inject({ method: 'POST', url: '/api/auth/mfa/enrol', payload: { mfaToken: challenge.mfaToken } });
  expect(setup.statusCode, setup.body).toBe(200);
  const { secret, otpauthUrl, qrDataUrl } = setup.json<{ secret: string; otpauthUrl: string; qrDataUrl: string }>();
  expect(otpauthUrl).toContain(`secret=${secret}`);
  expect(qrDataUrl.startsWith('data:image/png;base64,')).toBe(true);
  const done = await mfa({ mfaToken: challenge.mfaToken, code: await codeAt(secret) });
  expect(done.statusCode, done.body).toBe(200);
  const body = done.json<{ accessToken: string; user: { id: string }; recoveryCodes: string[] }>();
  return {
    id: user.id,
    secret,
    recoveryCodes: body.recoveryCodes,
    session: { accessToken: body.accessToken, refreshCookie: refreshCookieOf(done), userId: body.user.id, auth: { authorization: `Bearer ${body.accessToken}` } },
  };
}

describe('two-factor sign-in for admins', () => {
  it('sends an admin without an authenticator to enrolment; the second-step token is not an access token', async () => {
    await seedUser(t.database, { email: 'new-admin@example.com', role: 'admin' });
    const challenge = await challengeFor('new-admin@example.com');
    expect(challenge.enrolmentRequired).toBe(true);
    const asBearer = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${challenge.mfaToken}` } });
    expect(asBearer.statusCode).toBe(401);
    const refresh = await t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { aigym_refresh: challenge.mfaToken } });
    expect(refresh.statusCode).toBe(401);
  });

  it('enrols with a code, shows ten recovery codes once, stores the key encrypted and the codes hashed', async () => {
    const admin = await enrolledAdmin('enrolled-admin@example.com');
    expect(admin.recoveryCodes).toHaveLength(10);
    expect(new Set(admin.recoveryCodes).size).toBe(10);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: admin.session.auth });
    expect(me.statusCode).toBe(200);
    const stored = await t.database.handle.db.selectFrom('user_totp').selectAll().where('user_id', '=', admin.id).executeTakeFirstOrThrow();
    expect(stored.confirmed_at).not.toBeNull();
    expect(stored.secret_encrypted).toMatch(/^v1\./);
    expect(stored.secret_encrypted).not.toContain(admin.secret);
    const codes = await t.database.handle.db.selectFrom('mfa_recovery_codes').select('code_hash').where('user_id', '=', admin.id).execute();
    expect(codes).toHaveLength(10);
    for (const code of admin.recoveryCodes) expect(JSON.stringify(codes)).not.toContain(code.replace(/-/g, ''));
    expect(await auditCount('mfa.enrol', admin.id)).toBe(1);
  });

  it('asks for a code at the next sign-in, refuses a code already used and a wrong one, accepts the next', async () => {
    const admin = await enrolledAdmin('code-admin@example.com');
    const challenge = await challengeFor('code-admin@example.com');
    expect(challenge.enrolmentRequired).toBe(false);
    // The code that confirmed enrolment was for this step: replaying it is refused.
    const replay = await mfa({ mfaToken: challenge.mfaToken, code: await codeAt(admin.secret) });
    expect(replay.statusCode).toBe(401);
    expect(errorCode(replay)).toBe('invalid_code');
    const wrong = await mfa({ mfaToken: challenge.mfaToken, code: '000000' === (await codeAt(admin.secret, 1)) ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(401);
    const next = await mfa({ mfaToken: challenge.mfaToken, code: await codeAt(admin.secret, 1) });
    expect(next.statusCode, next.body).toBe(200);
    expect(next.json<{ recoveryCodes?: string[] }>().recoveryCodes).toBeUndefined();
    refreshCookieOf(next);
    // The token did its job once; it opens nothing again.
    const again = await mfa({ mfaToken: challenge.mfaToken, code: await codeAt(admin.secret, 1) });
    expect(again.statusCode).toBe(401);
    expect(errorCode(again)).toBe('unauthenticated');
  });

  it('will not let a second-step token replace an authenticator already set up', async () => {
    await enrolledAdmin('no-swap-admin@example.com');
    const challenge = await challengeFor('no-swap-admin@example.com');
    const swap = await t.app.inject({ method: 'POST', url: '/api/auth/mfa/enrol', payload: { mfaToken: challenge.mfaToken } });
    expect(swap.statusCode).toBe(409);
  });

  it('lets a locked-out admin in with a recovery code, once per code, and audits it', async () => {
    const admin = await enrolledAdmin('recovery-admin@example.com');
    const [first = '', second = ''] = admin.recoveryCodes;
    const challenge = await challengeFor('recovery-admin@example.com');
    const used = await mfa({ mfaToken: challenge.mfaToken, recoveryCode: first.toLowerCase().replace(/-/g, ' ') });
    expect(used.statusCode, used.body).toBe(200);
    expect(await auditCount('mfa.recovery_code_used', admin.id)).toBe(1);
    const again = await challengeFor('recovery-admin@example.com');
    const reused = await mfa({ mfaToken: again.mfaToken, recoveryCode: first });
    expect(reused.statusCode).toBe(401);
    expect(errorCode(reused)).toBe('invalid_code');
    expect((await mfa({ mfaToken: again.mfaToken, recoveryCode: second })).statusCode).toBe(200);
  });

  it('refuses another person’s recovery code', async () => {
    const one = await enrolledAdmin('rc-one@example.com');
    await enrolledAdmin('rc-two@example.com');
    const challenge = await challengeFor('rc-two@example.com');
    const foreign = await mfa({ mfaToken: challenge.mfaToken, recoveryCode: one.recoveryCodes[3] });
    expect(foreign.statusCode).toBe(401);
  });

  it('throttles wrong codes like wrong passwords: 429 with Retry-After, and a right code is refused too while throttled', async () => {
    const admin = await enrolledAdmin('throttle-admin@example.com');
    const challenge = await challengeFor('throttle-admin@example.com');
    const good = await codeAt(admin.secret, 1);
    const bad = good === '123456' ? '654321' : '123456';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await mfa({ mfaToken: challenge.mfaToken, code: bad })).statusCode);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    const blocked = await mfa({ mfaToken: challenge.mfaToken, code: good });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses a forged or expired second-step token', async () => {
    expect((await mfa({ mfaToken: 'x'.repeat(43), code: '123456' })).statusCode).toBe(401);
    await seedUser(t.database, { email: 'expired-admin@example.com', role: 'admin' });
    const challenge = await challengeFor('expired-admin@example.com');
    await sql`update one_time_tokens set expires_at = now() - interval '1 second' where purpose = 'mfa'`.execute(t.database.handle.db);
    const late = await t.app.inject({ method: 'POST', url: '/api/auth/mfa/enrol', payload: { mfaToken: challenge.mfaToken } });
    expect(late.statusCode).toBe(401);
  });
});

describe('two-factor for members (optional) and its reset by an admin', () => {
  let member: SignedIn;
  let memberId: string;
  let secret: string;

  beforeAll(async () => {
    const user = await seedUser(t.database, { email: 'member@example.com', communities: [{ id: community, role: 'member' }] });
    memberId = user.id;
    member = await signIn(t.app, 'member@example.com');
  });

  it('signs a member without two-factor straight in, and lets them turn it on from their profile', async () => {
    const status = await t.app.inject({ method: 'GET', url: '/api/profile/two-factor', headers: member.auth });
    expect(status.json()).toEqual({ enabled: false, required: false, recoveryCodesLeft: 0, enabledAt: null });
    const setup = await t.app.inject({ method: 'POST', url: '/api/profile/two-factor/setup', headers: member.auth, payload: { currentPassword: TEST_PASSWORD } });
    expect(setup.statusCode).toBe(200);
    secret = setup.json<{ secret: string }>().secret;
    const confirm = await t.app.inject({ method: 'POST', url: '/api/profile/two-factor/confirm', headers: member.auth, payload: { code: await codeAt(secret) } });
    expect(confirm.statusCode, confirm.body).toBe(200);
    expect(confirm.json<{ recoveryCodes: string[] }>().recoveryCodes).toHaveLength(10);
    const challenge = await challengeFor('member@example.com');
    expect(challenge.enrolmentRequired).toBe(false);
  });

  it('does not let a member reset anyone’s two-factor', async () => {
    const other = await seedUser(t.database, { email: 'other-member@example.com' });
    const attempt = await t.app.inject({ method: 'DELETE', url: `/api/users/${other.id}/two-factor`, headers: member.auth });
    expect(attempt.statusCode).toBe(403);
  });

  it('lets an admin reset it: the authenticator goes, the person’s sessions end, the audit trail says who', async () => {
    const admin = await enrolledAdmin('resetting-admin@example.com');
    const before = await t.app.inject({ method: 'GET', url: `/api/users/${memberId}/two-factor`, headers: admin.session.auth });
    expect(before.json<{ enabled: boolean }>().enabled).toBe(true);
    const reset = await t.app.inject({ method: 'DELETE', url: `/api/users/${memberId}/two-factor`, headers: admin.session.auth });
    expect(reset.statusCode, reset.body).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: member.auth })).statusCode).toBe(401);
    const { rows } = await sql<{ actor_id: string }>`select actor_id from audit_log where action = 'user.two_factor_reset' and entity_id = ${memberId}`.execute(t.database.handle.db);
    expect(rows).toEqual([{ actor_id: admin.id }]);
    const direct = await login('member@example.com');
    expect(direct.json<{ accessToken?: string }>().accessToken).toBeTruthy();
    member = await signIn(t.app, 'member@example.com');
  });

  it('refuses to turn off two-factor where it is required, allows it where it is optional', async () => {
    const admin = await enrolledAdmin('required-admin@example.com');
    const refused = await t.app.inject({ method: 'POST', url: '/api/profile/two-factor/disable', headers: admin.session.auth, payload: { code: await codeAt(admin.secret, 1), currentPassword: TEST_PASSWORD } });
    expect(refused.statusCode).toBe(403);
    const setup = await t.app.inject({ method: 'POST', url: '/api/profile/two-factor/setup', headers: member.auth, payload: { currentPassword: TEST_PASSWORD } });
    const key = setup.json<{ secret: string }>().secret;
    await t.app.inject({ method: 'POST', url: '/api/profile/two-factor/confirm', headers: member.auth, payload: { code: await codeAt(key) } });
    const off = await t.app.inject({ method: 'POST', url: '/api/profile/two-factor/disable', headers: member.auth, payload: { code: await codeAt(key, 1), currentPassword: TEST_PASSWORD } });
    expect(off.statusCode, off.body).toBe(204);
  });

  it('needs the password, not just an access token, to turn two-factor on or off, and mails the owner each time (issue 26)', async () => {
    await seedUser(t.database, { email: 'owner@example.com' });
    const owner = await signIn(t.app, 'owner@example.com');
    const post = (url: string, payload: Record<string, unknown> = {}) => t.app.inject({ method: 'POST', url, headers: owner.auth, payload });
    // A thief with the access token alone cannot start enrolment with their own authenticator.
    expect((await post('/api/profile/two-factor/setup')).statusCode).toBe(400);
    expect((await post('/api/profile/two-factor/setup', { currentPassword: 'a guess' })).statusCode).toBe(401);
    const setup = await post('/api/profile/two-factor/setup', { currentPassword: TEST_PASSWORD });
    expect(setup.statusCode, setup.body).toBe(200);
    const key = setup.json<{ secret: string }>().secret;
    expect((await post('/api/profile/two-factor/confirm', { code: await codeAt(key) })).statusCode).toBe(200);
    expect((await latestMail(t.dataDir, 'owner@example.com', 'Two-factor sign-in was turned on for your AI GYM account')).subject).toBe('Two-factor sign-in was turned on for your AI GYM account');
    // Nor turn it off with a code alone.
    expect((await post('/api/profile/two-factor/disable', { code: await codeAt(key, 1) })).statusCode).toBe(400);
    expect((await post('/api/profile/two-factor/disable', { code: await codeAt(key, 1), currentPassword: TEST_PASSWORD })).statusCode).toBe(204);
    expect((await latestMail(t.dataDir, 'owner@example.com', 'Two-factor sign-in was turned off for your AI GYM account')).subject).toBe('Two-factor sign-in was turned off for your AI GYM account');
  });
});

describe('the profile', () => {
  it('changes the password with the current one, ending every other session but this one', async () => {
    await seedUser(t.database, { email: 'pw@example.com' });
    const here = await signIn(t.app, 'pw@example.com');
    const elsewhere = await signIn(t.app, 'pw@example.com');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/profile/password', headers: here.auth, payload: { currentPassword: 'nope', newPassword: 'a brand new password' } });
    expect(wrong.statusCode).toBe(401);
    const changed = await t.app.inject({ method: 'POST', url: '/api/profile/password', headers: here.auth, payload: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new password' } });
    expect(changed.statusCode, changed.body).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: here.auth })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: elsewhere.auth })).statusCode).toBe(401);
    expect((await login('pw@example.com', 'a brand new password')).statusCode).toBe(200);
  });

  it('changes one’s own display name, and only one’s own', async () => {
    const user = await seedUser(t.database, { email: 'name@example.com' });
    const session = await signIn(t.app, 'name@example.com');
    const renamed = await t.app.inject({ method: 'PATCH', url: '/api/profile', headers: session.auth, payload: { displayName: 'Nadia N.' } });
    expect(renamed.json<{ user: { id: string; displayName: string } }>().user).toMatchObject({ id: user.id, displayName: 'Nadia N.' });
  });
});
