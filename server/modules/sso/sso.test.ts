import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIdentityProvider, type TestIdentityProvider } from '../../test/oidc-provider.js';
import { createTestApp, errorCode, refreshCookieOf, seedCommunity, seedUser, signIn, sql, type SignedIn, type TestApp } from '../../test/test-app.js';

let t: TestApp;
let idp: TestIdentityProvider;
let admin: SignedIn;
let northwind: string;
let contoso: string;

const REDIRECT_URI = 'http://localhost:3000/api/auth/sso/callback';

beforeAll(async () => {
  idp = await startTestIdentityProvider({ redirectUris: [REDIRECT_URI] });
  t = await createTestApp({ SSO_IDP_RECHECK_MINUTES: '5' });
  northwind = await seedCommunity(t.database, 'Northwind');
  contoso = await seedCommunity(t.database, 'Contoso');
  await seedUser(t.database, { email: 'admin@platform.example', role: 'admin' });
  admin = await signIn(t.app, 'admin@platform.example');
  const put = await configure(northwind, { domains: ['northwind.example', 'nw.example'] });
  expect(put.statusCode, put.body).toBe(200);
}, 60_000);

afterAll(async () => {
  await t.close();
  await idp.close();
});

function configure(communityId: string, body: Record<string, unknown>, as: SignedIn = admin) {
  return t.app.inject({
    method: 'PUT',
    url: `/api/communities/${communityId}/sso`,
    headers: as.auth,
    payload: { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, ...body },
  });
}

/** Starts at our app, signs in at the provider's login form as `login`, and returns our callback's path. */
async function throughProvider(communityId: string, login: string): Promise<string> {
  const start = await t.app.inject({ method: 'GET', url: `/api/auth/sso/${communityId}/start?login_hint=${encodeURIComponent(login)}` });
  expect(start.statusCode, start.body).toBe(303);
  const location = String(start.headers.location);
  expect(location.startsWith(idp.issuer)).toBe(true);
  const bound = start.cookies.find((c) => c.name === 'aigym_sso_state');
  expect(bound?.httpOnly).toBe(true);
  expect(bound?.sameSite).toBe('Lax');
  const callback = await idp.signIn(location, login);
  expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
  const path = `${callback.pathname}${callback.search}`;
  browserOf.set(path, bound?.value ?? '');
  return path;
}

/** The state cookie each sign-in's browser holds, by callback path: `callback` sends it like that browser would. */
const browserOf = new Map<string, string>();
const callback = (path: string, cookie = browserOf.get(path)) => t.app.inject({ method: 'GET', url: path, cookies: cookie ? { aigym_sso_state: cookie } : {} });
const refresh = (cookie: string) => t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { aigym_refresh: cookie } });

async function auditActions(action: string): Promise<Array<{ entity_id: string | null; after: Record<string, unknown> | null; actor_id: string | null }>> {
  const { rows } = await sql<{ entity_id: string | null; after: Record<string, unknown> | null; actor_id: string | null }>`
    select entity_id, after, actor_id from audit_log where action = ${action} order by id`.execute(t.database.handle.db);
  return rows;
}

const refusedWith = (response: LightMyRequestResponse, code: string) => {
  expect(response.statusCode, response.body).toBe(303);
  expect(response.headers.location).toBe(`/login?ssoError=${code}`);
  expect(response.cookies.find((c) => c.name === 'aigym_refresh')).toBeUndefined();
};

