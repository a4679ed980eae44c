import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem } from '../../contracts/content.js';
import { openDatabase, type DatabaseHandle } from '../lib/database.js';
import { migrate } from '../lib/migrator.js';
import { sampleContent } from './content-fixtures.js';
import { pgbouncerAvailable, type PrivatePgBouncer, startPrivatePgBouncer } from './private-pgbouncer.js';
import { privatePostgresAvailable, type PrivatePostgres, startPrivatePostgres } from './private-postgres.js';
import { createTestApp, seedCommunity, seedUser, signIn, type TestApp } from './test-app.js';

/**
 * The soak through PgBouncer (issue 28): a private PostgreSQL, a transaction-mode PgBouncer 1.18 in
 * front of it with three server connections, and two app instances on it. Members of two communities
 * sign in, list their communities, the library and their conversations, chat on the offline model
 * and read their history, spread over both instances, for SOAK_PGBOUNCER_SECONDS (30 s in CI: the
 * whole test stays under two minutes on a busy two-core machine). Every answer is checked: a row of
 * the other community, a conversation or message of someone else, or any error fails the test.
 */
const SECONDS = Number(process.env.SOAK_PGBOUNCER_SECONDS ?? 30);
const WORKERS = 6;
const PEOPLE_PER_COMMUNITY = 4;

interface Person {
  email: string;
  community: string;
  auth: Record<string, string>;
  conversation: string;
  marker: string;
}

