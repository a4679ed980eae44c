import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Community } from '../../../contracts/communities.js';
import type { GroupTotals } from '../../../contracts/privacy.js';
import { createTestApp, errorCode, seedUser, signIn, type SignedIn, type TestApp } from '../../test/test-app.js';
import { createAssignedContent, seedTwoCommunities, type TwoCommunities } from '../../test/two-communities.js';
import { sampleContent } from '../../test/content-fixtures.js';
import { practise } from '../../test/privacy-fixtures.js';

/**
 * Works-council mode (issue 31, ADR 0042): in such a community its managers see totals of groups of
 * five or more, never one person. The sweep takes every GET route from the app's own route table
 * (the OpenAPI document Fastify builds from every registered route), fills its path and query with
 * every id that could name a member, calls it as the manager and searches the answer for the
 * members' ids, emails and names. The same sweep in standard mode must find them (it can fail).
 */
interface OpenApi {
  paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string; schema?: { enum?: string[] } }> }>>;
}

const MEMBERS = ['wilhelmina.okafor', 'ignatius.brannigan', 'perpetua.lindqvist', 'ottoline.fairweather', 'barnaby.quigley'];

describe('works-council mode', () => {
  let t: TestApp;
  let p: TwoCommunities;
  let members: Array<SignedIn & { email: string }>;
  const ids: Record<'agent' | 'exercise' | 'program', string> = { agent: '', exercise: '', program: '' };
  const attempts: string[] = [];
  const conversations: string[] = [];

  /** What would single out one member of A: their ids, emails and names. */
  const needles = () => [...members.flatMap((m) => [m.userId, m.email, m.email.split('@')[0] ?? m.email]), p.ids.a1, p.ids.a2, 'a1@example.com', 'a2@example.com'];

  beforeAll(async () => {
    t = await createTestApp({ OFFLINE_TOKEN_DELAY_MS: '0', CHAT_MESSAGES_PER_MINUTE: '1000' });
    p = await seedTwoCommunities(t);
    members = [];
    for (const name of MEMBERS) {
      const email = `${name}@example.com`;
      await seedUser(t.database, { email, communities: [{ id: p.ids.A, role: 'member' }] });
      members.push({ ...(await signIn(t.app, email)), email });
    }
    ids.agent = await createAssignedContent(t, p.admin, sampleContent('agent', 'Coach'), [p.ids.A]);
    ids.exercise = await createAssignedContent(t, p.admin, sampleContent('exercise', 'Write a prompt', { details: { ...(sampleContent('exercise', 'x').details as { brief: string; rubric: Array<{ title: string; description: string }> }), practiceAgentId: ids.agent } }), [p.ids.A]);
    const program = await t.app.inject({ method: 'POST', url: '/api/programs', headers: p.admin.auth, payload: { title: 'Onboarding', status: 'published', dueDays: 30, steps: [{ contentId: ids.agent }, { contentId: ids.exercise }] } });
    expect(program.statusCode, program.body).toBe(201);
    ids.program = program.json<{ id: string }>().id;
    expect((await t.app.inject({ method: 'PUT', url: `/api/programs/${ids.program}/assignments`, headers: p.admin.auth, payload: { communityIds: [p.ids.A] } })).statusCode).toBe(200);
    // Everyone practises and shares the attempt with their managers.
    for (const m of [...members, p.a1]) {
      const attempt = await practise(t, m, ids.exercise);
      attempts.push(attempt.id);
      if (attempt.conversationId) conversations.push(attempt.conversationId);
      expect((await t.app.inject({ method: 'PUT', url: `/api/attempts/${attempt.id}/share`, headers: m.auth })).statusCode).toBe(200);
    }
  });
  afterAll(() => t?.close());

  /** Every GET route of the app, with its path and query filled in every way that could name a member. */
  function requests(): string[] {
    const spec = t.app.swagger() as unknown as OpenApi;
    const memberIds = [...members.map((m) => m.userId), p.ids.a1, p.ids.a2];
    const urls = new Set<string>();
    for (const [path, operations] of Object.entries(spec.paths)) {
      const get = operations.get;
      if (!get || !path.startsWith('/api/')) continue;
      const query = (get.parameters ?? []).filter((x) => x.in === 'query').map((x) => x.name);
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
      const candidates = (name: string): string[] => {
        if (name === 'userId') return memberIds;
        if (path.startsWith('/api/communities/')) return [p.ids.A];
        if (path.startsWith('/api/users/') || path.startsWith('/api/analytics/members/')) return memberIds;
        if (path.startsWith('/api/attempts/')) return attempts;
        if (path.startsWith('/api/conversations/')) return conversations;
        if (path.startsWith('/api/programs/')) return [ids.program];
        if (path.startsWith('/api/exercises/') || path.startsWith('/api/analytics/exercises/')) return [ids.exercise];
        if (path.startsWith('/api/content/')) return [ids.agent, ids.exercise];
        return [p.ids.A, ids.program, ids.exercise, ids.agent, ...memberIds, ...attempts.slice(0, 2)];
      };
      let filled = [path];
      for (const name of names) filled = filled.flatMap((f) => candidates(name).map((c) => f.replace(`{${name}}`, c)));
      const variants: Array<Record<string, string>> = [{}];
      if (query.includes('communityId')) variants.push({ communityId: p.ids.A });
      if (query.includes('userId')) for (const id of memberIds) variants.push({ userId: id, ...(query.includes('communityId') ? { communityId: p.ids.A } : {}) });
      if (query.includes('format')) variants.push({ format: 'csv' }, ...(query.includes('communityId') ? [{ format: 'csv', communityId: p.ids.A }] : []));
      if (query.includes('exerciseId')) variants.push({ exerciseId: ids.exercise });
      for (const url of filled) for (const v of variants) urls.add(Object.keys(v).length ? `${url}?${new URLSearchParams(v).toString()}` : url);
    }
    return [...urls];
  }

  /** The requests whose answer to `who` names a member of A, with what it named. */
  async function leaks(who: SignedIn): Promise<string[]> {
    const found: string[] = [];
    const search = needles().map((n) => n.toLowerCase());
    for (const url of requests()) {
      const res = await t.app.inject({ method: 'GET', url, headers: who.auth });
      const body = res.body.toLowerCase();
      // An id the request itself carries and the answer only echoes (a SAML metadata document names
      // its own address) singles nobody out; the person's email or name in the answer would.
      const named = search.filter((n) => body.includes(n) && !url.toLowerCase().includes(n));
      if (named.length > 0) found.push(`${url} → ${res.statusCode} names ${named.slice(0, 2).join(', ')}`);
    }
    return found;
  }

  it('in standard mode the sweep finds the manager’s per-person views (so it can fail)', async () => {
    const found = await leaks(p.mA);
    const routes = found.map((f) => f.split(' ')[0]?.split('?')[0]);
    expect(routes).toEqual(expect.arrayContaining([`/api/communities/${p.ids.A}/members`, '/api/analytics/members']));
    expect(found.some((f) => f.startsWith('/api/attempts'))).toBe(true);
    expect(found.some((f) => f.includes(`/api/programs/${ids.program}/progress`))).toBe(true);
    expect(requests().length).toBeGreaterThan(80);
  });

  it('in works-council mode no GET route answers the manager with anything naming one member', async () => {
    const res = await t.app.inject({ method: 'PATCH', url: `/api/communities/${p.ids.A}`, headers: p.admin.auth, payload: { privacyMode: 'works-council' } });
    expect(res.json<Community>().privacyMode).toBe('works-council');
    expect(await leaks(p.mA)).toEqual([]);
  });

  it('refuses the member list with a reason, the transcript and the review of a shared attempt', async () => {
    const list = await t.app.inject({ method: 'GET', url: `/api/communities/${p.ids.A}/members`, headers: p.mA.auth });
    expect(list.statusCode).toBe(403);
    expect(list.json<{ error: { message: string } }>().error.message).toMatch(/works-council/);
    expect(errorCode(await t.app.inject({ method: 'GET', url: `/api/attempts/${attempts[0]}/transcript`, headers: p.mA.auth }))).toBe('not_found');
    // Managers change no scores anywhere (ADR 0036); in works-council mode they cannot even find the attempt.
    const review = await t.app.inject({ method: 'PUT', url: `/api/attempts/${attempts[0]}/review`, headers: p.mA.auth, payload: { criteria: [{ criterionId: 'c1', score: 10 }], reason: 'Try again.' } });
    expect([403, 404]).toContain(review.statusCode);
    // Admins still see the people (they administer accounts, not performance).
    expect((await t.app.inject({ method: 'GET', url: `/api/communities/${p.ids.A}/members`, headers: p.admin.auth })).statusCode).toBe(200);
  });

  it('gives the manager totals for the group of five or more, and nothing below five', async () => {
    const totals = await t.app.inject({ method: 'GET', url: `/api/communities/${p.ids.A}/group-totals`, headers: p.mA.auth });
    expect(totals.statusCode, totals.body).toBe(200);
    const body = totals.json<GroupTotals>();
    expect(body).toMatchObject({ privacyMode: 'works-council', minimumGroupSize: 5, members: 7, attempts: 6 });
    expect(body.messages).toBeGreaterThan(0);
    // B has one member: a total there would be that person.
    await t.app.inject({ method: 'PATCH', url: `/api/communities/${p.ids.B}`, headers: p.admin.auth, payload: { privacyMode: 'works-council' } });
    const small = (await t.app.inject({ method: 'GET', url: `/api/communities/${p.ids.B}/group-totals`, headers: p.mB.auth })).json<GroupTotals>();
    expect(small).toMatchObject({ members: 1, activeMembers: null, conversations: null, messages: null, attempts: null, passed: null });
    // Other communities' managers and members get nothing.
    expect(errorCode(await t.app.inject({ method: 'GET', url: `/api/communities/${p.ids.A}/group-totals`, headers: p.mB.auth }))).toBe('not_found');
    expect(errorCode(await t.app.inject({ method: 'GET', url: `/api/communities/${p.ids.A}/group-totals`, headers: p.a1.auth }))).toBe('forbidden');
  });

  it('shows members that the mode is on', async () => {
    const seen = await t.app.inject({ method: 'GET', url: `/api/communities/${p.ids.A}`, headers: members[0]?.auth ?? {} });
    expect(seen.json<Community>().privacyMode).toBe('works-council');
    // Their own data is still theirs.
    const own = await t.app.inject({ method: 'GET', url: `/api/attempts/${attempts[0]}`, headers: members[0]?.auth ?? {} });
    expect(own.statusCode).toBe(200);
  });
});
