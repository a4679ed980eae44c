import { existsSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem } from '../../contracts/content.js';
import { openDatabase, type DatabaseHandle } from '../lib/database.js';
import { sampleContent } from './content-fixtures.js';
import { shutdownGracefully } from '../plugins/drain.js';
import { NGINX_BIN, type Running, sparePort, startNginx } from '../../scripts/staging-local.js';
import { createTestApp, seedCommunity, seedUser, TEST_PASSWORD, type TestApp } from './test-app.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

interface Instance {
  t: TestApp;
  handle: DatabaseHandle;
}

/**
 * A rolling restart through the shipped nginx rules (deploy/nginx/aigym.conf) under mixed load —
 * reads, conversation creations and streamed chat answers from the local model — fails no request
 * (ADR 0038): each instance in turn is stopped the way SIGTERM stops it (shutdownGracefully, as
 * server/main.ts does) and started again on its port, while nginx passes its 503s and refused
 * connections to the other one.
 */
describe.runIf(process.env.TEST_DB === 'postgres' && existsSync(NGINX_BIN))('a rolling restart behind nginx', () => {
  let database: TestDatabase;
  let nginx: Running | undefined;
  let proxy: string;
  const ports: number[] = [];
  const instances: Instance[] = [];
  const env = {
    TRUST_PROXY: '1',
    LOGIN_LIMIT_PER_IP: '100000',
    CHAT_MESSAGES_PER_MINUTE: '100000',
    API_RATE_LIMIT_PER_MINUTE: '100000',
  };

  async function startInstance(port: number): Promise<Instance> {
    const handle = await openDatabase({ url: database.url });
    const t = await createTestApp(env, { handle, drop: async () => undefined });
    await t.app.listen({ port, host: '127.0.0.1' });
    return { t, handle };
  }

  async function stopInstance(instance: Instance): Promise<void> {
    await shutdownGracefully(instance.t.app, 15_000, 5_000);
    await instance.handle.close();
    rmSync(instance.t.dataDir, { recursive: true, force: true });
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    for (let i = 0; i < 2; i += 1) {
      const port = await sparePort();
      ports.push(port);
      instances.push(await startInstance(port));
    }
    nginx = await startNginx(ports.map((p) => `127.0.0.1:${p}`));
    proxy = nginx.url;
  }, 60_000);

  afterAll(async () => {
    await nginx?.stop();
    for (const instance of instances) await stopInstance(instance).catch(() => undefined);
    await database?.drop();
  });

  const json = { 'content-type': 'application/json' };
  const token = async (email: string) =>
    ((await (await fetch(`${proxy}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email, password: TEST_PASSWORD }) })).json()) as { accessToken: string }).accessToken;

  it('fails no read, no creation and no streamed answer while both instances restart in turn', async () => {
    const community = await seedCommunity(database, `Rolling ${randomUUID().slice(0, 6)}`);
    const admin = await seedUser(database, { email: `admin-${randomUUID()}@example.com`, role: 'admin' });
    const member = await seedUser(database, { email: `member-${randomUUID()}@example.com`, communities: [{ id: community, role: 'member' }] });
    const adminAuth = { authorization: `Bearer ${await token(admin.email)}`, ...json };
    const agent = (await (await fetch(`${proxy}/api/content`, { method: 'POST', headers: adminAuth, body: JSON.stringify(sampleContent('agent', 'Rolling agent')) })).json()) as ContentItem;
    await fetch(`${proxy}/api/content/${agent.id}/assignments`, { method: 'PUT', headers: adminAuth, body: JSON.stringify({ communityIds: [community] }) });
    const auth = { authorization: `Bearer ${await token(member.email)}`, ...json };

    const failures: string[] = [];
    const done = { reads: 0, creations: 0, answers: 0 };
    let running = true;
    const pause = () => new Promise((resolve) => setTimeout(resolve, 25));
    const record = (what: string, error: unknown) => failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);

    const reader = async () => {
      while (running) {
        try {
          for (const url of ['/api/auth/me', '/api/conversations']) {
            const response = await fetch(`${proxy}${url}`, { headers: auth });
            if (response.status !== 200) failures.push(`GET ${url} ${response.status} ${await response.text()}`);
            else done.reads += 1;
          }
        } catch (error) {
          record('read', error);
        }
        await pause();
      }
    };
    const create = async () => {
      const response = await fetch(`${proxy}/api/conversations`, { method: 'POST', headers: auth, body: JSON.stringify({ agentId: agent.id }) });
      if (response.status !== 201 && response.status !== 200) throw new Error(`POST /api/conversations ${response.status} ${await response.text()}`);
      done.creations += 1;
      return ((await response.json()) as { id: string }).id;
    };
    const creator = async () => {
      while (running) {
        await create().catch((error: unknown) => record('create', error));
        await pause();
      }
    };
    const chatter = async () => {
      while (running) {
        try {
          const conversation = await create();
          const response = await fetch(`${proxy}/api/conversations/${conversation}/messages`, { method: 'POST', headers: auth, body: JSON.stringify({ text: 'Keep talking while the servers restart' }) });
          const raw = await response.text();
          if (response.status !== 200) failures.push(`POST messages ${response.status} ${raw}`);
          else if (!raw.includes('"type":"finish"') || raw.includes('interrupted')) failures.push(`stream not complete: ${raw.slice(-300)}`);
          else done.answers += 1;
        } catch (error) {
          record('chat', error);
        }
        await pause();
      }
    };
    const load = Promise.all([reader(), reader(), creator(), chatter(), chatter()]);

    await new Promise((resolve) => setTimeout(resolve, 2_000));
    for (let i = 0; i < instances.length; i += 1) {
      const old = instances[i];
      if (!old) continue;
      await stopInstance(old);
      instances[i] = await startInstance(ports[i] ?? 0);
      // Serving on both again before the next one goes.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
    running = false;
    await load;

    expect(failures).toEqual([]);
    expect(done.reads).toBeGreaterThan(50);
    expect(done.creations).toBeGreaterThan(10);
    expect(done.answers).toBeGreaterThan(3);
  }, 120_000);
});
