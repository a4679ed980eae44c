import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem } from '../../../contracts/content.js';
import type { ChatMessage, Conversation } from '../../../contracts/conversations.js';
import { parseUiStream, streamedText } from '../../test/fake-ai-provider.js';
import { createTestApp, errorCode, seedCommunity, seedUser, signIn, type SignedIn, type TestApp } from '../../test/test-app.js';
import { sampleContent } from '../../test/content-fixtures.js';

describe('sandbox conversations', () => {
  let t: TestApp;
  let admin: SignedIn;
  let alice: SignedIn;
  let bob: SignedIn;
  let outsider: SignedIn;
  let agentId: string;
  let otherAgentId: string;

  beforeAll(async () => {
    t = await createTestApp({ OFFLINE_TOKEN_DELAY_MS: '0', CHAT_MESSAGES_PER_MINUTE: '1000' });
    const alpha = await seedCommunity(t.database, 'Alpha');
    const beta = await seedCommunity(t.database, 'Beta');
    await seedUser(t.database, { email: 'admin@example.com', role: 'admin' });
    await seedUser(t.database, { email: 'alice@example.com', communities: [{ id: alpha, role: 'member' }] });
    await seedUser(t.database, { email: 'bob@example.com', communities: [{ id: alpha, role: 'manager' }] });
    await seedUser(t.database, { email: 'outsider@example.com', communities: [{ id: beta, role: 'member' }] });
    admin = await signIn(t.app, 'admin@example.com');
    alice = await signIn(t.app, 'alice@example.com');
    bob = await signIn(t.app, 'bob@example.com');
    outsider = await signIn(t.app, 'outsider@example.com');
    const create = async (title: string) => (await t.app.inject({ method: 'POST', url: '/api/content', headers: admin.auth, payload: sampleContent('agent', title) })).json<ContentItem>().id;
    agentId = await create('Alpha coach');
    otherAgentId = await create('Beta coach');
    await t.app.inject({ method: 'PUT', url: `/api/content/${agentId}/assignments`, headers: admin.auth, payload: { communityIds: [alpha] } });
    await t.app.inject({ method: 'PUT', url: `/api/content/${otherAgentId}/assignments`, headers: admin.auth, payload: { communityIds: [beta] } });
  });
  afterAll(() => t.close());

  const start = async (who: SignedIn, agent = agentId) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/conversations', headers: who.auth, payload: { agentId: agent } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Conversation>();
  };
  const send = (who: SignedIn, id: string, text: string) => t.app.inject({ method: 'POST', url: `/api/conversations/${id}/messages`, headers: who.auth, payload: { text } });

  it('names a conversation after its first message and lists it newest first', async () => {
    const first = await start(alice);
    await send(alice, first.id, 'How should I structure a weekly report for my manager?');
    const second = await start(alice);
    await send(alice, second.id, 'Short one');
    const list = (await t.app.inject({ method: 'GET', url: '/api/conversations', headers: alice.auth })).json<{ items: Conversation[] }>().items;
    expect(list[0]).toMatchObject({ id: second.id, title: 'Short one', agentTitle: 'Alpha coach' });
    expect(list[1]?.title).toBe('How should I structure a weekly report for my manager?');
  });

  it('finds a conversation by a word from its messages', async () => {
    const c = await start(alice);
    await send(alice, c.id, 'Tell me about quarterly forecasting with spreadsheets');
    const found = (await t.app.inject({ method: 'GET', url: '/api/conversations?q=forecasting', headers: alice.auth })).json<{ items: Conversation[] }>().items;
    expect(found.map((x) => x.id)).toEqual([c.id]);
    const wordFromAnswer = (await t.app.inject({ method: 'GET', url: '/api/conversations?q=columns', headers: alice.auth })).json<{ items: Conversation[] }>().items;
    expect(wordFromAnswer.map((x) => x.id)).toContain(c.id);
    const none = (await t.app.inject({ method: 'GET', url: '/api/conversations?q=forecasting', headers: bob.auth })).json<{ items: Conversation[] }>().items;
    expect(none).toEqual([]);
  });

  it('renames, pins (pinned first), exports as Markdown and JSON, and deletes', async () => {
    const c = await start(alice);
    await send(alice, c.id, 'Draft an agenda');
    const renamed = await t.app.inject({ method: 'PATCH', url: `/api/conversations/${c.id}`, headers: alice.auth, payload: { title: 'Agenda work', pinned: true } });
    expect(renamed.json<Conversation>()).toMatchObject({ title: 'Agenda work', pinned: true });
    await start(alice);
    const list = (await t.app.inject({ method: 'GET', url: '/api/conversations', headers: alice.auth })).json<{ items: Conversation[] }>().items;
    expect(list[0]?.id).toBe(c.id);

    const md = await t.app.inject({ method: 'GET', url: `/api/conversations/${c.id}/export?format=markdown`, headers: alice.auth });
    expect(md.headers['content-type']).toContain('text/markdown');
    expect(md.headers['content-disposition']).toContain('agenda-work.md');
    expect(md.body).toContain('# Agenda work');
    expect(md.body).toContain('Draft an agenda');
    const json = await t.app.inject({ method: 'GET', url: `/api/conversations/${c.id}/export?format=json`, headers: alice.auth });
    const exported = JSON.parse(json.body) as { conversation: Conversation; messages: ChatMessage[] };
    expect(exported.messages.map((m) => m.role)).toEqual(['user', 'assistant']);

    expect((await t.app.inject({ method: 'DELETE', url: `/api/conversations/${c.id}`, headers: alice.auth })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `/api/conversations/${c.id}`, headers: alice.auth })).statusCode).toBe(404);
    const left = await t.database.handle.db.selectFrom('messages').select('id').where('conversation_id', '=', c.id).execute();
    expect(left).toEqual([]);
  });

  it('pages through history: latest 50 messages first, older ones by cursor, in order', async () => {
    const c = await start(alice);
    const db = t.database.handle.db;
    const base = Date.now() - 1_000_000;
    await db
      .insertInto('messages')
      .values(Array.from({ length: 120 }, (_, i) => ({ conversation_id: c.id, user_id: alice.userId, role: i % 2 ? ('assistant' as const) : ('user' as const), text: `m${i}`, created_at: new Date(base + i * 1000) })))
      .execute();
    const page1 = (await t.app.inject({ method: 'GET', url: `/api/conversations/${c.id}/messages`, headers: alice.auth })).json<{ items: ChatMessage[]; nextCursor: string }>();
    expect(page1.items.map((m) => m.text)).toEqual(Array.from({ length: 50 }, (_, i) => `m${70 + i}`));
    const page2 = (await t.app.inject({ method: 'GET', url: `/api/conversations/${c.id}/messages?before=${page1.nextCursor}`, headers: alice.auth })).json<{ items: ChatMessage[]; nextCursor: string }>();
    expect(page2.items.map((m) => m.text)).toEqual(Array.from({ length: 50 }, (_, i) => `m${20 + i}`));
    const page3 = (await t.app.inject({ method: 'GET', url: `/api/conversations/${c.id}/messages?before=${page2.nextCursor}`, headers: alice.auth })).json<{ items: ChatMessage[]; nextCursor: string | null }>();
    expect(page3.items).toHaveLength(20);
    expect(page3.nextCursor).toBeNull();
  });

  it('regenerates the last answer and supports edit-and-resend', async () => {
    const c = await start(alice);
    await send(alice, c.id, 'Original question');
    const regenerated = await t.app.inject({ method: 'POST', url: `/api/conversations/${c.id}/regenerate`, headers: alice.auth });
    expect(streamedText(regenerated.body)).toContain('Original question');
    let messages = (await t.app.inject({ method: 'GET', url: `/api/conversations/${c.id}/messages`, headers: alice.auth })).json<{ items: ChatMessage[] }>().items;
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    const userId = messages[0]?.id;
    await t.app.inject({ method: 'POST', url: `/api/conversations/${c.id}/messages`, headers: alice.auth, payload: { text: 'Edited question', replaceFromMessageId: userId } });
    messages = (await t.app.inject({ method: 'GET', url: `/api/conversations/${c.id}/messages`, headers: alice.auth })).json<{ items: ChatMessage[] }>().items;
    expect(messages.map((m) => m.text.includes('Edited question'))).toEqual([true, true]);
    expect(messages.some((m) => m.text === 'Original question')).toBe(false);
  });

  describe('another member’s conversation', () => {
    let secret: Conversation;
    beforeAll(async () => {
      secret = await start(alice);
      await send(alice, secret.id, 'My private salary negotiation notes');
    });

    it.each([
      ['open it', 'GET', ''],
      ['read its messages', 'GET', '/messages'],
      ['export it', 'GET', '/export'],
      ['rename it', 'PATCH', ''],
      ['delete it', 'DELETE', ''],
      ['post to it', 'POST', '/messages'],
      ['regenerate in it', 'POST', '/regenerate'],
    ] as const)('cannot %s, even with its id: 404', async (_what, method, suffix) => {
      for (const who of [bob, outsider, admin]) {
        const response = await t.app.inject({ method, url: `/api/conversations/${secret.id}${suffix}`, headers: who.auth, payload: method === 'PATCH' ? { title: 'mine now' } : method === 'POST' && suffix === '/messages' ? { text: 'hi' } : undefined });
        expect(response.statusCode).toBe(404);
        expect(errorCode(response)).toBe('not_found');
      }
      const intact = (await t.app.inject({ method: 'GET', url: `/api/conversations/${secret.id}/messages`, headers: alice.auth })).json<{ items: ChatMessage[] }>().items;
      expect(intact[0]?.text).toBe('My private salary negotiation notes');
      expect(intact).toHaveLength(2);
    });

    it('does not appear in anyone else’s list or search, admins included', async () => {
      for (const who of [bob, outsider, admin]) {
        const list = (await t.app.inject({ method: 'GET', url: '/api/conversations?q=salary', headers: who.auth })).json<{ items: Conversation[] }>().items;
        expect(list).toEqual([]);
      }
    });
  });

  it('refuses to chat with an agent not assigned to any of the member’s communities', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/conversations', headers: alice.auth, payload: { agentId: otherAgentId } });
    expect(response.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/api/conversations', headers: alice.auth, payload: { agentId: randomUUID() } })).statusCode).toBe(404);
  });

  it('stops answering in a conversation whose agent is no longer assigned to the member', async () => {
    const c = await start(outsider, otherAgentId);
    await t.app.inject({ method: 'PUT', url: `/api/content/${otherAgentId}/assignments`, headers: admin.auth, payload: { communityIds: [] } });
    const response = await send(outsider, c.id, 'Still there?');
    expect(response.statusCode).toBe(404);
    const kept = await t.database.handle.db.selectFrom('messages').select('id').where('conversation_id', '=', c.id).execute();
    expect(kept).toEqual([]);
  });

  it('refuses an empty or oversized message with a clear 400', async () => {
    const c = await start(alice);
    const empty = await send(alice, c.id, '   ');
    expect(empty.statusCode).toBe(400);
    const huge = await send(alice, c.id, 'x'.repeat(8001));
    expect(huge.statusCode).toBe(400);
    expect(huge.json<{ error: { message: string } }>().error.message).toMatch(/8000/);
  });

  it('answers 404 everywhere in the sandbox when its flag is off, and works again when it is back on', async () => {
    const c = await start(alice);
    await t.database.handle.db.updateTable('feature_flags').set({ enabled: false }).where('key', '=', 'sandbox').execute();
    try {
      expect((await t.app.inject({ method: 'GET', url: '/api/conversations', headers: alice.auth })).statusCode).toBe(404);
      expect((await send(alice, c.id, 'hello')).statusCode).toBe(404);
      const me = (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: alice.auth })).json<{ flags: Record<string, boolean> }>();
      expect(me.flags.sandbox).toBe(false);
    } finally {
      await t.database.handle.db.updateTable('feature_flags').set({ enabled: true }).where('key', '=', 'sandbox').execute();
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/conversations', headers: alice.auth })).statusCode).toBe(200);
    expect(parseUiStream((await send(alice, c.id, 'hello again')).body).at(-1)?.type).toBe('finish');
  });
});

