import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem } from '../../contracts/content.js';
import { sampleContent } from './content-fixtures.js';
import { createTestApp, errorCode, seedCommunity, seedUser, signIn, type SignedIn, type TestApp } from './test-app.js';

describe('no silent overwrites: ETag and If-Match', () => {
  let t: TestApp;
  let first: SignedIn;
  let second: SignedIn;
  beforeAll(async () => {
    t = await createTestApp();
    await seedUser(t.database, { email: 'ada@edits.example', role: 'admin' });
    await seedUser(t.database, { email: 'bo@edits.example', role: 'admin' });
    first = await signIn(t.app, 'ada@edits.example');
    second = await signIn(t.app, 'bo@edits.example');
  });
  afterAll(() => t.close());

  const get = async (who: SignedIn, url: string) => {
    const response = await t.app.inject({ method: 'GET', url, headers: who.auth });
    expect(response.statusCode, response.body).toBe(200);
    const etag = response.headers.etag;
    expect(typeof etag).toBe('string');
    return String(etag);
  };
  const patch = (who: SignedIn, url: string, payload: object, ifMatch?: string) =>
    t.app.inject({ method: 'PATCH', url, headers: { ...who.auth, ...(ifMatch ? { 'if-match': ifMatch } : {}) }, payload });

  it('two admins editing one agent in parallel: exactly one wins, the other gets 412 edit_conflict', async () => {
    const agent = (await t.app.inject({ method: 'POST', url: '/api/content', headers: first.auth, payload: sampleContent('agent', 'Shared agent') })).json<ContentItem>();
    const url = `/api/content/${agent.id}`;
    const [tagA, tagB] = [await get(first, url), await get(second, url)];
    expect(tagA).toBe(tagB);
    const results = await Promise.all([
      patch(first, url, { title: 'Ada’s title', details: { systemPrompt: 'Ada’s instructions' } }, tagA),
      patch(second, url, { title: 'Bo’s title', details: { systemPrompt: 'Bo’s instructions' } }, tagB),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412]);
    const loser = results.find((r) => r.statusCode === 412);
    const winner = results.find((r) => r.statusCode === 200);
    if (!loser || !winner) throw new Error('expected one winner and one loser');
    expect(errorCode(loser)).toBe('edit_conflict');
    // The winner's edit is what is stored, whole; the answer carries the new tag.
    const stored = (await t.app.inject({ method: 'GET', url, headers: first.auth })).json<ContentItem>();
    expect(stored.title).toBe(winner.json<ContentItem>().title);
    expect(winner.headers.etag).toBe(await get(first, url));
    // The loser reloads, and may then save.
    const fresh = await get(second, url);
    expect((await patch(second, url, { title: 'Bo after reloading' }, fresh)).statusCode).toBe(200);
    expect((await patch(first, url, { title: 'stale again' }, tagA)).statusCode).toBe(412);
    // A client that sends no If-Match is not refused (older clients, scripts).
    expect((await patch(first, url, { title: 'No precondition' })).statusCode).toBe(200);
  });

  it('communities, users and flags honour If-Match too', async () => {
    const community = await seedCommunity(t.database, 'Edited together');
    const member = await seedUser(t.database, { email: 'edited@edits.example' });
    await t.app.inject({ method: 'POST', url: '/api/flags', headers: first.auth, payload: { key: 'edit_race', description: 'x' } });
    const cases: Array<{ url: string; getUrl: string; payload: object; second: object }> = [
      { url: `/api/communities/${community}`, getUrl: `/api/communities/${community}`, payload: { name: 'Renamed once' }, second: { name: 'Renamed twice' } },
      { url: `/api/users/${member.id}`, getUrl: `/api/users/${member.id}`, payload: { displayName: 'Once' }, second: { displayName: 'Twice' } },
      { url: '/api/flags/edit_race', getUrl: '/api/flags', payload: { enabled: true }, second: { description: 'changed' } },
    ];
    for (const c of cases) {
      const tag = await get(first, c.getUrl);
      expect((await patch(first, c.url, c.payload, tag)).statusCode, c.url).toBe(200);
      const stale = await patch(second, c.url, c.second, tag);
      expect(stale.statusCode, c.url).toBe(412);
      expect(errorCode(stale)).toBe('edit_conflict');
      expect((await patch(second, c.url, c.second, await get(second, c.getUrl))).statusCode, c.url).toBe(200);
    }
  });
});
