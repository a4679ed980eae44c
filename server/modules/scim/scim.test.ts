import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIdentityProvider } from '../../test/oidc-provider.js';
import { createTestApp, seedCommunity, seedUser, signIn, sql, type SignedIn, type TestApp } from '../../test/test-app.js';

/**
 * A SCIM client session against the real app and database (issue 30, ADR 0041): what Entra ID or
 * Okta sends, including the malformed and the hostile.
 */

let t: TestApp;
let admin: SignedIn;
let northwind: string;
let contoso: string;
let northwindToken: string;
let contosoToken: string;

const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

beforeAll(async () => {
  t = await createTestApp();
  northwind = await seedCommunity(t.database, 'Northwind');
  contoso = await seedCommunity(t.database, 'Contoso');
  await seedUser(t.database, { email: 'admin@platform.example', role: 'admin' });
  admin = await signIn(t.app, 'admin@platform.example');
  northwindToken = await newToken(northwind);
  contosoToken = await newToken(contoso);
}, 60_000);

afterAll(async () => {
  await t.close();
});

async function newToken(communityId: string, as: SignedIn = admin): Promise<string> {
  const response = await t.app.inject({ method: 'POST', url: `/api/communities/${communityId}/scim-token`, headers: as.auth });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ token: string }>().token;
}

type ScimBody = Record<string, unknown> & { id: string; schemas: string[]; active?: boolean; userName?: string; scimType?: string; status?: string; detail?: string };

function scim(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, token: string, payload?: unknown) {
  return t.app.inject({
    method,
    url: `/scim/v2${url}`,
    headers: { authorization: `Bearer ${token}`, ...(payload === undefined ? {} : { 'content-type': 'application/scim+json' }) },
    ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
  });
}

const body = (response: { body: string }) => JSON.parse(response.body) as ScimBody;

function expectScimError(response: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number, scimType?: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(String(response.headers['content-type'])).toContain('application/scim+json');
  const error = body(response);
  expect(error.schemas).toEqual([SCIM_ERROR]);
  expect(error.status).toBe(String(status));
  if (scimType) expect(error.scimType).toBe(scimType);
}

const createUser = (token: string, userName: string, extra: Record<string, unknown> = {}) =>
  scim('POST', '/Users', token, { schemas: [USER_SCHEMA], userName, displayName: userName.split('@')[0], active: true, ...extra });

describe('the provisioning token', () => {
  it('is shown once, stored as a hash, replaced by a new one, audited, and for admins only', async () => {
    const stored = await t.database.handle.db.selectFrom('community_scim').select('token_hash').where('community_id', '=', contoso).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(contosoToken);
    const second = await newToken(contoso);
    expectScimError(await scim('GET', '/Users', contosoToken), 401);
    expect((await scim('GET', '/Users', second)).statusCode).toBe(200);
    contosoToken = second;
    const { rows } = await sql<{ action: string }>`select action from audit_log where entity_id = ${contoso} and action like 'community.scim_token%' order by id`.execute(t.database.handle.db);
    expect(rows.map((r) => r.action)).toEqual(['community.scim_token_create', 'community.scim_token_rotate']);
    await seedUser(t.database, { email: 'manager@northwind.example', communities: [{ id: northwind, role: 'manager' }] });
    const manager = await signIn(t.app, 'manager@northwind.example');
    expect((await t.app.inject({ method: 'POST', url: `/api/communities/${northwind}/scim-token`, headers: manager.auth })).statusCode).toBe(403);
    const status = await t.app.inject({ method: 'GET', url: `/api/communities/${contoso}/scim`, headers: admin.auth });
    expect(status.json<{ tokenSet: boolean; lastSyncAt: string | null; baseUrl: string }>()).toMatchObject({ tokenSet: true, baseUrl: 'http://localhost:3000/scim/v2' });
    expect(status.json<{ lastSyncAt: string | null }>().lastSyncAt).not.toBeNull();
  });

  it('refuses a missing, malformed or unknown token with a SCIM 401', async () => {
    expectScimError(await t.app.inject({ method: 'GET', url: '/scim/v2/Users' }), 401);
    expectScimError(await scim('GET', '/Users', 'scim_not-a-real-token-at-all'), 401);
    expectScimError(await scim('GET', '/Users', admin.accessToken), 401);
  });
});