describe('sandbox message rate limit', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('answers 429 with Retry-After past the per-user limit, saving nothing for refused messages', async () => {
    t = await createTestApp({ OFFLINE_TOKEN_DELAY_MS: '0', CHAT_MESSAGES_PER_MINUTE: '2' });
    const alpha = await seedCommunity(t.database, 'Alpha');
    await seedUser(t.database, { email: 'admin@example.com', role: 'admin' });
    await seedUser(t.database, { email: 'fast@example.com', communities: [{ id: alpha, role: 'member' }] });
    const admin = await signIn(t.app, 'admin@example.com');
    const fast = await signIn(t.app, 'fast@example.com');
    const agent = (await t.app.inject({ method: 'POST', url: '/api/content', headers: admin.auth, payload: sampleContent('agent', 'Coach') })).json<ContentItem>();
    await t.app.inject({ method: 'PUT', url: `/api/content/${agent.id}/assignments`, headers: admin.auth, payload: { communityIds: [alpha] } });
    const c = (await t.app.inject({ method: 'POST', url: '/api/conversations', headers: fast.auth, payload: { agentId: agent.id } })).json<Conversation>();
    const send = () => t.app.inject({ method: 'POST', url: `/api/conversations/${c.id}/messages`, headers: fast.auth, payload: { text: 'again' } });
    expect((await send()).statusCode).toBe(200);
    expect((await send()).statusCode).toBe(200);
    const limited = await send();
    expect(limited.statusCode).toBe(429);
    expect(errorCode(limited)).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const saved = await t.database.handle.db.selectFrom('messages').select('id').where('role', '=', 'user').execute();
    expect(saved).toHaveLength(2);
  });
});
