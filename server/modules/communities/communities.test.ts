import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Community, CommunityMember } from '../../../contracts/communities.js';
import { createTestApp, errorCode, seedCommunity, seedUser, signIn, type SignedIn, type TestApp } from '../../test/test-app.js';

describe('communities API', () => {
  let t: TestApp;
  let admin: SignedIn;
  let managerA: SignedIn;
  let memberA: SignedIn;
  let memberB: SignedIn;
  let communityA: string;
  let communityB: string;

  beforeAll(async () => {
    t = await createTestApp();
    communityA = await seedCommunity(t.database, 'Alpha');
    communityB = await seedCommunity(t.database, 'Beta');
    await seedUser(t.database, { email: 'admin@example.com', role: 'admin' });
    await seedUser(t.database, { email: 'manager.a@example.com', communities: [{ id: communityA, role: 'manager' }] });
    await seedUser(t.database, { email: 'member.a@example.com', communities: [{ id: communityA, role: 'member' }] });
    await seedUser(t.database, { email: 'member.b@example.com', communities: [{ id: communityB, role: 'member' }] });
    admin = await signIn(t.app, 'admin@example.com');
    managerA = await signIn(t.app, 'manager.a@example.com');
    memberA = await signIn(t.app, 'member.a@example.com');
    memberB = await signIn(t.app, 'member.b@example.com');
  });
  afterAll(() => t.close());

  const get = (who: SignedIn, url: string) => t.app.inject({ method: 'GET', url, headers: who.auth });

  it('an admin creates, renames and deletes a community, each audited', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/communities', headers: admin.auth, payload: { name: 'Gamma', description: 'Third client' } });
    expect(created.statusCode).toBe(201);
    const gamma = created.json<Community>();
    expect(gamma).toMatchObject({ name: 'Gamma', description: 'Third client', memberCount: 0 });
    const renamed = await t.app.inject({ method: 'PATCH', url: `/api/communities/${gamma.id}`, headers: admin.auth, payload: { name: 'Gamma Corp' } });
    expect(renamed.json<Community>()).toMatchObject({ name: 'Gamma Corp', description: 'Third client' });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/communities/${gamma.id}`, headers: admin.auth })).statusCode).toBe(204);
    expect((await get(admin, `/api/communities/${gamma.id}`)).statusCode).toBe(404);
    const actions = await t.database.handle.db.selectFrom('audit_log').select('action').where('entity_id', '=', gamma.id).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['community.create', 'community.update', 'community.delete']);
  });

  it('refuses a duplicate community name with 409', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/communities', headers: admin.auth, payload: { name: 'alpha' } });
    expect(response.statusCode).toBe(409);
    expect(errorCode(response)).toBe('community_name_taken');
  });

  it('a member lists only the communities they belong to', async () => {
    const names = (await get(memberA, '/api/communities')).json<{ items: Community[] }>().items.map((c) => c.name);
    expect(names).toEqual(['Alpha']);
    const all = (await get(admin, '/api/communities')).json<{ items: Community[] }>().items.map((c) => c.name);
    expect(all).toEqual(expect.arrayContaining(['Alpha', 'Beta']));
  });

  it('a member of A gets 404 for community B, its members, and for ids that do not exist', async () => {
    expect((await get(memberA, `/api/communities/${communityB}`)).statusCode).toBe(404);
    expect((await get(memberA, `/api/communities/${communityB}/members`)).statusCode).toBe(404);
    expect((await get(memberA, `/api/communities/${randomUUID()}`)).statusCode).toBe(404);
  });

  it('a manager sees the members of their community; a plain member does not', async () => {
    const members = (await get(managerA, `/api/communities/${communityA}/members`)).json<{ items: CommunityMember[] }>();
    expect(members.items.map((m) => m.email).sort()).toEqual(['manager.a@example.com', 'member.a@example.com']);
    expect((await get(memberA, `/api/communities/${communityA}/members`)).statusCode).toBe(404);
    expect((await get(managerA, `/api/communities/${communityB}/members`)).statusCode).toBe(404);
  });

  it('an admin adds a member, changes their role and removes them; me reflects each step', async () => {
    const put = (role: string) =>
      t.app.inject({ method: 'PUT', url: `/api/communities/${communityA}/members/${memberB.userId}`, headers: admin.auth, payload: { role } });
    expect((await put('member')).json<CommunityMember>().role).toBe('member');
    const me = async () => (await get(memberB, '/api/auth/me')).json<{ communities: Array<{ name: string; role: string }> }>().communities;
    expect(await me()).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Alpha', role: 'member' })]));
    expect((await put('manager')).json<CommunityMember>().role).toBe('manager');
    expect(await me()).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Alpha', role: 'manager' })]));
    expect((await t.app.inject({ method: 'DELETE', url: `/api/communities/${communityA}/members/${memberB.userId}`, headers: admin.auth })).statusCode).toBe(204);
    expect((await me()).map((c) => c.name)).toEqual(['Beta']);
  });

  it('refuses a membership for an unknown user or community with 404, and a bad role with 400', async () => {
    expect((await t.app.inject({ method: 'PUT', url: `/api/communities/${communityA}/members/${randomUUID()}`, headers: admin.auth, payload: { role: 'member' } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'PUT', url: `/api/communities/${randomUUID()}/members/${memberA.userId}`, headers: admin.auth, payload: { role: 'member' } })).statusCode).toBe(404);
    const bad = await t.app.inject({ method: 'PUT', url: `/api/communities/${communityA}/members/${memberA.userId}`, headers: admin.auth, payload: { role: 'owner' } });
    expect(bad.statusCode).toBe(400);
    expect(errorCode(bad)).toBe('validation_failed');
  });

  it('members and managers cannot create, edit, delete communities or change memberships', async () => {
    for (const who of [memberA, managerA]) {
      expect((await t.app.inject({ method: 'POST', url: '/api/communities', headers: who.auth, payload: { name: 'Mine' } })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'PATCH', url: `/api/communities/${communityA}`, headers: who.auth, payload: { name: 'Hijacked' } })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'DELETE', url: `/api/communities/${communityA}`, headers: who.auth })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'PUT', url: `/api/communities/${communityA}/members/${who.userId}`, headers: who.auth, payload: { role: 'manager' } })).statusCode).toBe(403);
    }
    expect((await get(admin, `/api/communities/${communityA}`)).json<Community>().name).toBe('Alpha');
  });
});
