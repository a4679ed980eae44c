import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity, AnalyticsSummary, CommunityStats, Engagement, MemberReport, MemberStats, TopAgents } from '../../../contracts/analytics.js';
import type { ContentItem } from '../../../contracts/content.js';
import { createTestApp, seedCommunity, seedUser, signIn, type SignedIn, type TestApp } from '../../test/test-app.js';
import { sampleContent } from '../../test/content-fixtures.js';

/**
 * One member in two clients: "dual" belongs to Alpha and Beta. In Alpha they chat once (1 message)
 * with Alpha's agent and complete Alpha's document; in Beta they chat twice (3 messages each) with
 * Beta's agent and complete Beta's document. Each client's manager must see only their own part.
 */
describe('analytics for a member of two communities', () => {
  let t: TestApp;
  let admin: SignedIn;
  let alphaManager: SignedIn;
  let betaManager: SignedIn;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    const db = t.database.handle.db;
    ids.A = await seedCommunity(t.database, 'Alpha');
    ids.B = await seedCommunity(t.database, 'Beta');
    await seedUser(t.database, { email: 'admin@scope.example', role: 'admin' });
    await seedUser(t.database, { email: 'ma@scope.example', communities: [{ id: ids.A, role: 'manager' }] });
    await seedUser(t.database, { email: 'mb@scope.example', communities: [{ id: ids.B, role: 'manager' }] });
    ids.dual = (await seedUser(t.database, { email: 'dual@scope.example', communities: [{ id: ids.A, role: 'member' }, { id: ids.B, role: 'member' }] })).id;
    admin = await signIn(t.app, 'admin@scope.example');
    alphaManager = await signIn(t.app, 'ma@scope.example');
    betaManager = await signIn(t.app, 'mb@scope.example');

    const create = async (kind: Parameters<typeof sampleContent>[0], title: string, community: string) => {
      const item = (await t.app.inject({ method: 'POST', url: '/api/content', headers: admin.auth, payload: sampleContent(kind, title) })).json<ContentItem>();
      await t.app.inject({ method: 'PUT', url: `/api/content/${item.id}/assignments`, headers: admin.auth, payload: { communityIds: [community] } });
      return item.id;
    };
    ids.agentA = await create('agent', 'Alpha agent', ids.A);
    ids.agentB = await create('agent', 'Beta agent', ids.B);
    ids.docA = await create('document', 'Alpha doc', ids.A);
    ids.docB = await create('document', 'Beta doc', ids.B);

    const chat = async (agent: string, userMessages: number) => {
      const now = new Date();
      const c = await db.insertInto('conversations').values({ user_id: ids.dual ?? '', agent_id: agent, title: 'Chat', created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
      for (let i = 0; i < userMessages; i += 1) {
        await db.insertInto('messages').values({ conversation_id: c.id, user_id: ids.dual ?? '', role: 'user', text: `words ${i}`, created_at: now }).execute();
      }
    };
    await chat(ids.agentA, 1);
    await chat(ids.agentB, 3);
    await chat(ids.agentB, 3);
    const now = new Date();
    await db
      .insertInto('content_progress')
      .values([
        { user_id: ids.dual, content_id: ids.docA, viewed_at: now, completed_at: now, last_activity_at: now },
        { user_id: ids.dual, content_id: ids.docB, viewed_at: now, completed_at: now, last_activity_at: now },
      ])
      .execute();
  });
  afterAll(() => t.close());

  const get = async <T>(who: SignedIn, url: string): Promise<T> => {
    const response = await t.app.inject({ method: 'GET', url, headers: who.auth });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<T>();
  };

  it('the summary of each manager counts only what happened with their community', async () => {
    expect(await get<AnalyticsSummary>(alphaManager, '/api/analytics/summary')).toMatchObject({ members: 2, conversations: 1, messages: 1, completions: 1, activeMembers: { day1: 1 } });
    expect(await get<AnalyticsSummary>(betaManager, '/api/analytics/summary')).toMatchObject({ members: 2, conversations: 2, messages: 6, completions: 1 });
    expect(await get<AnalyticsSummary>(admin, '/api/analytics/summary')).toMatchObject({ conversations: 3, messages: 7, completions: 2 });
    expect(await get<AnalyticsSummary>(admin, `/api/analytics/summary?communityId=${ids.A}`)).toMatchObject({ conversations: 1, messages: 1, completions: 1 });
  });

  it('daily activity, top agents and content engagement leave out the other community', async () => {
    const days = (await get<Activity>(alphaManager, '/api/analytics/activity')).days;
    expect(days.reduce((sum, d) => sum + d.messages, 0)).toBe(1);
    const agents = (await get<TopAgents>(alphaManager, '/api/analytics/top-agents')).items;
    expect(agents.map((a) => a.title)).toEqual(['Alpha agent']);
    const engagement = (await get<Engagement>(betaManager, '/api/analytics/content-engagement')).items;
    expect(engagement.find((e) => e.kind === 'document')?.completions).toBe(1);
  });

  it('the member list and the member report show a manager only their community part', async () => {
    const row = (await get<MemberStats>(alphaManager, '/api/analytics/members')).items.find((m) => m.userId === ids.dual);
    expect(row).toMatchObject({ conversations: 1, completions: 1 });
    const report = await get<MemberReport>(alphaManager, `/api/analytics/members/${ids.dual}`);
    expect(report).toMatchObject({ conversations: 1, messages: 1 });
    expect(report.completedByKind.document).toBe(1);
    expect(report.recentCompletions.map((c) => c.title)).toEqual(['Alpha doc']);
    const betaReport = await get<MemberReport>(betaManager, `/api/analytics/members/${ids.dual}`);
    expect(betaReport).toMatchObject({ conversations: 2, messages: 6 });
    expect(betaReport.recentCompletions.map((c) => c.title)).toEqual(['Beta doc']);
    // An admin sees the whole person.
    expect(await get<MemberReport>(admin, `/api/analytics/members/${ids.dual}`)).toMatchObject({ conversations: 3, messages: 7 });
  });

  it("an admin's comparison of communities counts each community's own activity", async () => {
    const items = (await get<CommunityStats>(admin, '/api/analytics/communities')).items;
    expect(items.find((c) => c.communityId === ids.A)).toMatchObject({ members: 2, activeMembers: 1, conversations: 1, completions: 1 });
    expect(items.find((c) => c.communityId === ids.B)).toMatchObject({ members: 2, activeMembers: 1, conversations: 2, completions: 1 });
  });

  it('counts a person in a community only from the day they joined it (issue 25)', async () => {
    const db = t.database.handle.db;
    // A document both clients use; "late" worked on it for Alpha ten days ago and joins Gamma today.
    const gamma = await seedCommunity(t.database, 'Gamma');
    const shared = (await t.app.inject({ method: 'POST', url: '/api/content', headers: admin.auth, payload: sampleContent('document', 'Shared doc') })).json<ContentItem>().id;
    await t.app.inject({ method: 'PUT', url: `/api/content/${shared}/assignments`, headers: admin.auth, payload: { communityIds: [ids.A ?? '', gamma] } });
    const late = (await seedUser(t.database, { email: 'late@scope.example', communities: [{ id: ids.A ?? '', role: 'member' }, { id: gamma, role: 'member' }] })).id;
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
    await db.updateTable('community_members').set({ created_at: tenDaysAgo }).where('user_id', '=', late).where('community_id', '=', ids.A ?? '').execute();
    await db.insertInto('content_progress').values({ user_id: late, content_id: shared, viewed_at: tenDaysAgo, completed_at: tenDaysAgo, last_activity_at: tenDaysAgo }).execute();
    const from = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);
    expect(await get<AnalyticsSummary>(admin, `/api/analytics/summary?communityId=${gamma}&from=${from}`)).toMatchObject({ members: 1, completions: 0 });
    expect((await get<AnalyticsSummary>(admin, `/api/analytics/summary?communityId=${ids.A}&from=${from}`)).completions).toBe(2);
    const items = (await get<CommunityStats>(admin, `/api/analytics/communities?from=${from}`)).items;
    expect(items.find((c) => c.communityId === gamma)).toMatchObject({ members: 1, activeMembers: 0, completions: 0 });
    expect(items.find((c) => c.communityId === ids.A)).toMatchObject({ completions: 2 });
    const row = (await get<MemberStats>(admin, `/api/analytics/members?communityId=${gamma}&from=${from}`)).items.find((m) => m.userId === late);
    expect(row).toMatchObject({ completions: 0 });
  });
});
