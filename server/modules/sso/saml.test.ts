import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AssertionOptions, startTestSamlIdp, type TestSamlIdp } from '../../test/saml-idp.js';
import { createTestApp, refreshCookieOf, seedCommunity, seedUser, signIn, sql, type SignedIn, type TestApp } from '../../test/test-app.js';

/**
 * SAML 2.0 sign-in per community (issue 30, ADR 0041) against a local identity provider that signs
 * with the same library the app verifies with: only a valid assertion signs anyone in.
 */

let t: TestApp;
let idp: TestSamlIdp;
let admin: SignedIn;
let northwind: string;
let contoso: string;
let acsUrl: string;

beforeAll(async () => {
  idp = await startTestSamlIdp();
  t = await createTestApp();
  northwind = await seedCommunity(t.database, 'Northwind');
  contoso = await seedCommunity(t.database, 'Contoso');
  await seedUser(t.database, { email: 'admin@platform.example', role: 'admin' });
  admin = await signIn(t.app, 'admin@platform.example');
  const put = await configure(northwind, ['northwind.example']);
  expect(put.statusCode, put.body).toBe(200);
  acsUrl = put.json<{ sp: { acsUrl: string } }>().sp.acsUrl;
}, 60_000);

afterAll(async () => {
  await t.close();
  await idp.close();
});

function configure(communityId: string, domains: string[], xml = idp.metadataXml, as: SignedIn = admin) {
  return t.app.inject({ method: 'PUT', url: `/api/communities/${communityId}/saml`, headers: as.auth, payload: { idpMetadataXml: xml, domains } });
}

const post = (communityId: string, samlResponse: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/auth/saml/${communityId}/acs`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ SAMLResponse: samlResponse }).toString(),
  });

const assertion = (email: string, extra: Partial<AssertionOptions> = {}) => idp.response({ email, acsUrl, ...extra });

async function refusals(): Promise<Array<Record<string, unknown>>> {
  const { rows } = await sql<{ after: Record<string, unknown> }>`select after from audit_log where action = 'sso.refused' order by id`.execute(t.database.handle.db);
  return rows.map((r) => r.after);
}

const refusedWith = async (response: LightMyRequestResponse, code: string, reason: string) => {
  expect(response.statusCode, response.body).toBe(303);
  expect(response.headers.location).toBe(`/login?ssoError=${code}`);
  expect(response.cookies.find((c) => c.name === 'aigym_refresh')).toBeUndefined();
  expect((await refusals()).at(-1)).toMatchObject({ code, reason, method: 'saml' });
};

const userExists = async (email: string) => Boolean(await t.database.handle.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst());

describe('SAML set-up', () => {
  it('imports the identity provider’s metadata and answers what the client’s administrator enters', async () => {
    const got = await t.app.inject({ method: 'GET', url: `/api/communities/${northwind}/saml`, headers: admin.auth });
    expect(got.statusCode).toBe(200);
    const body = got.json<{ saml: { idpEntityId: string; idpSsoUrl: string; certificateCount: number }; sp: { entityId: string; acsUrl: string } }>();
    expect(body.saml).toMatchObject({ idpEntityId: idp.entityId, idpSsoUrl: idp.ssoUrl, certificateCount: 1 });
    expect(body.sp.acsUrl).toBe(`http://localhost:3000/api/auth/saml/${northwind}/acs`);
    const metadata = await t.app.inject({ method: 'GET', url: `/api/auth/saml/${northwind}/metadata` });
    expect(metadata.statusCode).toBe(200);
    expect(metadata.body).toContain(`entityID="${body.sp.entityId}"`);
    expect(metadata.body).toContain(body.sp.acsUrl);
    expect(metadata.body).toContain('WantAssertionsSigned="true"');
  });

  it('refuses metadata that is not XML, has no certificate, or a domain another community owns; admins only', async () => {
    expect((await configure(contoso, ['contoso.example'], '<not xml at all, just text that is long enough to pass the length')).statusCode).toBe(400);
    const noCert = idp.metadataXml.replace(/<md:KeyDescriptor[\s\S]*<\/md:KeyDescriptor>/, '');
    expect((await configure(contoso, ['contoso.example'], noCert)).statusCode).toBe(400);
    const taken = await configure(contoso, ['northwind.example']);
    expect(taken.statusCode).toBe(409);
    await seedUser(t.database, { email: 'manager@northwind.example', communities: [{ id: northwind, role: 'manager' }] });
    const manager = await signIn(t.app, 'manager@northwind.example');
    expect((await configure(northwind, ['evil.example'], idp.metadataXml, manager)).statusCode).toBe(403);
  });

  it('starts a sign-in with an AuthnRequest sent to the identity provider', async () => {
    const start = await t.app.inject({ method: 'GET', url: `/api/auth/saml/${northwind}/start` });
    expect(start.statusCode).toBe(303);
    const location = new URL(String(start.headers.location));
    expect(`${location.origin}${location.pathname}`).toBe(idp.ssoUrl);
    expect(location.searchParams.get('SAMLRequest')).toBeTruthy();
    const unset = await t.app.inject({ method: 'GET', url: `/api/auth/saml/${contoso}/start` });
    expect(unset.headers.location).toBe('/login?ssoError=sso_not_configured');
  });
});

