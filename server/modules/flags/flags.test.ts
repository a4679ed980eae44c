import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../contracts/audit.js';
import type { Flag } from '../../../contracts/flags.js';
import { createTestApp, errorCode, seedCommunity, seedUser, signIn, type SignedIn, type TestApp } from '../../test/test-app.js';
import { flagApplies, rolloutBucket } from './flags.service.js';

describe('feature flags', () => {
  let t: TestApp;
  let admin: SignedIn;
  let member: SignedIn;
  let communityA: string;

  beforeAll(async () => {
    t = await createTestApp();
    communityA = await seedCommunity(t.database, 'Alpha');
    await seedUser(t.database, { email: 'admin@example.com', role: 'admin' });
    await seedUser(t.database, { email: 'member@example.com', communities: [{ id: communityA, role: 'member' }] });
    admin = await signIn(t.app, 'admin@example.com');
    member = await signIn(t.app, 'member@example.com');
  });
  afterAll(() => t.close());

  const flagsOf = async (who: SignedIn) => (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: who.auth })).json<{ flags: Record<string, boolean> }>().flags;

  it('ships the sandbox flag switched on', async () => {
    expect(await flagsOf(member)).toMatchObject({ sandbox: true });
    const list = (await t.app.inject({ method: 'GET', url: '/api/flags', headers: admin.auth })).json<{ items: Flag[] }>().items;
    expect(list.find((f) => f.key === 'sandbox')).toMatchObject({ enabled: true, rolloutPercentage: 100 });
  });

  it('an admin creates, switches, targets and deletes a flag; /me follows without a restart; each change audited', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/flags', headers: admin.auth, payload: { key: 'new-editor', description: 'The new editor' } });
    expect(created.statusCode).toBe(201);
    expect((await flagsOf(member))['new-editor']).toBe(false);
    await t.app.inject({ method: 'PATCH', url: '/api/flags/new-editor', headers: admin.auth, payload: { enabled: true } });
    expect((await flagsOf(member))['new-editor']).toBe(true);
    const otherCommunity = await seedCommunity(t.database, 'Elsewhere');
    await t.app.inject({ method: 'PATCH', url: '/api/flags/new-editor', headers: admin.auth, payload: { communityIds: [otherCommunity] } });
    expect((await flagsOf(member))['new-editor']).toBe(false);
    await t.app.inject({ method: 'PATCH', url: '/api/flags/new-editor', headers: admin.auth, payload: { communityIds: [communityA] } });
    expect((await flagsOf(member))['new-editor']).toBe(true);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/flags/new-editor', headers: admin.auth })).statusCode).toBe(204);
    expect(await flagsOf(member)).not.toHaveProperty('new-editor');

    const audit = (await t.app.inject({ method: 'GET', url: '/api/audit?entityType=flag&entityId=new-editor', headers: admin.auth })).json<{ items: AuditEntry[] }>().items;
    expect(audit.map((a) => a.action)).toEqual(['flag.delete', 'flag.update', 'flag.update', 'flag.update', 'flag.create']);
    expect(audit[3]).toMatchObject({ before: { enabled: false }, after: { enabled: true }, actorEmail: 'admin@example.com' });
  });

  it('rolls out to a stable percentage of users', () => {
    const users = Array.from({ length: 2000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const on = users.filter((u) => flagApplies({ key: 'beta', enabled: true, rollout_percentage: 25, community_ids: [] }, u, new Set())).length;
    expect(on / users.length).toBeGreaterThan(0.2);
    expect(on / users.length).toBeLessThan(0.3);
    for (const u of users.slice(0, 50)) expect(rolloutBucket('beta', u)).toBe(rolloutBucket('beta', u));
    const at25 = new Set(users.filter((u) => rolloutBucket('beta', u) < 25));
    const at50 = new Set(users.filter((u) => rolloutBucket('beta', u) < 50));
    expect([...at25].every((u) => at50.has(u))).toBe(true);
  });

  it('refuses bad keys, duplicates and members', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/flags', headers: admin.auth, payload: { key: 'Bad Key!' } })).statusCode).toBe(400);
    const dup = await t.app.inject({ method: 'POST', url: '/api/flags', headers: admin.auth, payload: { key: 'sandbox' } });
    expect(dup.statusCode).toBe(409);
    expect(errorCode(dup)).toBe('flag_key_taken');
    expect((await t.app.inject({ method: 'GET', url: '/api/flags', headers: member.auth })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PATCH', url: '/api/flags/sandbox', headers: member.auth, payload: { enabled: false } })).statusCode).toBe(403);
    expect((await flagsOf(member)).sandbox).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: '/api/audit', headers: member.auth })).statusCode).toBe(403);
  });

  it('filters the audit log by actor, action and date, with cursor pagination', async () => {
    const all = (await t.app.inject({ method: 'GET', url: `/api/audit?actorId=${admin.userId}&limit=2`, headers: admin.auth })).json<{ items: AuditEntry[]; nextCursor: string }>();
    expect(all.items).toHaveLength(2);
    const next = (await t.app.inject({ method: 'GET', url: `/api/audit?actorId=${admin.userId}&limit=2&cursor=${all.nextCursor}`, headers: admin.auth })).json<{ items: AuditEntry[] }>();
    expect(Number(next.items[0]?.id)).toBeLessThan(Number(all.items[1]?.id));
    const creates = (await t.app.inject({ method: 'GET', url: '/api/audit?action=flag.create', headers: admin.auth })).json<{ items: AuditEntry[] }>().items;
    expect(creates.every((a) => a.action === 'flag.create')).toBe(true);
    const future = (await t.app.inject({ method: 'GET', url: `/api/audit?from=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`, headers: admin.auth })).json<{ items: AuditEntry[] }>().items;
    expect(future).toEqual([]);
  });
});
