import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsSummary, CommunityStats, Engagement, MemberHome, MemberReport, MemberStats, TopAgents } from '../../../contracts/analytics.js';
import type { ContentItem } from '../../../contracts/content.js';
import { createTestApp, errorCode, seedCommunity, seedUser, signIn, type SignedIn, type TestApp } from '../../test/test-app.js';
import { sampleContent } from '../../test/content-fixtures.js';

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);

/**
 * A small known world: communities A and B; manager mA, members a1, a2 in A; b1 in B.
 * a1 chats with agent X today (2 messages) and completes document D, copies prompt P twice;
 * a2 chats with agent Y three days ago (1 message) and watched video V then;
 * b1 chats with X today (1 message) and completes D.
 * Chatting with an agent opens it (migration 0008), so X and Y count as viewed by those who chatted.
 */
describe('analytics on a known dataset', () => {
  let t: TestApp;
  let admin: SignedIn;
  let manager: SignedIn;
  let a1: SignedIn;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    const db = t.database.handle.db;
    ids.A = await seedCommunity(t.database, 'Alpha');
    ids.B = await seedCommunity(t.database, 'Beta');
    await seedUser(t.database, { email: 'admin@example.com', role: 'admin' });
    ids.mA = (await seedUser(t.database, { email: 'ma@example.com', communities: [{ id: ids.A, role: 'manager' }] })).id;
    ids.a1 = (await seedUser(t.database, { email: 'a1@example.com', communities: [{ id: ids.A, role: 'member' }] })).id;
    ids.a2 = (await seedUser(t.database, { email: 'a2@example.com', communities: [{ id: ids.A, role: 'member' }] })).id;
    ids.b1 = (await seedUser(t.database, { email: 'b1@example.com', communities: [{ id: ids.B, role: 'member' }] })).id;
    // Everyone joined before the dataset's activity: a community counts a person only since they joined it (issue 25).
    await db.updateTable('community_members').set({ created_at: daysAgo(90) }).execute();
    admin = await signIn(t.app, 'admin@example.com');
    manager = await signIn(t.app, 'ma@example.com');
    a1 = await signIn(t.app, 'a1@example.com');

    const create = async (kind: Parameters<typeof sampleContent>[0], title: string, communities: string[]) => {
      const item = (await t.app.inject({ method: 'POST', url: '/api/content', headers: admin.auth, payload: sampleContent(kind, title) })).json<ContentItem>();
      await t.app.inject({ method: 'PUT', url: `/api/content/${item.id}/assignments`, headers: admin.auth, payload: { communityIds: communities } });
      return item.id;
    };
    ids.X = await create('agent', 'Agent X', [ids.A, ids.B]);
    ids.Y = await create('agent', 'Agent Y', [ids.A]);
    ids.D = await create('document', 'Doc D', [ids.A, ids.B]);
    ids.V = await create('video', 'Video V', [ids.A]);
    ids.P = await create('prompt', 'Prompt P', [ids.A]);

    // Fixtures written as the owner; the rollup triggers count them exactly as live traffic.
    const chat = async (user: string, agent: string, at: Date, userMessages: number) => {
      const c = await db.insertInto('conversations').values({ user_id: user, agent_id: agent, title: 'Secret transcript title', created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();
      for (let i = 0; i < userMessages; i += 1) {
        await db.insertInto('messages').values({ conversation_id: c.id, user_id: user, role: 'user', text: `private words ${i}`, created_at: at }).execute();
        await db.insertInto('messages').values({ conversation_id: c.id, user_id: user, role: 'assistant', text: 'an answer', created_at: at }).execute();
      }
    };
    await chat(ids.a1, ids.X, new Date(), 2);
    await chat(ids.a2, ids.Y, daysAgo(3), 1);
    await chat(ids.b1, ids.X, new Date(), 1);
    const now = new Date();
    await db
      .insertInto('content_progress')
      .values([
        { user_id: ids.a1, content_id: ids.D, viewed_at: now, completed_at: now, last_activity_at: now },
        { user_id: ids.a1, content_id: ids.P, viewed_at: now, prompt_copies: 2, last_activity_at: now },
        { user_id: ids.a2, content_id: ids.V, viewed_at: daysAgo(3), last_activity_at: daysAgo(3) },
        { user_id: ids.b1, content_id: ids.D, viewed_at: now, completed_at: now, last_activity_at: now },
      ])
      .execute();
  });
  afterAll(() => t.close());

  const get = <T>(who: SignedIn, url: string) => t.app.inject({ method: 'GET', url, headers: who.auth }).then((r) => ({ status: r.statusCode, body: r.json<T>(), raw: r }));

  it('gives an admin the exact platform-wide summary', async () => {
    const { body } = await get<AnalyticsSummary>(admin, '/api/analytics/summary');
    expect(body).toMatchObject({ members: 4, activeMembers: { day1: 2, day7: 3, day30: 3 }, conversations: 3, messages: 4, views: 7, completions: 2, promptCopies: 2 });
  });

  it('gives a manager the same numbers scoped to their community only', async () => {
    const { body } = await get<AnalyticsSummary>(manager, '/api/analytics/summary');
    expect(body).toMatchObject({ members: 3, activeMembers: { day1: 1, day7: 2, day30: 2 }, conversations: 2, messages: 3, views: 5, completions: 1, promptCopies: 2 });
    const same = await get<AnalyticsSummary>(admin, `/api/analytics/summary?communityId=${ids.A}`);
    expect(same.body).toEqual(body);
  });

  it('narrows every number to the chosen date range', async () => {
    const yesterday = daysAgo(1).toISOString().slice(0, 10);
    const { body } = await get<AnalyticsSummary>(admin, `/api/analytics/summary?from=${daysAgo(5).toISOString().slice(0, 10)}&to=${yesterday}`);
    expect(body).toMatchObject({ conversations: 1, messages: 1, views: 2, completions: 0, promptCopies: 0 });
  });

  it('counts daily activity', async () => {
    const { body } = await get<{ days: Array<{ day: string; conversations: number; messages: number; activeMembers: number }> }>(admin, '/api/analytics/activity');
    expect(body.days).toHaveLength(30);
    const today = new Date().toISOString().slice(0, 10);
    const three = daysAgo(3).toISOString().slice(0, 10);
    expect(body.days.find((d) => d.day === today)).toEqual({ day: today, conversations: 2, messages: 3, activeMembers: 2 });
    expect(body.days.find((d) => d.day === three)).toEqual({ day: three, conversations: 1, messages: 1, activeMembers: 1 });
    expect(body.days.reduce((n, d) => n + d.conversations, 0)).toBe(3);
  });

  it('ranks agents by conversations and distinct members', async () => {
    const admins = (await get<TopAgents>(admin, '/api/analytics/top-agents')).body.items;
    expect(admins).toEqual([
      { agentId: ids.X, title: 'Agent X', conversations: 2, members: 2 },
      { agentId: ids.Y, title: 'Agent Y', conversations: 1, members: 1 },
    ]);
    const managers = (await get<TopAgents>(manager, '/api/analytics/top-agents')).body.items;
    expect(managers.map((a) => [a.title, a.conversations, a.members]).sort()).toEqual([
      ['Agent X', 1, 1],
      ['Agent Y', 1, 1],
    ]);
  });

  it('reports content engagement by kind', async () => {
    const items = (await get<Engagement>(admin, '/api/analytics/content-engagement')).body.items;
    expect(items).toEqual([
      { kind: 'agent', views: 3, completions: 0, promptCopies: 0 },
      { kind: 'video', views: 1, completions: 0, promptCopies: 0 },
      { kind: 'document', views: 2, completions: 2, promptCopies: 0 },
      { kind: 'prompt', views: 1, completions: 0, promptCopies: 2 },
      { kind: 'automation', views: 0, completions: 0, promptCopies: 0 },
      { kind: 'exercise', views: 0, completions: 0, promptCopies: 0 },
    ]);
  });

  it('compares communities for an admin', async () => {
    const items = (await get<CommunityStats>(admin, '/api/analytics/communities')).body.items;
    expect(items).toEqual([
      { communityId: ids.A, name: 'Alpha', members: 3, activeMembers: 2, conversations: 2, completions: 1 },
      { communityId: ids.B, name: 'Beta', members: 1, activeMembers: 1, conversations: 1, completions: 1 },
    ]);
  });

  it('lists a manager’s members with their progress and never another community’s', async () => {
    const items = (await get<MemberStats>(manager, '/api/analytics/members')).body.items;
    expect(items.map((m) => m.email).sort()).toEqual(['a1@example.com', 'a2@example.com', 'ma@example.com']);
    expect(items.find((m) => m.email === 'a1@example.com')).toMatchObject({ completions: 1, conversations: 1, completedByKind: { document: 1, video: 0 } });
    expect(items.find((m) => m.email === 'a2@example.com')).toMatchObject({ completions: 0, conversations: 1 });
    expect(items.find((m) => m.email === 'ma@example.com')).toMatchObject({ completions: 0, conversations: 0, lastActiveAt: null });
  });

  it('asks an admin to choose a community before listing members', async () => {
    expect((await get(admin, '/api/analytics/members')).status).toBe(400);
    const inA = (await get<MemberStats>(admin, `/api/analytics/members?communityId=${ids.A}`)).body.items;
    expect(inA.map((m) => m.email).sort()).toEqual(['a1@example.com', 'a2@example.com', 'ma@example.com']);
  });

  it('shows a member’s report to admins and their managers, 404 to anyone else', async () => {
    const report = await get<MemberReport>(manager, `/api/analytics/members/${ids.a1}`);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ conversations: 1, messages: 2, completedByKind: { document: 1 }, viewedByKind: { document: 1, prompt: 1 } });
    expect(report.body.recentCompletions.map((c) => c.title)).toEqual(['Doc D']);
    expect((await get(admin, `/api/analytics/members/${ids.b1}`)).status).toBe(200);
    expect((await get(manager, `/api/analytics/members/${ids.b1}`)).status).toBe(404);
    expect((await get(a1, `/api/analytics/members/${ids.a2}`)).status).toBe(404);
  });

  it('keeps a manager inside their community and members out of admin and manager analytics', async () => {
    expect((await get(manager, `/api/analytics/summary?communityId=${ids.B}`)).status).toBe(404);
    expect((await get(manager, `/api/analytics/members?communityId=${ids.B}`)).status).toBe(404);
    const communities = await get(manager, '/api/analytics/communities');
    expect(communities.status).toBe(403);
    for (const path of ['summary', 'activity', 'top-agents', 'content-engagement', 'communities', 'members']) {
      const response = await get(a1, `/api/analytics/${path}`);
      expect(response.status, path).toBe(403);
      expect(errorCode(response.raw)).toBe('forbidden');
    }
  });

  it('never returns transcripts, not even titles of conversations, to admins or managers', async () => {
    for (const who of [admin, manager]) {
      for (const path of ['summary', 'activity', 'top-agents', 'content-engagement', 'members', `members/${ids.a1}`]) {
        const { raw } = await get(who, `/api/analytics/${path}`);
        expect(raw.body).not.toContain('private words');
        expect(raw.body).not.toContain('Secret transcript title');
      }
    }
  });

  it('gives a member their home: recent conversations, content in progress, new content and progress by kind', async () => {
    const home = (await get<MemberHome>(a1, '/api/analytics/me')).body;
    expect(home.recentConversations.map((c) => c.agentTitle)).toEqual(['Agent X']);
    // Chatting with Agent X opened it: it is in progress, no longer new.
    expect(home.inProgress.map((i) => i.title)).toEqual(['Prompt P', 'Agent X']);
    expect(home.newlyAssigned.map((i) => i.title).sort()).toEqual(['Agent Y', 'Video V']);
    expect(home.progressByKind.find((p) => p.kind === 'document')).toEqual({ kind: 'document', assigned: 1, completed: 1 });
    expect(home.progressByKind.find((p) => p.kind === 'agent')).toEqual({ kind: 'agent', assigned: 2, completed: 0 });
  });

  it('adds up: the summary equals the sum of the daily, per-agent, per-kind and per-community panels', async () => {
    const summary = (await get<AnalyticsSummary>(admin, '/api/analytics/summary')).body;
    const days = (await get<{ days: Array<{ conversations: number; messages: number }> }>(admin, '/api/analytics/activity')).body.days;
    const agents = (await get<TopAgents>(admin, '/api/analytics/top-agents')).body.items;
    const kinds = (await get<Engagement>(admin, '/api/analytics/content-engagement')).body.items;
    const communities = (await get<CommunityStats>(admin, '/api/analytics/communities')).body.items;
    const sum = <T>(rows: T[], pick: (row: T) => number) => rows.reduce((n, row) => n + pick(row), 0);
    expect(sum(days, (d) => d.conversations)).toBe(summary.conversations);
    expect(sum(days, (d) => d.messages)).toBe(summary.messages);
    expect(sum(agents, (a) => a.conversations)).toBe(summary.conversations);
    expect(sum(kinds, (k) => k.views)).toBe(summary.views);
    expect(sum(kinds, (k) => k.completions)).toBe(summary.completions);
    expect(sum(kinds, (k) => k.promptCopies)).toBe(summary.promptCopies);
    // Everyone here belongs to one community, so the per-community rows add up too.
    expect(sum(communities, (c) => c.members)).toBe(summary.members);
    expect(sum(communities, (c) => c.conversations)).toBe(summary.conversations);
    expect(sum(communities, (c) => c.completions)).toBe(summary.completions);
  });

  it('refuses a reversed or overlong date range with 400', async () => {
    expect((await get(admin, '/api/analytics/summary?from=2026-05-01&to=2026-04-01')).status).toBe(400);
    expect((await get(admin, '/api/analytics/summary?from=2020-01-01&to=2026-01-01')).status).toBe(400);
    expect((await get(admin, '/api/analytics/summary?from=yesterday')).status).toBe(400);
  });

  // Last: it adds staff activity to the shared dataset.
  it('does not count an admin’s chats or progress as client activity, even inside a community', async () => {
    const [agentX, docD, alpha0] = [ids.X, ids.D, ids.A];
    if (!agentX || !docD || !alpha0) throw new Error('fixtures missing');
    const before = (await get<AnalyticsSummary>(admin, '/api/analytics/summary')).body;
    const staff = await seedUser(t.database, { email: 'staff@example.com', role: 'admin', communities: [{ id: alpha0, role: 'member' }] });
    const db = t.database.handle.db;
    const c = await db.insertInto('conversations').values({ user_id: staff.id, agent_id: agentX, title: 'trying it out' }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('messages').values({ conversation_id: c.id, user_id: staff.id, role: 'user', text: 'test' }).execute();
    await db.insertInto('content_progress').values({ user_id: staff.id, content_id: docD, viewed_at: new Date(), completed_at: new Date() }).execute();
    expect((await get<AnalyticsSummary>(admin, '/api/analytics/summary')).body).toEqual(before);
    expect((await get<AnalyticsSummary>(manager, '/api/analytics/summary')).body.members).toBe(3);
    const agents = (await get<TopAgents>(admin, '/api/analytics/top-agents')).body.items;
    expect(agents.find((a) => a.agentId === ids.X)).toMatchObject({ conversations: 2, members: 2 });
    const alpha = (await get<CommunityStats>(admin, '/api/analytics/communities')).body.items.find((x) => x.communityId === ids.A);
    expect(alpha).toMatchObject({ members: 3, conversations: 2, completions: 1 });
    const people = (await get<MemberStats>(manager, '/api/analytics/members')).body.items;
    expect(people.map((m) => m.email)).not.toContain('staff@example.com');
    // Staff trying an agent does not open it on their behalf either.
    const staffProgress = await db.selectFrom('content_progress').select('content_id').where('user_id', '=', staff.id).execute();
    expect(staffProgress.map((p) => p.content_id)).toEqual([ids.D]);
  });
});