describe('single sign-on configuration', () => {
  it('keeps the client secret write-only: answers say clientSecretSet, the database holds only ciphertext', async () => {
    const got = await t.app.inject({ method: 'GET', url: `/api/communities/${northwind}/sso`, headers: admin.auth });
    expect(got.statusCode).toBe(200);
    const body = got.json<{ sso: { clientSecretSet: boolean; domains: string[]; redirectUri: string } }>();
    expect(body.sso.clientSecretSet).toBe(true);
    expect(body.sso.domains).toEqual(['northwind.example', 'nw.example']);
    expect(body.sso.redirectUri).toBe(REDIRECT_URI);
    expect(got.body).not.toContain(idp.clientSecret);
    const stored = await t.database.handle.db.selectFrom('community_sso').select('client_secret_encrypted').where('community_id', '=', northwind).executeTakeFirstOrThrow();
    expect(stored.client_secret_encrypted).toMatch(/^v1\./);
    expect(stored.client_secret_encrypted).not.toContain(idp.clientSecret);
    const audit = await auditActions('community.sso_update');
    expect(JSON.stringify(audit)).not.toContain(idp.clientSecret);
  });

  it('keeps the stored secret when an update leaves it out', async () => {
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/communities/${northwind}/sso`,
      headers: admin.auth,
      payload: { issuer: idp.issuer, clientId: idp.clientId, domains: ['northwind.example', 'nw.example'] },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json<{ sso: { clientSecretSet: boolean } }>().sso.clientSecretSet).toBe(true);
  });

  it('refuses a domain another community already signs in with', async () => {
    const put = await configure(contoso, { domains: ['contoso.example', 'northwind.example'] });
    expect(put.statusCode).toBe(409);
    expect(put.json<{ error: { message: string } }>().error.message).toContain('Northwind');
  });

  it('refuses a plain-http issuer that is not this machine', async () => {
    const put = await configure(contoso, { issuer: 'http://idp.contoso.example', domains: ['contoso.example'] });
    expect(put.statusCode).toBe(400);
  });

  it('is for admins only: a member is refused, and nobody anonymous', async () => {
    await seedUser(t.database, { email: 'member@somewhere.example', communities: [{ id: northwind, role: 'manager' }] });
    const member = await signIn(t.app, 'member@somewhere.example');
    expect((await t.app.inject({ method: 'GET', url: `/api/communities/${northwind}/sso`, headers: member.auth })).statusCode).toBe(403);
    expect((await configure(northwind, { domains: ['evil.example'] }, member)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/communities/${northwind}/sso` })).statusCode).toBe(401);
  });
});

describe('routing by email domain', () => {
  it('sends an email of a configured domain to its community’s provider and others to the password', async () => {
    const routed = await t.app.inject({ method: 'POST', url: '/api/auth/sso/discover', payload: { email: 'Ana@NW.example' } });
    expect(routed.json()).toEqual({ sso: true, redirectUrl: `/api/auth/sso/${northwind}/start?login_hint=ana%40nw.example` });
    const plain = await t.app.inject({ method: 'POST', url: '/api/auth/sso/discover', payload: { email: 'ana@elsewhere.example' } });
    expect(plain.json()).toEqual({ sso: false });
    const subdomain = await t.app.inject({ method: 'POST', url: '/api/auth/sso/discover', payload: { email: 'ana@mail.northwind.example' } });
    expect(subdomain.json()).toEqual({ sso: false });
  });
});