describe('a SCIM client session', () => {
  let anaId: string;
  let anaSession: SignedIn;

  it('answers the discovery endpoints', async () => {
    const config = await scim('GET', '/ServiceProviderConfig', northwindToken);
    expect(config.statusCode, config.body).toBe(200);
    expect(body(config)).toMatchObject({ patch: { supported: true }, filter: { supported: true }, bulk: { supported: false } });
    const types = await scim('GET', '/ResourceTypes', northwindToken);
    expect(JSON.stringify(body(types))).toContain('"User"');
    const schemas = await scim('GET', '/Schemas', northwindToken);
    expect(JSON.stringify(body(schemas))).toContain(USER_SCHEMA);
  });

  it('creates a person, finds them by userName (any case), and gets them', async () => {
    const created = await createUser(northwindToken, 'ana@northwind.example', { externalId: 'entra-ana' });
    expect(created.statusCode, created.body).toBe(201);
    anaId = body(created).id;
    expect(body(created)).toMatchObject({ userName: 'ana@northwind.example', active: true, externalId: 'entra-ana' });
    const found = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "Ana@Northwind.example"')}`, northwindToken);
    expect(found.statusCode, found.body).toBe(200);
    expect(body(found)).toMatchObject({ totalResults: 1, Resources: [{ id: anaId }] });
    const none = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "nobody@northwind.example"')}`, northwindToken);
    expect(body(none)).toMatchObject({ totalResults: 0 });
    const got = await scim('GET', `/Users/${anaId}`, northwindToken);
    expect(body(got)).toMatchObject({ id: anaId, userName: 'ana@northwind.example' });
    expectScimError(await createUser(northwindToken, 'ana@northwind.example'), 409, 'uniqueness');
    const members = await t.database.handle.db.selectFrom('community_members').select('role').where('community_id', '=', northwind).where('user_id', '=', anaId).execute();
    expect(members).toEqual([{ role: 'member' }]);
  });

  it('pages with startIndex and count', async () => {
    for (const name of ['bo', 'cy', 'di']) expect((await createUser(northwindToken, `${name}@northwind.example`)).statusCode).toBe(201);
    const page = await scim('GET', '/Users?startIndex=2&count=2', northwindToken);
    const list = body(page) as unknown as { totalResults: number; startIndex: number; itemsPerPage: number; Resources: unknown[] };
    expect(list.totalResults).toBe(5); // ana, bo, cy, di and the seeded manager
    expect(list.startIndex).toBe(2);
    expect(list.Resources).toHaveLength(2);
  });

  it('replaces and patches a person, Entra style', async () => {
    const put = await scim('PUT', `/Users/${anaId}`, northwindToken, { schemas: [USER_SCHEMA], userName: 'ana@northwind.example', displayName: 'Ana Díaz', active: true });
    expect(put.statusCode, put.body).toBe(200);
    expect(body(put).displayName).toBe('Ana Díaz');
    const patch = await scim('PATCH', `/Users/${anaId}`, northwindToken, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: 'Replace', path: 'displayName', value: 'Ana D.' }],
    });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(body(patch).displayName).toBe('Ana D.');
  });

  it('maps the Managers group onto the manager role of this community only', async () => {
    const groups = await scim('GET', '/Groups', northwindToken);
    expect(body(groups)).toMatchObject({ totalResults: 2 });
    const add = await scim('PATCH', '/Groups/managers', northwindToken, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: 'add', path: 'members', value: [{ value: anaId }] }],
    });
    expect(add.statusCode, add.body).toBe(200);
    const role = () =>
      t.database.handle.db.selectFrom('community_members').select('role').where('community_id', '=', northwind).where('user_id', '=', anaId).executeTakeFirst();
    expect(await role()).toEqual({ role: 'manager' });
    const remove = await scim('PATCH', '/Groups/managers', northwindToken, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: 'remove', path: `members[value eq "${anaId}"]` }],
    });
    expect(remove.statusCode, remove.body).toBe(200);
    expect(await role()).toEqual({ role: 'member' });
    // Another community's token cannot touch this community's groups or people.
    const foreign = await scim('PATCH', '/Groups/managers', contosoToken, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: 'add', path: 'members', value: [{ value: anaId }] }],
    });
    expectScimError(foreign, 400, 'invalidValue');
    expect(await role()).toEqual({ role: 'member' });
  });

  it('deactivation signs the person out at once and blocks sign-in; reactivation restores access', async () => {
    await t.database.handle.db.updateTable('users').set({ password_hash: (await t.database.handle.db.selectFrom('users').select('password_hash').where('email', '=', 'admin@platform.example').executeTakeFirstOrThrow()).password_hash }).where('id', '=', anaId).execute();
    anaSession = await signIn(t.app, 'ana@northwind.example');
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: anaSession.auth })).statusCode).toBe(200);
    const deactivate = await scim('PATCH', `/Users/${anaId}`, northwindToken, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    });
    expect(deactivate.statusCode, deactivate.body).toBe(200);
    expect(body(deactivate).active).toBe(false);
    // The open session's access token (valid for minutes yet) is refused on its very next use.
    const after = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: anaSession.auth });
    expect(after.statusCode).toBe(401);
    const refreshed = await t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { aigym_refresh: anaSession.refreshCookie } });
    expect(refreshed.statusCode).toBe(401);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'ana@northwind.example', password: 'correct horse battery staple' } });
    expect(login.statusCode).not.toBe(200);
    const { rows } = await sql<{ action: string }>`select action from audit_log where entity_id = ${anaId} and action like 'scim.%' order by id`.execute(t.database.handle.db);
    expect(rows.map((r) => r.action)).toContain('scim.user_deactivate');

    const reactivate = await scim('PATCH', `/Users/${anaId}`, northwindToken, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', value: { active: true } }] });
    expect(reactivate.statusCode, reactivate.body).toBe(200);
    expect(body(reactivate).active).toBe(true);
    const again = await signIn(t.app, 'ana@northwind.example');
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: again.auth })).statusCode).toBe(200);
  });

  it('links a person another community shares without overwriting them, and removes them from this community only', async () => {
    const shared = await seedUser(t.database, { email: 'eva@partner.example', communities: [{ id: contoso, role: 'manager' }] });
    const linked = await createUser(northwindToken, 'EVA@partner.example', { displayName: 'Someone Else' });
    expect(linked.statusCode, linked.body).toBe(201);
    expect(body(linked).id).toBe(shared.id);
    const user = await t.database.handle.db.selectFrom('users').select(['display_name', 'status']).where('id', '=', shared.id).executeTakeFirstOrThrow();
    expect(user).toEqual({ display_name: 'eva', status: 'active' });
    expectScimError(
      await scim('PUT', `/Users/${shared.id}`, northwindToken, { schemas: [USER_SCHEMA], userName: 'taken-over@evil.example', active: true }),
      400,
      'mutability',
    );
    const session = await signIn(t.app, 'eva@partner.example');
    const deleted = await scim('DELETE', `/Users/${shared.id}`, northwindToken);
    expect(deleted.statusCode, deleted.body).toBe(204);
    expectScimError(await scim('GET', `/Users/${shared.id}`, northwindToken), 404);
    const memberships = await t.database.handle.db.selectFrom('community_members').select(['community_id', 'role']).where('user_id', '=', shared.id).execute();
    expect(memberships).toEqual([{ community_id: contoso, role: 'manager' }]);
    expect((await t.database.handle.db.selectFrom('users').select('status').where('id', '=', shared.id).executeTakeFirstOrThrow()).status).toBe('active');
    // Signed out everywhere at once, yet free to sign in again for the community they still belong to.
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: session.auth })).statusCode).toBe(401);
    await signIn(t.app, 'eva@partner.example');
  });

  it('a token reaches its own community’s people only', async () => {
    expectScimError(await scim('GET', `/Users/${anaId}`, contosoToken), 404);
    expectScimError(await scim('PATCH', `/Users/${anaId}`, contosoToken, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', path: 'active', value: false }] }), 404);
    expectScimError(await scim('DELETE', `/Users/${anaId}`, contosoToken), 404);
    const list = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "ana@northwind.example"')}`, contosoToken);
    expect(body(list)).toMatchObject({ totalResults: 0 });
    const active = await t.database.handle.db.selectFrom('community_members').select('role').where('community_id', '=', northwind).where('user_id', '=', anaId).execute();
    expect(active).toHaveLength(1);
  });

  it('answers malformed filters, patches and bodies with SCIM errors, never a 500', async () => {
    expectScimError(await scim('GET', `/Users?filter=${encodeURIComponent('userName eq')}`, northwindToken), 400, 'invalidFilter');
    expectScimError(await scim('GET', `/Users?filter=${encodeURIComponent('((userName eq "x"')}`, northwindToken), 400);
    expectScimError(await scim('PATCH', `/Users/${anaId}`, northwindToken, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'explode', path: 'active' }] }), 400);
    expectScimError(await scim('PATCH', `/Users/${anaId}`, northwindToken, { schemas: ['wrong'], Operations: [] }), 400);
    expectScimError(await scim('PATCH', `/Users/${anaId}`, northwindToken, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', path: 'nosuch[[', value: 1 }] }), 400);
    expectScimError(await scim('POST', '/Users', northwindToken, '{"userName": '), 400, 'invalidSyntax');
    expectScimError(await createUser(northwindToken, 'not an email'), 400, 'invalidValue');
    expectScimError(await scim('GET', '/Users/not-a-uuid', northwindToken), 404);
    expectScimError(await scim('GET', '/Groups/admins', northwindToken), 404);
    expectScimError(await scim('DELETE', '/Groups/managers', northwindToken), 400, 'mutability');
  });
});

describe('provisioning and the community’s OpenID sign-in', () => {
  it('a person provisioning deactivated here, who still belongs elsewhere, cannot rejoin through this community’s OIDC sign-in', async () => {
    const oidc = await startTestIdentityProvider({ redirectUris: ['http://localhost:3000/api/auth/sso/callback'] });
    try {
      const put = await t.app.inject({
        method: 'PUT',
        url: `/api/communities/${northwind}/sso`,
        headers: admin.auth,
        payload: { issuer: oidc.issuer, clientId: oidc.clientId, clientSecret: oidc.clientSecret, domains: ['nw-oidc.example'] },
      });
      expect(put.statusCode, put.body).toBe(200);
      const person = await seedUser(t.database, { email: 'gus@nw-oidc.example', communities: [{ id: contoso, role: 'member' }] });
      expect((await createUser(northwindToken, 'gus@nw-oidc.example')).statusCode).toBe(201);
      const off = await scim('PATCH', `/Users/${person.id}`, northwindToken, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', path: 'active', value: false }] });
      expect(off.statusCode, off.body).toBe(200);

      oidc.accounts.set('gus@nw-oidc.example', { email: 'gus@nw-oidc.example', email_verified: true, name: 'Gus' });
      const start = await t.app.inject({ method: 'GET', url: `/api/auth/sso/${northwind}/start?login_hint=gus%40nw-oidc.example` });
      const callback = await oidc.signIn(String(start.headers.location), 'gus@nw-oidc.example');
      // The browser that started the sign-in brings back its state cookie (login CSRF, ADR 0037).
      const state = start.cookies.find((c) => c.name === 'aigym_sso_state')?.value ?? '';
      const done = await t.app.inject({ method: 'GET', url: `${callback.pathname}${callback.search}`, cookies: { aigym_sso_state: state } });
      expect(done.headers.location).toBe('/login?ssoError=sso_account_refused');
      const memberships = await t.database.handle.db.selectFrom('community_members').select('community_id').where('user_id', '=', person.id).execute();
      expect(memberships).toEqual([{ community_id: contoso }]);
    } finally {
      await oidc.close();
    }
  });
});
