import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User, UserDetail } from '../../../contracts/users.js';
import { createTestApp, errorCode, seedCommunity, seedUser, signIn, type SignedIn, type TestApp } from '../../test/test-app.js';

describe('users API', () => {
  let t: TestApp;
  let admin: SignedIn;
  let managerA: SignedIn;
  let memberA: SignedIn;
  let communityA: string;
  let communityB: string;
  let memberBId: string;

  beforeAll(async () => {
    t = await createTestApp();
    communityA = await seedCommunity(t.database, 'Alpha');
    communityB = await seedCommunity(t.database, 'Beta');
    await seedUser(t.database, { email: 'admin@example.com', role: 'admin' });
    await seedUser(t.database, { email: 'manager.a@example.com', communities: [{ id: communityA, role: 'manager' }] });
    await seedUser(t.database, { email: 'member.a@example.com', communities: [{ id: communityA, role: 'member' }] });
    memberBId = (await seedUser(t.database, { email: 'member.b@example.com', communities: [{ id: communityB, role: 'member' }] })).id;
    admin = await signIn(t.app, 'admin@example.com');
    managerA = await signIn(t.app, 'manager.a@example.com');
    memberA = await signIn(t.app, 'member.a@example.com');
  });
  afterAll(() => t.close());

  const list = (who: SignedIn, query = '') => t.app.inject({ method: 'GET', url: `/api/users${query}`, headers: who.auth });

  it('an admin creates a user with a password who can then sign in, and it is audited', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin.auth,
      payload: { email: 'Carol@Example.com', displayName: 'Carol', role: 'member', password: 'carols password', communityIds: [communityA] },
    });
    expect(response.statusCode).toBe(201);
    const carol = response.json<UserDetail>();
    expect(carol).toMatchObject({ email: 'carol@example.com', status: 'active', communities: [{ communityId: communityA, communityName: 'Alpha', role: 'member' }] });
    expect((await signIn(t.app, 'carol@example.com', 'carols password')).userId).toBe(carol.id);
    const audit = await t.database.handle.db.selectFrom('audit_log').selectAll().where('entity_id', '=', carol.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'user.create', entity_type: 'user' });
    expect(JSON.stringify(audit[0]?.after)).not.toContain('password');
  });

  it('refuses a second user with the same email, whatever its case, with 409', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/users', headers: admin.auth, payload: { email: 'MEMBER.A@example.com', displayName: 'Dup' } });
    expect(response.statusCode).toBe(409);
    expect(errorCode(response)).toBe('email_taken');
  });

  it('explains which field is wrong when the body is invalid', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/users', headers: admin.auth, payload: { email: 'not-an-email', displayName: '' } });
    expect(response.statusCode).toBe(400);
    expect(errorCode(response)).toBe('validation_failed');
    expect(response.json<{ error: { message: string } }>().error.message).toMatch(/email|name/i);
  });

  it('an admin lists, searches and filters users with cursor pagination', async () => {
    const first = await list(admin, '?limit=2');
    const page1 = first.json<{ items: User[]; nextCursor: string | null }>();
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).toBeTruthy();
    const page2 = (await list(admin, `?limit=2&cursor=${page1.nextCursor}`)).json<{ items: User[] }>();
    expect(page2.items.map((u) => u.id)).not.toContain(page1.items[0]?.id);

    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: User[]; nextCursor: string | null } = (await list(admin, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`)).json();
      all.push(...page.items.map((u) => u.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(all).size).toBe(all.length);
    const total = await t.database.handle.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(all.length).toBe(Number(total.n));

    const searched = (await list(admin, '?q=member.b')).json<{ items: User[] }>();
    expect(searched.items.map((u) => u.email)).toEqual(['member.b@example.com']);
    const admins = (await list(admin, '?role=admin')).json<{ items: User[] }>();
    expect(admins.items.every((u) => u.role === 'admin')).toBe(true);
    const inB = (await list(admin, `?communityId=${communityB}`)).json<{ items: User[] }>();
    expect(inB.items.map((u) => u.email)).toEqual(['member.b@example.com']);
  });

  it('lists each person with their communities and community role, filtered by community role', async () => {
    const items = (await list(admin, '?limit=100')).json<{ items: UserDetail[] }>().items;
    const manager = items.find((u) => u.email === 'manager.a@example.com');
    expect(manager?.communities).toEqual([{ communityId: communityA, communityName: 'Alpha', role: 'manager' }]);
    expect(items.find((u) => u.email === 'admin@example.com')?.communities).toEqual([]);

    const managers = (await list(admin, '?communityRole=manager')).json<{ items: UserDetail[] }>().items;
    expect(managers.map((u) => u.email)).toEqual(['manager.a@example.com']);
    const managersOfB = (await list(admin, `?communityRole=manager&communityId=${communityB}`)).json<{ items: UserDetail[] }>().items;
    expect(managersOfB).toEqual([]);
    const membersOfA = (await list(admin, `?communityRole=member&communityId=${communityA}`)).json<{ items: UserDetail[] }>().items;
    expect(membersOfA.map((u) => u.email)).toContain('member.a@example.com');
    expect(membersOfA.map((u) => u.email)).not.toContain('manager.a@example.com');
  });

  it('sorts by name, page by page, without skipping or repeating anyone', async () => {
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await list(admin, `?sort=name&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode).toBe(200);
      const page: { items: UserDetail[]; nextCursor: string | null } = response.json();
      names.push(...page.items.map((u) => u.displayName.toLowerCase()));
      cursor = page.nextCursor;
    } while (cursor);
    const total = await t.database.handle.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(names).toHaveLength(Number(total.n));
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    // A newest-first cursor is not a name cursor.
    const newest = (await list(admin, '?limit=1')).json<{ nextCursor: string }>();
    expect((await list(admin, `?sort=name&cursor=${newest.nextCursor}`)).statusCode).toBe(400);
  });

  it("a manager sees only the memberships of communities they can see, not a member's other communities", async () => {
    const both = await seedUser(t.database, { email: 'both@example.com', communities: [{ id: communityA, role: 'member' }, { id: communityB, role: 'manager' }] });
    const seen = (await list(managerA, '?limit=100')).json<{ items: UserDetail[] }>().items.find((u) => u.id === both.id);
    expect(seen?.communities.map((c) => c.communityName)).toEqual(['Alpha']);
    const asManagerOfB = (await list(managerA, '?communityRole=manager')).json<{ items: UserDetail[] }>().items;
    expect(asManagerOfB.map((u) => u.email)).not.toContain('both@example.com');
  });

  it('rejects a forged cursor with a clear 400', async () => {
    const response = await list(admin, '?cursor=garbage');
    expect(response.statusCode).toBe(400);
    expect(errorCode(response)).toBe('bad_request');
  });

  it('a manager sees only the members of the community they manage', async () => {
    const response = await list(managerA);
    expect(response.statusCode).toBe(200);
    const emails = response.json<{ items: User[] }>().items.map((u) => u.email).sort();
    expect(emails).toContain('member.a@example.com');
    expect(emails).toContain('manager.a@example.com');
    expect(emails).not.toContain('member.b@example.com');
    expect(emails).not.toContain('admin@example.com');
  });

  it('a manager gets 404 for a user of another community', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/users/${memberBId}`, headers: managerA.auth });
    expect(response.statusCode).toBe(404);
    expect(errorCode(response)).toBe('not_found');
  });

  it('a plain member cannot list users', async () => {
    const response = await list(memberA);
    expect(response.statusCode).toBe(403);
    expect(errorCode(response)).toBe('forbidden');
  });

  it('a member can read their own record but gets 404 for anyone else', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/api/users/${memberA.userId}`, headers: memberA.auth })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/users/${memberBId}`, headers: memberA.auth })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/users/${randomUUID()}`, headers: memberA.auth })).statusCode).toBe(404);
  });

  it('members and managers cannot create, edit or delete users, nor promote themselves', async () => {
    for (const who of [memberA, managerA]) {
      expect((await t.app.inject({ method: 'POST', url: '/api/users', headers: who.auth, payload: { email: 'x@example.com', displayName: 'X' } })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'PATCH', url: `/api/users/${who.userId}`, headers: who.auth, payload: { role: 'admin' } })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'DELETE', url: `/api/users/${memberBId}`, headers: who.auth })).statusCode).toBe(403);
    }
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: memberA.auth });
    expect(me.json<{ user: User }>().user.role).toBe('member');
  });

  it('an admin cannot suspend, demote or delete themselves', async () => {
    expect((await t.app.inject({ method: 'PATCH', url: `/api/users/${admin.userId}`, headers: admin.auth, payload: { status: 'suspended' } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/users/${admin.userId}`, headers: admin.auth, payload: { role: 'member' } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/users/${admin.userId}`, headers: admin.auth })).statusCode).toBe(400);
  });

  it('an admin renames, suspends, reactivates and deletes a user, each audited', async () => {
    const user = await seedUser(t.database, { email: 'lifecycle@example.com' });
    const patch = (payload: object) => t.app.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: admin.auth, payload });
    expect((await patch({ displayName: 'Life Cycle' })).json<User>().displayName).toBe('Life Cycle');
    expect((await patch({ status: 'suspended' })).json<User>().status).toBe('suspended');
    expect((await patch({ status: 'active' })).json<User>().status).toBe('active');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/users/${user.id}`, headers: admin.auth })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `/api/users/${user.id}`, headers: admin.auth })).statusCode).toBe(404);
    const actions = await t.database.handle.db.selectFrom('audit_log').select('action').where('entity_id', '=', user.id).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['user.update', 'user.suspend', 'user.reactivate', 'user.delete']);
  });

  it('an empty PATCH is refused with a clear message', async () => {
    const response = await t.app.inject({ method: 'PATCH', url: `/api/users/${memberBId}`, headers: admin.auth, payload: {} });
    expect(response.statusCode).toBe(400);
    expect(errorCode(response)).toBe('validation_failed');
  });
});