describe('signing in through a community’s provider', () => {
  it('creates the person just in time as a member of that community and gives them the same session as a password sign-in', async () => {
    idp.accounts.set('ana@northwind.example', { email: 'ana@northwind.example', email_verified: true, name: 'Ana Lima' });
    const done = await callback(await throughProvider(northwind, 'ana@northwind.example'));
    expect(done.statusCode, done.body).toBe(303);
    expect(done.headers.location, JSON.stringify(await auditActions('sso.refused'))).toBe('/dashboard');
    const cookie = refreshCookieOf(done);

    const restored = await refresh(cookie);
    expect(restored.statusCode, restored.body).toBe(200);
    const session = restored.json<{ accessToken: string; user: { id: string; email: string; displayName: string; role: string } }>();
    expect(session.user).toMatchObject({ email: 'ana@northwind.example', displayName: 'Ana Lima', role: 'member' });
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${session.accessToken}` } });
    expect(me.json<{ communities: Array<{ id: string; role: string }> }>().communities).toEqual([{ id: northwind, name: 'Northwind', role: 'member' }]);

    // One identity: the person is a users row with a sessions row, nothing else.
    const user = await t.database.handle.db.selectFrom('users').select(['id', 'password_hash', 'status']).where('email', '=', 'ana@northwind.example').executeTakeFirstOrThrow();
    expect(user).toMatchObject({ id: session.user.id, password_hash: null, status: 'active' });
    expect((await auditActions('user.create')).some((a) => a.entity_id === user.id && a.after?.source === 'sso')).toBe(true);
    expect((await auditActions('sso.sign_in')).some((a) => a.actor_id === user.id && a.entity_id === northwind)).toBe(true);

    // A second sign-in finds the same person; no duplicate is made.
    const again = await callback(await throughProvider(northwind, 'ana@northwind.example'));
    expect(again.headers.location).toBe('/dashboard');
    const { rows } = await sql<{ n: string }>`select count(*) as n from users where email = 'ana@northwind.example'`.execute(t.database.handle.db);
    expect(Number(rows[0]?.n)).toBe(1);
  });

  it('links an existing account only when safe: never another community’s manager, never a password account (issue 26)', async () => {
    const memberships = async (email: string) => {
      const { rows } = await sql<{ community_id: string; role: string }>`
        select m.community_id, m.role from community_members m join users u on u.id = m.user_id where u.email = ${email} order by m.role`.execute(t.database.handle.db);
      return rows;
    };
    // Contoso's manager whose address is in a domain Northwind's provider was given: refused, untouched.
    await seedUser(t.database, { email: 'bo@nw.example', communities: [{ id: contoso, role: 'manager' }] });
    idp.accounts.set('bo@nw.example', { email: 'bo@nw.example', email_verified: true, name: 'Bo' });
    refusedWith(await callback(await throughProvider(northwind, 'bo@nw.example')), 'sso_account_refused');
    expect(await memberships('bo@nw.example')).toEqual([{ community_id: contoso, role: 'manager' }]);
    expect((await auditActions('sso.refused')).at(-1)?.after).toMatchObject({ code: 'sso_account_refused', reason: 'link_unsafe' });
    // The admin is warned that the domains cover someone of another community.
    const config = await t.app.inject({ method: 'GET', url: `/api/communities/${northwind}/sso`, headers: admin.auth });
    expect(config.json<{ sso: { peopleInOtherCommunities: number } }>().sso.peopleInOtherCommunities).toBe(1);
    // Even without a password: another community is reason enough.
    await sql`update users set password_hash = null where email = 'bo@nw.example'`.execute(t.database.handle.db);
    refusedWith(await callback(await throughProvider(northwind, 'bo@nw.example')), 'sso_account_refused');
    // A password account in no community: the provider does not take it over.
    await seedUser(t.database, { email: 'pat@northwind.example' });
    idp.accounts.set('pat@northwind.example', { email: 'pat@northwind.example', email_verified: true, name: 'Pat' });
    refusedWith(await callback(await throughProvider(northwind, 'pat@northwind.example')), 'sso_account_refused');
    expect(await memberships('pat@northwind.example')).toEqual([]);
    // Safe: no password and no other community (an invitation never accepted, say) is linked.
    await seedUser(t.database, { email: 'ivy@northwind.example', status: 'invited' });
    await sql`update users set password_hash = null where email = 'ivy@northwind.example'`.execute(t.database.handle.db);
    idp.accounts.set('ivy@northwind.example', { email: 'ivy@northwind.example', email_verified: true, name: 'Ivy' });
    expect((await callback(await throughProvider(northwind, 'ivy@northwind.example'))).headers.location).toBe('/dashboard');
    expect(await memberships('ivy@northwind.example')).toEqual([{ community_id: northwind, role: 'member' }]);
    // Already a member here (an administrator added them): signs in, password or not, other roles kept.
    await seedUser(t.database, { email: 'cam@nw.example', communities: [{ id: northwind, role: 'manager' }, { id: contoso, role: 'member' }] });
    idp.accounts.set('cam@nw.example', { email: 'cam@nw.example', email_verified: true, name: 'Cam' });
    expect((await callback(await throughProvider(northwind, 'cam@nw.example'))).headers.location).toBe('/dashboard');
    expect(await memberships('cam@nw.example')).toEqual([{ community_id: northwind, role: 'manager' }, { community_id: contoso, role: 'member' }]);
  });

  it('refuses a replayed callback (same state and code) and audits it', async () => {
    idp.accounts.set('cy@northwind.example', { email: 'cy@northwind.example', email_verified: true, name: 'Cy' });
    const path = await throughProvider(northwind, 'cy@northwind.example');
    expect((await callback(path)).headers.location).toBe('/dashboard');
    refusedWith(await callback(path), 'sso_state_invalid');
    expect((await auditActions('sso.refused')).some((a) => a.after?.reason === 'replayed_state')).toBe(true);
  });

  it('refuses an identity-provider email with two @ with a clear refusal, not a 500 (issue 26)', async () => {
    idp.accounts.set('odd@x@northwind.example', { email: 'odd@x@northwind.example', email_verified: true, name: 'Odd' });
    refusedWith(await callback(await throughProvider(northwind, 'odd@x@northwind.example')), 'sso_provider_error');
  });

  it('refuses a public mail domain for a community’s provider (issue 26)', async () => {
    const response = await configure(contoso, { domains: ['contoso.example', 'gmail.com'] });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { message: string } }>().error.message).toMatch(/gmail\.com is a public mail service/);
  });

  it('refuses a callback opened in a browser that did not start the sign-in (login CSRF), and leaves the real one usable', async () => {
    idp.accounts.set('mallory@northwind.example', { email: 'mallory@northwind.example', email_verified: true, name: 'Mallory' });
    const before = (await auditActions('sso.refused')).length;
    // The attacker signs in at the provider as themself, stops before the callback, and gets a victim to open it.
    const attackers = await throughProvider(northwind, 'mallory@northwind.example');
    refusedWith(await callback(attackers, ''), 'sso_state_invalid');
    // A victim who started a sign-in of their own holds a different state cookie: still refused.
    const victimStart = await t.app.inject({ method: 'GET', url: `/api/auth/sso/${northwind}/start` });
    const victimCookie = victimStart.cookies.find((c) => c.name === 'aigym_sso_state')?.value;
    expect(victimCookie).toBeTruthy();
    refusedWith(await callback(attackers, victimCookie), 'sso_state_invalid');
    // Nobody was signed in, no audit row was written for the forgeries, and the state was not used up.
    expect((await auditActions('sso.refused')).length).toBe(before);
    expect((await callback(attackers)).headers.location).toBe('/dashboard');
  });

  it('refuses a callback with a state this server never issued, writing no audit row per request', async () => {
    const before = (await auditActions('sso.refused')).length;
    for (let i = 0; i < 20; i += 1) refusedWith(await callback(`/api/auth/sso/callback?code=forged&state=forged-state-${i}`, `forged-state-${i}`), 'sso_state_invalid');
    expect((await auditActions('sso.refused')).length).toBe(before);
    refusedWith(await callback('/api/auth/sso/callback?code=forged&state=forged-state'), 'sso_state_invalid');
    refusedWith(await callback('/api/auth/sso/callback?code=forged'), 'sso_state_invalid');
  });

  it('refuses an ID token whose nonce is not the one this sign-in sent', async () => {
    idp.accounts.set('di@northwind.example', { email: 'di@northwind.example', email_verified: true, name: 'Di' });
    const path = await throughProvider(northwind, 'di@northwind.example');
    // The state row is the one this callback names; its nonce no longer matches the token's.
    await sql`update sso_login_states set nonce = 'a-different-nonce-0123456789' where used_at is null`.execute(t.database.handle.db);
    const nonceRefusal = await callback(path);
    expect(nonceRefusal.headers.location, JSON.stringify(await auditActions('sso.refused'))).toBe('/login?ssoError=sso_nonce_mismatch');
    refusedWith(nonceRefusal, 'sso_nonce_mismatch');
    expect((await auditActions('sso.refused')).some((a) => a.after?.code === 'sso_nonce_mismatch')).toBe(true);
    expect(await t.database.handle.db.selectFrom('users').select('id').where('email', '=', 'di@northwind.example').executeTakeFirst()).toBeUndefined();
  });

  it('refuses an email outside the community’s domains, and creates nobody', async () => {
    idp.accounts.set('eve@evil.example', { email: 'eve@evil.example', email_verified: true, name: 'Eve' });
    refusedWith(await callback(await throughProvider(northwind, 'eve@evil.example')), 'sso_domain_refused');
    expect(await t.database.handle.db.selectFrom('users').select('id').where('email', '=', 'eve@evil.example').executeTakeFirst()).toBeUndefined();
    expect((await auditActions('sso.refused')).some((a) => a.after?.email === 'eve@evil.example' && a.entity_id === northwind)).toBe(true);
  });

  it('refuses an email the provider has not verified', async () => {
    idp.accounts.set('fay@northwind.example', { email: 'fay@northwind.example', email_verified: false, name: 'Fay' });
    refusedWith(await callback(await throughProvider(northwind, 'fay@northwind.example')), 'sso_email_unverified');
    expect(await t.database.handle.db.selectFrom('users').select('id').where('email', '=', 'fay@northwind.example').executeTakeFirst()).toBeUndefined();
  });

  it('refuses to sign a platform admin in through a community’s provider', async () => {
    await seedUser(t.database, { email: 'root@northwind.example', role: 'admin' });
    idp.accounts.set('root@northwind.example', { email: 'root@northwind.example', email_verified: true, name: 'Root' });
    refusedWith(await callback(await throughProvider(northwind, 'root@northwind.example')), 'sso_account_refused');
    const { rows } = await sql<{ n: string }>`select count(*) as n from community_members m join users u on u.id = m.user_id where u.email = 'root@northwind.example'`.execute(t.database.handle.db);
    expect(Number(rows[0]?.n)).toBe(0);
  });

  it('refuses a suspended person', async () => {
    await seedUser(t.database, { email: 'gus@northwind.example', status: 'suspended' });
    idp.accounts.set('gus@northwind.example', { email: 'gus@northwind.example', email_verified: true, name: 'Gus' });
    refusedWith(await callback(await throughProvider(northwind, 'gus@northwind.example')), 'sso_account_refused');
  });

  it('refuses with a clear code, and audits, when the community’s provider is misconfigured', async () => {
    const broken = await seedCommunity(t.database, 'Broken Provider Ltd');
    expect((await configure(broken, { issuer: 'http://127.0.0.1:9/nothing-here', domains: ['broken.example'] })).statusCode).toBe(200);
    const start = await t.app.inject({ method: 'GET', url: `/api/auth/sso/${broken}/start` });
    refusedWith(start, 'sso_provider_error');
    expect((await auditActions('sso.refused')).some((a) => a.entity_id === broken && a.after?.reason === 'discovery_failed')).toBe(true);
    refusedWith(await t.app.inject({ method: 'GET', url: `/api/auth/sso/${contoso}/start` }), 'sso_not_configured');
  });
});

describe('a person removed at the provider', () => {
  it('loses access at the next refresh that re-checks them there, and the session is revoked', async () => {
    idp.accounts.set('hal@northwind.example', { email: 'hal@northwind.example', email_verified: true, name: 'Hal' });
    const done = await callback(await throughProvider(northwind, 'hal@northwind.example'));
    let cookie = refreshCookieOf(done);
    const link = await t.database.handle.db.selectFrom('session_idp_links').selectAll().executeTakeFirstOrThrow();
    expect(link.refresh_token_encrypted).toMatch(/^v1\./);

    // Re-checked and still there: the refresh works and the check time moves on.
    await sql`update session_idp_links set checked_at = now() - interval '10 minutes'`.execute(t.database.handle.db);
    const kept = await refresh(cookie);
    expect(kept.statusCode, kept.body).toBe(200);
    cookie = refreshCookieOf(kept);
    const { user, accessToken } = kept.json<{ accessToken: string; user: { id: string } }>();

    // Within the re-check interval nobody asks the provider, so removal is noticed only when due.
    idp.accounts.delete('hal@northwind.example');
    const soon = await refresh(cookie);
    expect(soon.statusCode).toBe(200);
    cookie = refreshCookieOf(soon);

    await sql`update session_idp_links set checked_at = now() - interval '10 minutes' where session_id in (select id from sessions where user_id = ${user.id})`.execute(t.database.handle.db);
    const refused = await refresh(cookie);
    expect(refused.statusCode).toBe(401);
    expect(errorCode(refused)).toBe('unauthenticated');
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${accessToken}` } });
    expect(me.statusCode).toBe(401);
    const sessions = await t.database.handle.db.selectFrom('sessions').select(['revoked_reason']).where('user_id', '=', user.id).execute();
    expect(sessions.some((s) => s.revoked_reason === 'idp_refused')).toBe(true);
    expect((await auditActions('sso.session_revoked')).some((a) => a.actor_id === user.id)).toBe(true);
  });

  it('password sessions are never sent to a provider', async () => {
    await seedUser(t.database, { email: 'ida@nw.example' });
    const session = await signIn(t.app, 'ida@nw.example');
    expect((await refresh(session.refreshCookie)).statusCode).toBe(200);
  });
});
