import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem } from '../../contracts/content.js';
import { openDatabase, type DatabaseHandle } from '../lib/database.js';
import { migrate } from '../lib/migrator.js';
import { sampleContent } from './content-fixtures.js';
import { NOT_SAVED_MESSAGE } from '../modules/chat/answer-stream.js';
import { privatePostgresAvailable, type PrivatePostgres, startPrivatePostgres } from './private-postgres.js';
import { createTestApp, seedCommunity, seedUser, signIn, type TestApp } from './test-app.js';
import type { TestDatabase } from './test-database.js';

/**
 * A streamed answer is shown complete only once it is stored (issue 27): with the database stopped
 * while the answer streams, the stream ends as interrupted with a sentence and no finish — never
 * "complete" — and the text that arrived stays in the stream for the member to keep.
 */
describe.runIf(process.env.TEST_DB === 'postgres' && privatePostgresAvailable())('an answer the database could not store', () => {
  let server: PrivatePostgres;
  let handle: DatabaseHandle;
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    server = await startPrivatePostgres();
    handle = await openDatabase({ url: server.url, poolMax: 5 });
    await migrate(handle.pool);
    // Slow words, so the database can be stopped while the answer is still streaming.
    t = await createTestApp({ OFFLINE_TOKEN_DELAY_MS: '60' }, { handle, drop: async () => undefined });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await handle?.close().catch(() => undefined);
    server?.destroy();
  });

  async function conversation(): Promise<{ id: string; auth: Record<string, string> }> {
    const database: TestDatabase = { handle, drop: async () => undefined };
    const community = await seedCommunity(database, `Outage ${Date.now()}`);
    const admin = await seedUser(database, { email: `admin-${Date.now()}@example.com`, role: 'admin' });
    const member = await seedUser(database, { email: `member-${Date.now()}@example.com`, communities: [{ id: community, role: 'member' }] });
    const adminAuth = (await signIn(t.app, admin.email)).auth;
    const agent = (await t.app.inject({ method: 'POST', url: '/api/content', headers: adminAuth, payload: sampleContent('agent', 'Outage agent') })).json<ContentItem>();
    await t.app.inject({ method: 'PUT', url: `/api/content/${agent.id}/assignments`, headers: adminAuth, payload: { communityIds: [community] } });
    const { auth } = await signIn(t.app, member.email);
    const created = await t.app.inject({ method: 'POST', url: '/api/conversations', headers: auth, payload: { agentId: agent.id } });
    return { id: created.json<{ id: string }>().id, auth: { ...auth, 'content-type': 'application/json' } };
  }

  async function stream(id: string, auth: Record<string, string>, midway?: () => void): Promise<string> {
    const response = await fetch(`${base}/api/conversations/${id}/messages`, { method: 'POST', headers: auth, body: JSON.stringify({ text: 'Tell me everything' }) });
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    let raw = '';
    let deltas = 0;
    for (;;) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
      raw += new TextDecoder().decode(chunk.value);
      deltas = raw.split('"text-delta"').length - 1;
      if (midway && deltas >= 3) {
        midway();
        midway = undefined;
      }
    }
    return raw;
  }

  it('ends as interrupted, never complete, when the database stops mid-stream; stored and complete otherwise', async () => {
    const { id, auth } = await conversation();
    // The control: with the database up the answer ends complete, stored.
    const stored = await stream(id, auth);
    expect(stored).toContain('"type":"finish"');
    expect(stored).toContain('"status":"complete"');

    const raw = await stream(id, auth, () => server.stop());
    try {
      expect(raw).not.toContain('"type":"finish"');
      expect(raw).not.toContain('"status":"complete"');
      expect(raw).toContain('"status":"interrupted"');
      expect(raw).toContain(JSON.stringify(NOT_SAVED_MESSAGE));
      // What arrived before the outage is in the stream, for the member's screen.
      expect(raw.split('"text-delta"').length - 1).toBeGreaterThan(3);
    } finally {
      server.start();
    }
    // Nothing was stored for the cut answer: the conversation holds the first exchange and the new question.
    const deadline = Date.now() + 10_000;
    let messages = await t.app.inject({ method: 'GET', url: `/api/conversations/${id}/messages`, headers: auth });
    while (messages.statusCode !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      messages = await t.app.inject({ method: 'GET', url: `/api/conversations/${id}/messages`, headers: auth });
    }
    const roles = messages.json<{ items: Array<{ role: string }> }>().items.map((m) => m.role);
    expect(roles.filter((r) => r === 'assistant')).toHaveLength(1);
  }, 60_000);
});