describe('SAML sign-in: only a valid assertion signs in', () => {
  it('signs a person in just in time, in that community only, with the same session as a password sign-in', async () => {
    const done = await post(northwind, assertion('ana@northwind.example', { displayName: 'Ana Lima' }));
    expect(done.statusCode, done.body).toBe(303);
    expect(done.headers.location, JSON.stringify(await refusals())).toBe('/dashboard');
    const restored = await t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { aigym_refresh: refreshCookieOf(done) } });
    expect(restored.statusCode, restored.body).toBe(200);
    const session = restored.json<{ accessToken: string; user: { email: string; displayName: string; role: string } }>();
    expect(session.user).toMatchObject({ email: 'ana@northwind.example', displayName: 'Ana Lima', role: 'member' });
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${session.accessToken}` } });
    expect(me.json<{ communities: Array<{ id: string }> }>().communities.map((c) => c.id)).toEqual([northwind]);
  });

  it('refuses an unsigned assertion', async () => {
    await refusedWith(await post(northwind, assertion('u1@northwind.example', { signed: false })), 'sso_provider_error', 'assertion_invalid');
    expect(await userExists('u1@northwind.example')).toBe(false);
  });

  it('refuses an assertion signed by a key the metadata does not name', async () => {
    await refusedWith(await post(northwind, assertion('u2@northwind.example', { signedByStranger: true })), 'sso_provider_error', 'assertion_invalid');
    expect(await userExists('u2@northwind.example')).toBe(false);
  });

  it('refuses an assertion for another audience (another community’s, say)', async () => {
    const otherAudience = `http://localhost:3000/api/auth/saml/${contoso}/metadata`;
    await refusedWith(await post(northwind, assertion('u3@northwind.example', { audience: otherAudience })), 'sso_provider_error', 'assertion_invalid');
    expect(await userExists('u3@northwind.example')).toBe(false);
  });

  it('refuses an assertion meant for another recipient', async () => {
    const elsewhere = `http://localhost:3000/api/auth/saml/${contoso}/acs`;
    await refusedWith(await post(northwind, assertion('u4@northwind.example', { recipient: elsewhere })), 'sso_provider_error', 'wrong_recipient');
    expect(await userExists('u4@northwind.example')).toBe(false);
  });

  it('refuses an expired assertion', async () => {
    await refusedWith(await post(northwind, assertion('u5@northwind.example', { expired: true })), 'sso_provider_error', 'assertion_invalid');
    expect(await userExists('u5@northwind.example')).toBe(false);
  });

  it('refuses a replayed assertion', async () => {
    const once = assertion('u6@northwind.example');
    expect((await post(northwind, once)).headers.location).toBe('/dashboard');
    await refusedWith(await post(northwind, once), 'sso_state_invalid', 'replayed_assertion');
  });

  it('refuses an email outside the community’s domains, a platform admin, and a garbage answer', async () => {
    await refusedWith(await post(northwind, assertion('eve@evil.example')), 'sso_domain_refused', 'domain_not_owned');
    expect(await userExists('eve@evil.example')).toBe(false);
    await seedUser(t.database, { email: 'root@northwind.example', role: 'admin' });
    await refusedWith(await post(northwind, assertion('root@northwind.example')), 'sso_account_refused', 'administrator');
    await refusedWith(await post(northwind, Buffer.from('<nonsense/>').toString('base64')), 'sso_provider_error', 'assertion_invalid');
    await refusedWith(await post(northwind, 'not base64 at all %%%'), 'sso_provider_error', 'assertion_invalid');
  });

  it('links an existing account only when safe: not another community’s manager, not a password account (issue 26)', async () => {
    const memberships = async (email: string) => {
      const { rows } = await sql<{ community_id: string; role: string }>`
        select m.community_id, m.role from community_members m join users u on u.id = m.user_id where u.email = ${email} order by m.role`.execute(t.database.handle.db);
      return rows;
    };
    await seedUser(t.database, { email: 'bo@northwind.example', communities: [{ id: contoso, role: 'manager' }] });
    await sql`update users set password_hash = null where email = 'bo@northwind.example'`.execute(t.database.handle.db);
    await refusedWith(await post(northwind, assertion('bo@northwind.example', { displayName: 'Not Bo' })), 'sso_account_refused', 'link_unsafe');
    expect(await memberships('bo@northwind.example')).toEqual([{ community_id: contoso, role: 'manager' }]);
    await seedUser(t.database, { email: 'pat@northwind.example' });
    await refusedWith(await post(northwind, assertion('pat@northwind.example')), 'sso_account_refused', 'link_unsafe');
    await seedUser(t.database, { email: 'ivy@northwind.example', status: 'invited' });
    await sql`update users set password_hash = null where email = 'ivy@northwind.example'`.execute(t.database.handle.db);
    expect((await post(northwind, assertion('ivy@northwind.example'))).headers.location).toBe('/dashboard');
    expect(await memberships('ivy@northwind.example')).toEqual([{ community_id: northwind, role: 'member' }]);
  });

  it('does not let a person this community’s provisioning deactivated back in', async () => {
    const token = (await t.app.inject({ method: 'POST', url: `/api/communities/${northwind}/scim-token`, headers: admin.auth })).json<{ token: string }>().token;
    const ana = await t.database.handle.db.selectFrom('users').select('id').where('email', '=', 'ana@northwind.example').executeTakeFirstOrThrow();
    const off = await t.app.inject({
      method: 'PATCH',
      url: `/scim/v2/Users/${ana.id}`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      payload: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: false }] }),
    });
    expect(off.statusCode, off.body).toBe(200);
    await refusedWith(await post(northwind, assertion('ana@northwind.example')), 'sso_account_refused', 'deprovisioned');
  });
});