describe.runIf(process.env.TEST_DB === 'postgres' && pgbouncerAvailable() && privatePostgresAvailable())('soak through PgBouncer with two instances', () => {
  let postgres: PrivatePostgres;
  let bouncer: PrivatePgBouncer;
  const handles: DatabaseHandle[] = [];
  const apps: TestApp[] = [];
  const bases: string[] = [];
  const people: Person[] = [];
  /** Titles of the library item only each community is given. */
  const onlyFor = new Map<string, string>();

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    const direct = await openDatabase({ url: postgres.url, poolMax: 2 });
    await migrate(direct.pool);
    await direct.close();
    bouncer = await startPrivatePgBouncer({ host: '127.0.0.1', port: postgres.port }, { poolSize: 3 });
    const env = { LOGIN_LIMIT_PER_IP: '100000', LOGIN_LIMIT_PER_ACCOUNT: '100000', API_RATE_LIMIT_PER_MINUTE: '100000', CHAT_MESSAGES_PER_MINUTE: '100000', OFFLINE_TOKEN_DELAY_MS: '1' };
    for (let i = 0; i < 2; i += 1) {
      const handle = await openDatabase({ url: bouncer.urlFor(postgres.url), poolMax: 5, pooler: 'pgbouncer' });
      handles.push(handle);
      const t = await createTestApp(env, { handle, drop: async () => undefined });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      bases.push(`http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`);
      apps.push(t);
    }
    const [first] = apps as [TestApp];
    const database = first.database;
    const communities = [await seedCommunity(database, 'North'), await seedCommunity(database, 'South')];
    await seedUser(database, { email: 'soak-admin@example.com', role: 'admin' });
    const admin = await signIn(first.app, 'soak-admin@example.com');
    const create = async (payload: object, communityIds: string[]) => {
      const item = (await first.app.inject({ method: 'POST', url: '/api/content', headers: admin.auth, payload })).json<ContentItem>();
      const assigned = await first.app.inject({ method: 'PUT', url: `/api/content/${item.id}/assignments`, headers: admin.auth, payload: { communityIds } });
      expect(assigned.statusCode, assigned.body).toBe(200);
      return item.id;
    };
    const agent = await create(sampleContent('agent', 'Shared coach'), communities);
    for (const [n, community] of communities.entries()) {
      const title = `Only for community ${n + 1}`;
      await create(sampleContent('document', title), [community]);
      onlyFor.set(community, title);
    }
    for (let i = 0; i < PEOPLE_PER_COMMUNITY * 2; i += 1) {
      const community = communities[i % 2] ?? '';
      const email = `soak${i}@example.com`;
      await seedUser(database, { email, communities: [{ id: community, role: 'member' }] });
      const auth = (await signIn(first.app, email)).auth;
      const created = await first.app.inject({ method: 'POST', url: '/api/conversations', headers: auth, payload: { agentId: agent } });
      expect(created.statusCode, created.body).toBe(201);
      people.push({ email, community, auth, conversation: created.json<{ id: string }>().id, marker: `from ${email}` });
    }
  }, 90_000);

  afterAll(async () => {
    for (const t of apps) await t.close();
    for (const h of handles) await h.close();
    bouncer?.destroy();
    postgres?.destroy();
  });

  it('mixed traffic of two communities over both instances: no row of another community, no error', async () => {
    const problems: string[] = [];
    const latencies: number[] = [];
    let requests = 0;
    let chats = 0;
    const json = async <T>(response: Response, what: string): Promise<T | undefined> => {
      if (!response.ok) {
        problems.push(`${what}: ${response.status} ${(await response.text()).slice(0, 200)}`);
        return undefined;
      }
      return (await response.json()) as T;
    };
    const other = (p: Person) => [...onlyFor.entries()].find(([c]) => c !== p.community)?.[1] ?? '';
    const actions: Array<(base: string, p: Person) => Promise<void>> = [
      async (base, p) => {
        const body = await json<{ items: Array<{ id: string }> }>(await fetch(`${base}/api/communities`, { headers: p.auth }), 'communities');
        if (body && body.items.map((c) => c.id).join() !== p.community) problems.push(`${p.email} saw communities ${body.items.map((c) => c.id).join()}`);
      },
      async (base, p) => {
        const body = await json<{ items: Array<{ title: string }> }>(await fetch(`${base}/api/content?limit=50`, { headers: p.auth }), 'library');
        if (body?.items.some((i) => i.title === other(p))) problems.push(`${p.email} saw the other community's item`);
      },
      async (base, p) => {
        const body = await json<{ items: Array<{ id: string }> }>(await fetch(`${base}/api/conversations`, { headers: p.auth }), 'conversations');
        if (body && body.items.map((c) => c.id).join() !== p.conversation) problems.push(`${p.email} saw conversations ${body.items.map((c) => c.id).join()}`);
      },
      async (base, p) => {
        const response = await fetch(`${base}/api/conversations/${p.conversation}/messages`, { method: 'POST', headers: { ...p.auth, 'content-type': 'application/json' }, body: JSON.stringify({ text: `One tip, ${p.marker}` }) });
        const text = await response.text();
        if (!response.ok || !text.includes('"type":"finish"')) problems.push(`chat: ${response.status} ${text.slice(-200)}`);
        chats += 1;
      },
      async (base, p) => {
        const body = await json<{ items: Array<{ role: string; text: string }> }>(await fetch(`${base}/api/conversations/${p.conversation}/messages?limit=50`, { headers: p.auth }), 'history');
        const foreign = body?.items.filter((m) => m.role === 'user' && !m.text.endsWith(p.marker)) ?? [];
        if (foreign.length) problems.push(`${p.email} read ${foreign.length} message(s) of someone else`);
      },
    ];
    const started = Date.now();
    const worker = async (w: number) => {
      for (let n = 0; Date.now() - started < SECONDS * 1000; n += 1) {
        const person = people[(w + n * WORKERS) % people.length] as Person;
        const base = bases[(w + n) % bases.length] as string;
        const action = actions[(w + n) % actions.length] as (base: string, p: Person) => Promise<void>;
        const t0 = performance.now();
        await action(base, person).catch((error: unknown) => problems.push(`request failed: ${String(error)}`));
        latencies.push(performance.now() - t0);
        requests += 1;
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    const elapsed = (Date.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const at = (q: number) => (latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? NaN).toFixed(0);
    process.stdout.write(
      `soak through PgBouncer (transaction mode, 3 server connections), 2 instances, ${people.length} members of 2 communities, ${WORKERS} clients, ${elapsed.toFixed(0)} s: ` +
        `${requests} requests (${(requests / elapsed).toFixed(1)}/s, ${chats} chat turns), p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, errors and cross-community rows ${problems.length}\n`,
    );
    expect(problems.slice(0, 20)).toEqual([]);
    expect(requests).toBeGreaterThan(WORKERS * 5);
  }, 60_000 + SECONDS * 1000);
});
