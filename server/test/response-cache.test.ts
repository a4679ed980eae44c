import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleContent } from './content-fixtures.js';
import { createTestApp, seedCommunity, seedUser, signIn, type SignedIn, type TestApp } from './test-app.js';
import { testDbKind } from './test-database.js';

/**
 * The request path is tuned for speed (ADR 0015), and the usual next step of such tuning is a
 * cache. Whatever is added, no answer may ever reach a user it was not computed for: not through a
 * server-side cache keyed on the URL, not through a reused connection or transaction, and not
 * through a shared HTTP cache (every authenticated answer is `no-store`).
 */
describe(`no cache serves one user's data to another on ${testDbKind() === 'pglite' ? 'PGlite' : 'PostgreSQL'}`, () => {
  let t: TestApp;
  let alice: SignedIn;
  let bob: SignedIn;
  const titles = { alice: 'Alice only: spreadsheet drills', bob: 'Bob only: meeting notes' };

  beforeAll(async () => {
    t = await createTestApp({ API_RATE_LIMIT_PER_MINUTE: '100000' });
    const [north, south] = [await seedCommunity(t.database, 'North'), await seedCommunity(t.database, 'South')];
    await seedUser(t.database, { email: 'alice@example.com', communities: [{ id: north, role: 'member' }] });
    await seedUser(t.database, { email: 'bob@example.com', communities: [{ id: south, role: 'manager' }] });
    await seedUser(t.database, { email: 'admin@example.com', role: 'admin' });
    const admin = await signIn(t.app, 'admin@example.com');
    for (const [title, community] of [
      [titles.alice, north],
      [titles.bob, south],
    ] as const) {
      const created = await t.app.inject({ method: 'POST', url: '/api/content', headers: admin.auth, payload: sampleContent('document', title) });
      const id = created.json<{ id: string }>().id;
      await t.app.inject({ method: 'PUT', url: `/api/content/${id}/assignments`, headers: admin.auth, payload: { communityIds: [community] } });
    }
    alice = await signIn(t.app, 'alice@example.com');
    bob = await signIn(t.app, 'bob@example.com');
  });
  afterAll(() => t.close());

  const get = (url: string, who?: SignedIn) => t.app.inject({ method: 'GET', url, ...(who ? { headers: who.auth } : {}) });
  const contentTitles = (r: LightMyRequestResponse) => r.json<{ items: Array<{ title: string }> }>().items.map((i) => i.title);

  it('answers the same URL for two users, alternately and at once, each with their own data', async () => {
    const urls = ['/api/auth/me', '/api/content?limit=20', '/api/communities'];
    const order: Array<[string, SignedIn, 'alice' | 'bob']> = [];
    for (let i = 0; i < 6; i += 1) for (const url of urls) order.push([url, i % 2 ? bob : alice, i % 2 ? 'bob' : 'alice'], [url, i % 2 ? alice : bob, i % 2 ? 'alice' : 'bob']);
    // Sequentially (a cache would be warm for the other user), then concurrently in groups of six
    // (both users' requests share the pool's connections; groups keep a busy machine's pool from
    // answering 503 to a burst, which would prove nothing).
    const sequential: LightMyRequestResponse[] = [];
    for (const [url, who] of order) sequential.push(await get(url, who));
    const concurrent: LightMyRequestResponse[] = [];
    for (let i = 0; i < order.length; i += 6) concurrent.push(...(await Promise.all(order.slice(i, i + 6).map(([url, who]) => get(url, who)))));
    for (const responses of [sequential, concurrent]) {
      for (const [i, [url, , name]] of order.entries()) {
        const response = responses[i] as LightMyRequestResponse;
        expect(response.statusCode, `${name} ${url}`).toBe(200);
        if (url === '/api/auth/me') {
          const me = response.json<{ user: { email: string }; communities: Array<{ name: string; role: string }> }>();
          expect(me.user.email).toBe(`${name}@example.com`);
          expect(me.communities).toEqual([name === 'alice' ? expect.objectContaining({ name: 'North', role: 'member' }) : expect.objectContaining({ name: 'South', role: 'manager' })]);
        } else if (url.startsWith('/api/content')) {
          expect(contentTitles(response)).toEqual([titles[name]]);
        } else {
          expect(response.json<{ items: Array<{ name: string }> }>().items.map((c) => c.name)).toEqual([name === 'alice' ? 'North' : 'South']);
        }
      }
    }
  });

  it('does not answer a request without a token from what a signed-in user was just shown', async () => {
    expect((await get('/api/content?limit=20', alice)).statusCode).toBe(200);
    const anonymous = await get('/api/content?limit=20');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.body).not.toContain(titles.alice);
  });

  it('forbids shared HTTP caches to store any authenticated answer', async () => {
    for (const url of ['/api/auth/me', '/api/content?limit=20', '/api/communities', '/api/conversations']) {
      const response = await get(url, alice);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toMatch(/\bno-store\b/);
      expect(response.headers['cache-control'], url).toMatch(/\bprivate\b/);
    }
  });

  it('stops answering a signed-out user at once, even for a page they have just read', async () => {
    const carol = await seedUser(t.database, { email: 'carol@example.com' });
    const session = await signIn(t.app, 'carol@example.com');
    expect((await get('/api/auth/me', session)).json<{ user: { id: string } }>().user.id).toBe(carol.id);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: session.auth, cookies: { aigym_refresh: session.refreshCookie } });
    expect(out.statusCode).toBeLessThan(300);
    expect((await get('/api/auth/me', session)).statusCode).toBe(401);
  });
});
