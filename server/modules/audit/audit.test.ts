import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../contracts/audit.js';
import type { ContentItem } from '../../../contracts/content.js';
import { createTestApp, seedUser, signIn, type SignedIn, type TestApp } from '../../test/test-app.js';
import { sampleContent } from '../../test/content-fixtures.js';

describe('audit log names', () => {
  let t: TestApp;
  let admin: SignedIn;
  let member: SignedIn;

  beforeAll(async () => {
    t = await createTestApp();
    await seedUser(t.database, { email: 'ana.garcia@example.com', role: 'admin' });
    await seedUser(t.database, { email: 'member@example.com' });
    admin = await signIn(t.app, 'ana.garcia@example.com');
    member = await signIn(t.app, 'member@example.com');
  });
  afterAll(() => t.close());

  const audit = async (query: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/audit?${query}`, headers: admin.auth })).json<{ items: AuditEntry[] }>().items;

  it('names the actor and the content by its current title and kind, even after a rename', async () => {
    const agent = (await t.app.inject({ method: 'POST', url: '/api/content', headers: admin.auth, payload: sampleContent('agent', 'Negotiation coach') })).json<ContentItem>();
    await t.database.handle.db.updateTable('content_items').set({ title: 'Negotiation coach v2' }).where('id', '=', agent.id).execute();
    const [created] = await audit(`entityType=content&entityId=${agent.id}`);
    expect(created).toMatchObject({ actorName: 'ana.garcia', action: 'content.create', entityName: 'Negotiation coach v2', entityKind: 'agent' });
  });

  it('keeps the name of something deleted from the entry itself, and a flag reads as its key', async () => {
    const community = await t.app.inject({ method: 'POST', url: '/api/communities', headers: admin.auth, payload: { name: 'Short-lived', description: '' } });
    const id = community.json<{ id: string }>().id;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/communities/${id}`, headers: admin.auth })).statusCode).toBe(204);
    const entries = await audit(`entityType=community&entityId=${id}`);
    expect(entries.map((e) => [e.action, e.entityName])).toEqual([
      ['community.delete', 'Short-lived'],
      ['community.create', 'Short-lived'],
    ]);

    await t.app.inject({ method: 'POST', url: '/api/flags', headers: admin.auth, payload: { key: 'beta.dashboard' } });
    const [flag] = await audit('entityType=flag&entityId=beta.dashboard');
    expect(flag).toMatchObject({ entityName: 'beta.dashboard', entityKind: null });
  });

  it('is for admins only: a member gets 403 and never sees names', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/audit', headers: member.auth });
    expect(response.statusCode).toBe(403);
    expect(response.body).not.toContain('ana.garcia');
  });
});
