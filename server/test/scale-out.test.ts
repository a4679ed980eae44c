import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem } from '../../contracts/content.js';
import { openDatabase, type DatabaseHandle } from '../lib/database.js';
import { sampleContent } from './content-fixtures.js';
import { createTestApp, seedCommunity, seedUser, TEST_PASSWORD, type TestApp } from './test-app.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { NGINX_BIN, type Running, startNginx } from '../../scripts/staging-local.js';

/**
 * Two app instances on one PostgreSQL and one Redis, behind nginx (Debian's package, default proxy
 * buffering): sessions, rate limits and logouts work across instances; SSE streams are not buffered.
 */
describe.runIf(process.env.TEST_DB === 'postgres' && process.env.REDIS_URL && existsSync(NGINX_BIN))('two instances behind nginx', () => {
  let database: TestDatabase;
  const handles: DatabaseHandle[] = [];
  const apps: TestApp[] = [];
  const ports: number[] = [];
  let nginx: Running | undefined;
  let proxy: string;
  const email = `roamer-${randomUUID()}@example.com`;

  beforeAll(async () => {
    database = await createTestDatabase();
    for (let i = 0; i < 2; i += 1) {
      const handle = await openDatabase({ url: database.url });
      handles.push(handle);
      // Every run signs in from 127.0.0.1 through one shared Redis, so the per-IP ceiling is raised:
      // the per-account count (a fresh email each run) is what this test checks.
      const env = { REDIS_URL: process.env.REDIS_URL ?? '', TRUST_PROXY: '1', LOGIN_LIMIT_PER_ACCOUNT: '3', LOGIN_LIMIT_PER_IP: '100000', OFFLINE_TOKEN_DELAY_MS: '30' };
      const t = await createTestApp(env, { handle, drop: async () => undefined });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      ports.push((t.app.server.address() as AddressInfo).port);
      apps.push(t);
    }
    // The staging recipe's nginx with the production rules (deploy/nginx/aigym.conf), not a copy.
    nginx = await startNginx(ports.map((p) => `127.0.0.1:${p}`));
    proxy = nginx.url;
    await seedUser(database, { email });
  }, 60_000);

  afterAll(async () => {
    await nginx?.stop();
    for (const t of apps) await t.close();
    for (const h of handles) await h.close();
    await database?.drop();
  });

  const login = (base: string, password = TEST_PASSWORD) =>
    fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const me = (port: number, token: string) => fetch(`http://127.0.0.1:${port}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });

  it('a session started through the proxy works on either instance, and a logout on one is honoured by the other', async () => {
    const response = await login(proxy);
    expect(response.status).toBe(200);
    const { accessToken } = (await response.json()) as { accessToken: string };
    const [first = 0, second = 0] = ports;
    expect((await me(first, accessToken)).status).toBe(200);
    expect((await me(second, accessToken)).status).toBe(200);
    const out = await fetch(`http://127.0.0.1:${first}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` } });
    expect(out.status).toBe(204);
    expect((await me(second, accessToken)).status).toBe(401);
    expect((await me(first, accessToken)).status).toBe(401);
  });

  it('shares sign-in throttling: failures spread over both instances add up', async () => {
    for (let i = 0; i < 3; i += 1) expect((await login(proxy, 'wrong password')).status).toBe(401);
    const [first = 0, second = 0] = ports;
    expect((await login(`http://127.0.0.1:${first}`)).status).toBe(429);
    expect((await login(`http://127.0.0.1:${second}`)).status).toBe(429);
  });

  it('ignores a client-chosen X-Forwarded-For: the address is the one nginx saw, for sessions and throttling', async () => {
    const spoofer = `spoofer-${randomUUID()}@example.com`;
    await seedUser(database, { email: spoofer });
    const spoofed = (forwardedFor: string, password = TEST_PASSWORD) =>
      fetch(`${proxy}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        body: JSON.stringify({ email: spoofer, password }),
      });
    const signedIn = await spoofed('203.0.113.50');
    expect(signedIn.status).toBe(200);
    const { user } = (await signedIn.json()) as { user: { id: string } };
    const session = await database.handle.db.selectFrom('sessions').select('ip').where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(session.ip).toBe('127.0.0.1');
    // Failures made under three invented addresses are one address's failures: a fresh invented one buys no new budget.
    for (const forged of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) expect((await spoofed(forged, 'wrong password')).status).toBe(401);
    expect((await spoofed('198.51.100.4')).status).toBe(429);
  });

  it('refuses a body over the production limit at the proxy, before it reaches an instance', async () => {
    const response = await fetch(`${proxy}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(22 * 1024 * 1024) });
    expect(response.status).toBe(413);
  });

  it('does not expose /metrics through the proxy', async () => {
    expect((await fetch(`${proxy}/metrics`)).status).toBe(404);
  });

  it('streams a chat answer through nginx without buffering it', async () => {
    const community = await seedCommunity(database, `Proxy ${randomUUID().slice(0, 6)}`);
    const admin = await seedUser(database, { email: `admin-${randomUUID()}@example.com`, role: 'admin' });
    const chatter = await seedUser(database, { email: `chatter-${randomUUID()}@example.com`, communities: [{ id: community, role: 'member' }] });
    const token = async (address: string) =>
      ((await (await fetch(`${proxy}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: address, password: TEST_PASSWORD }) })).json()) as { accessToken: string }).accessToken;
    const adminAuth = { authorization: `Bearer ${await token(admin.email)}`, 'content-type': 'application/json' };
    const agent = (await (await fetch(`${proxy}/api/content`, { method: 'POST', headers: adminAuth, body: JSON.stringify(sampleContent('agent', 'Proxy agent')) })).json()) as ContentItem;
    await fetch(`${proxy}/api/content/${agent.id}/assignments`, { method: 'PUT', headers: adminAuth, body: JSON.stringify({ communityIds: [community] }) });
    const auth = { authorization: `Bearer ${await token(chatter.email)}`, 'content-type': 'application/json' };
    const conversation = (await (await fetch(`${proxy}/api/conversations`, { method: 'POST', headers: auth, body: JSON.stringify({ agentId: agent.id }) })).json()) as { id: string };

    const started = Date.now();
    const response = await fetch(`${proxy}/api/conversations/${conversation.id}/messages`, { method: 'POST', headers: auth, body: JSON.stringify({ text: 'Stream me through the proxy' }) });
    // nginx consumes X-Accel-Buffering itself (it is what turns its buffering off), so only timing shows it.
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    let firstDeltaAt = 0;
    let raw = '';
    for (;;) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
      raw += new TextDecoder().decode(chunk.value);
      if (!firstDeltaAt && raw.includes('"text-delta"')) firstDeltaAt = Date.now() - started;
    }
    const total = Date.now() - started;
    // ~100 words at 30 ms each: buffered, the first word would arrive with the last.
    expect(total).toBeGreaterThan(1500);
    expect(firstDeltaAt).toBeLessThan(total / 3);
    expect(raw).toContain('"type":"finish"');
  }, 30_000);
});
