import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContentItem, contentKinds, type ContentSummary } from '../../../contracts/content.js';
import { createTestApp, errorCode, seedCommunity, seedUser, signIn, type SignedIn, type TestApp } from '../../test/test-app.js';
import { sampleContent } from '../../test/content-fixtures.js';

describe('content visibility per kind', () => {
  let t: TestApp;
  let admin: SignedIn;
  let memberA: SignedIn;
  let memberB: SignedIn;
  let communityA: string;

  beforeAll(async () => {
    t = await createTestApp();
    communityA = await seedCommunity(t.database, 'Alpha');
    const communityB = await seedCommunity(t.database, 'Beta');
    await seedUser(t.database, { email: 'admin@example.com', role: 'admin' });
    await seedUser(t.database, { email: 'a@example.com', communities: [{ id: communityA, role: 'member' }] });
    await seedUser(t.database, { email: 'b@example.com', communities: [{ id: communityB, role: 'member' }] });
    admin = await signIn(t.app, 'admin@example.com');
    memberA = await signIn(t.app, 'a@example.com');
    memberB = await signIn(t.app, 'b@example.com');
  });
  afterAll(() => t.close());

  const create = async (payload: object) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/content', headers: admin.auth, payload });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<ContentItem>();
  };
  const assign = (id: string, communityIds: string[]) =>
    t.app.inject({ method: 'PUT', url: `/api/content/${id}/assignments`, headers: admin.auth, payload: { communityIds } });
  const listAs = async (who: SignedIn, query = '') => (await t.app.inject({ method: 'GET', url: `/api/content${query}`, headers: who.auth })).json<{ items: ContentSummary[] }>().items;

  describe.each(contentKinds)('a %s', (kind) => {
    let item: ContentItem;
    beforeAll(async () => {
      item = await create(sampleContent(kind, `Published ${kind} ${randomUUID().slice(0, 6)}`));
      expect((await assign(item.id, [communityA])).statusCode).toBe(200);
    });

    it('assigned to community A is listed for and readable by a member of A', async () => {
      expect((await listAs(memberA, `?kind=${kind}`)).map((i) => i.id)).toContain(item.id);
      const read = await t.app.inject({ method: 'GET', url: `/api/content/${item.id}`, headers: memberA.auth });
      expect(read.statusCode).toBe(200);
      expect(read.json<ContentItem>().kind).toBe(kind);
    });

    it('is neither listed for nor readable by a member of B (404 for its id)', async () => {
      expect((await listAs(memberB, `?kind=${kind}`)).map((i) => i.id)).not.toContain(item.id);
      const read = await t.app.inject({ method: 'GET', url: `/api/content/${item.id}`, headers: memberB.auth });
      expect(read.statusCode).toBe(404);
      expect(errorCode(read)).toBe('not_found');
    });

    it('as a draft is invisible to members of A, even when assigned', async () => {
      const draft = await create(sampleContent(kind, `Draft ${kind}`, { status: 'draft' }));
      await assign(draft.id, [communityA]);
      expect((await listAs(memberA)).map((i) => i.id)).not.toContain(draft.id);
      expect((await t.app.inject({ method: 'GET', url: `/api/content/${draft.id}`, headers: memberA.auth })).statusCode).toBe(404);
      expect((await listAs(admin)).map((i) => i.id)).toContain(draft.id);
    });

    it('cannot be created, edited, assigned, duplicated or deleted by a member', async () => {
      const h = memberA.auth;
      expect((await t.app.inject({ method: 'POST', url: '/api/content', headers: h, payload: sampleContent(kind, 'Mine') })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'PATCH', url: `/api/content/${item.id}`, headers: h, payload: { title: 'Hacked' } })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'PUT', url: `/api/content/${item.id}/assignments`, headers: h, payload: { communityIds: [] } })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'POST', url: `/api/content/${item.id}/duplicate`, headers: h })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'DELETE', url: `/api/content/${item.id}`, headers: h })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'POST', url: '/api/content/bulk', headers: h, payload: { action: 'archive', ids: [item.id] } })).statusCode).toBe(403);
      const still = await t.app.inject({ method: 'GET', url: `/api/content/${item.id}`, headers: admin.auth });
      expect(still.json<ContentItem>()).toMatchObject({ title: item.title, status: 'published' });
    });
  });

  it('finds content by words from its title, description and kind text, and filters by tag', async () => {
    const doc = await create(sampleContent('document', 'Retrieval basics', { details: { bodyHtml: '<p>Embeddings turn sentences into vectors.</p>' }, tags: ['RAG'] }));
    await assign(doc.id, [communityA]);
    expect((await listAs(memberA, '?q=embeddings')).map((i) => i.id)).toEqual([doc.id]);
    expect((await listAs(memberA, '?q=retrieval')).map((i) => i.id)).toEqual([doc.id]);
    expect((await listAs(memberA, '?tag=rag')).map((i) => i.id)).toEqual([doc.id]);
    expect(await listAs(memberB, '?q=embeddings')).toEqual([]);
  });

  it('pages through the list with a cursor, in both sort orders, without repeats', async () => {
    for (const sort of ['recent', 'title']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: ContentSummary[]; nextCursor: string | null } = (
          await t.app.inject({ method: 'GET', url: `/api/content?limit=3&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`, headers: admin.auth })
        ).json();
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      const total = await t.database.handle.db.selectFrom('content_items').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      expect(seen.length).toBe(Number(total.n));
    }
  });

  it('hides an agent system prompt from members; admins see it', async () => {
    const agent = await create(sampleContent('agent', 'Secret sauce'));
    await assign(agent.id, [communityA]);
    const asMember = (await t.app.inject({ method: 'GET', url: `/api/content/${agent.id}`, headers: memberA.auth })).json<ContentItem>();
    const asAdmin = (await t.app.inject({ method: 'GET', url: `/api/content/${agent.id}`, headers: admin.auth })).json<ContentItem>();
    expect(asMember.kind === 'agent' && asMember.details.systemPrompt).toBe('');
    expect(asAdmin.kind === 'agent' && asAdmin.details.systemPrompt).toContain('Secret sauce');
  });
});
