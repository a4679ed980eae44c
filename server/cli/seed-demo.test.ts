import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeResponse } from '../../contracts/auth.js';
import type { Community } from '../../contracts/communities.js';
import { contentKinds, type ContentSummary } from '../../contracts/content.js';
import type { Program, ProgramProgressReport } from '../../contracts/programs.js';
import type { User } from '../../contracts/users.js';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../test/test-database.js';
import { DEMO_PASSWORD, type DemoCommunityKey, type DemoItem, demoCommunities, demoContent } from './demo-data.js';
import { seedDemo, type SeedDemoResult } from './seed-demo.js';

const ADMIN = { adminEmail: 'admin@example.com', adminPassword: 'admin-password-123' };

describe('npm run seed:demo', () => {
  let database: TestDatabase;
  let t: TestApp;
  let admin: SignedIn;
  let first: SeedDemoResult;

  beforeAll(async () => {
    database = await createTestDatabase();
    first = await seedDemo(database.handle, ADMIN);
    t = await createTestApp({}, database);
    admin = await signIn(t.app, ADMIN.adminEmail, ADMIN.adminPassword);
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
  });

  const get = async <T>(who: SignedIn, url: string) => {
    const response = await t.app.inject({ method: 'GET', url, headers: who.auth });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<T>();
  };
  const everything = async () => ({
    communities: (await get<{ items: Community[] }>(admin, '/api/communities?limit=100')).items,
    users: (await get<{ items: User[] }>(admin, '/api/users?limit=100')).items,
    content: (await get<{ items: ContentSummary[] }>(admin, '/api/content?limit=100')).items,
  });

  it('creates the admin, three communities with their people, twelve items of each kind and two exercises', async () => {
    expect(first.admin).toMatchObject({ created: true, email: ADMIN.adminEmail });
    expect(first.admin.generatedPassword).toBeUndefined();
    const { communities, users, content } = await everything();
    expect(communities.map((c) => c.name).sort()).toEqual(demoCommunities.map((c) => c.name).sort());
    for (const demo of demoCommunities) {
      expect(communities.find((c) => c.name === demo.name)?.memberCount).toBe(1 + demo.members.length);
    }
    expect(users).toHaveLength(1 + demoCommunities.reduce((n, c) => n + 1 + c.members.length, 0));
    expect(users.every((u) => u.status === 'active')).toBe(true);
    expect(content).toHaveLength(62);
    for (const kind of contentKinds) expect(content.filter((i) => i.kind === kind)).toHaveLength(kind === 'exercise' ? 2 : 12);
    expect(content.filter((i) => i.status === 'archived')).toHaveLength(1);
    expect(content.filter((i) => i.status === 'draft').length).toBeGreaterThanOrEqual(2);
    expect(first.created?.activity.opened).toBeGreaterThan(0);
  });

  it('loads scored attempts at both exercises, evaluated offline, that managers see in their analytics', async () => {
    // The demo's exercises are practice (§10.1, ADR 0035): scored with feedback, and no verdict, since
    // only a calibrated evaluator or a person may decide a pass.
    expect(first.created?.attempts).toEqual({ scored: 6, passed: 0 });
    // The demo exercises carry scored examples, so the offline scores spread as a trainer's would:
    // a bare "summarise this" low, a complete prompt high (without examples both sat near 50).
    const { rows: scored } = await sql<{ answer: string; score: number }>`select answer, score from exercise_attempts where score is not null`.execute(database.handle.db);
    const scoreOf = (start: string) => scored.find((r) => r.answer.startsWith(start))?.score ?? -1;
    expect(scoreOf('Summarise this customer email.')).toBeLessThan(25);
    expect(scoreOf('Turn these notes')).toBeLessThan(25);
    expect(scoreOf('Summarise this customer email for the support lead')).toBeGreaterThan(75);
    expect(scoreOf('From these meeting notes')).toBeGreaterThan(75);
    const manager = await signIn(t.app, 'manager@northwind.example', DEMO_PASSWORD);
    const stats = await get<{ items: Array<{ title: string; attempts: number; passRate: number | null }> }>(manager, '/api/analytics/exercises');
    expect(stats.items.map((i) => i.title).sort()).toEqual(['Workout: Meeting Notes to Action List', 'Workout: Summarise a Customer Complaint']);
    expect(stats.items.find((i) => i.title === 'Workout: Summarise a Customer Complaint')?.attempts).toBe(3);
    const ana = await signIn(t.app, 'ana@northwind.example', DEMO_PASSWORD);
    const skills = await get<{ skills: Array<{ points: unknown[] }> }>(ana, '/api/analytics/skills');
    expect(skills.skills.length).toBe(4);
    expect(skills.skills.every((s) => s.points.length === 2)).toBe(true);
  });

  it('spreads the activity over the last 60 days, busier lately, chats included, with the usage rollup rebuilt to match', async () => {
    const db = database.handle.db;
    const { rows: [progress] } = await sql<{ days: number; oldest: number; newest: number; recent: number; all: number }>`
      select count(distinct viewed_at::date)::int as days,
             max(extract(epoch from now() - viewed_at) / 86400)::float as oldest,
             min(extract(epoch from now() - viewed_at) / 86400)::float as newest,
             count(*) filter (where viewed_at > now() - interval '30 days')::int as recent,
             count(*)::int as all
        from content_progress where viewed_at is not null`.execute(db);
    expect(progress?.days).toBeGreaterThanOrEqual(20);
    expect(progress?.oldest).toBeLessThan(60);
    expect(progress?.oldest).toBeGreaterThan(40);
    expect(progress?.newest).toBeGreaterThanOrEqual(0);
    expect(progress?.recent).toBeGreaterThan((progress?.all ?? 0) / 2);
    expect(first.created?.activity.chats).toBeGreaterThan(5);
    const { rows: [usage] } = await sql<{ days: number; messages: number; sent: number }>`
      select (select count(distinct day) from usage_daily)::int as days,
             (select sum(messages) from usage_daily)::int as messages,
             (select count(*) from messages m join conversations c on c.id = m.conversation_id where m.role = 'user' and c.agent_id is not null)::int as sent`.execute(db);
    expect(usage?.days).toBeGreaterThan(5);
    expect(usage?.messages).toBe(usage?.sent);
    // A member's retry comes after their first attempt.
    const { rows: order } = await sql<{ ordered: boolean }>`
      select bool_and(a2.created_at > a1.created_at) as ordered from exercise_attempts a1
        join exercise_attempts a2 on a2.user_id = a1.user_id and a2.exercise_id = a1.exercise_id and a2.attempt_number = a1.attempt_number + 1`.execute(db);
    expect(order[0]?.ordered).not.toBe(false);
  });

  it('loads a published three-step program with an exercise, its communities’ members enrolled', async () => {
    expect(first.created?.programs).toBe(1);
    const ana = await signIn(t.app, 'ana@northwind.example', DEMO_PASSWORD);
    const { items } = await get<{ items: Program[] }>(ana, '/api/programs');
    expect(items).toHaveLength(1);
    const [program] = items;
    expect(program?.status).toBe('published');
    expect(program?.steps.map((s) => s.kind)).toEqual(['document', 'prompt', 'exercise']);
    expect(program?.steps.every((s) => s.available)).toBe(true);
    expect(program?.progress?.dueAt).toEqual(expect.any(String));
    const manager = await signIn(t.app, 'manager@northwind.example', DEMO_PASSWORD);
    const report = await get<ProgramProgressReport>(manager, `/api/programs/${program?.id}/progress`);
    expect(report.members.length).toBeGreaterThan(1);
  });

  it('lets every manager and member sign in with the demo password', async () => {
    for (const demo of demoCommunities) {
      const manager = await signIn(t.app, demo.manager.email, DEMO_PASSWORD);
      const me = await get<MeResponse>(manager, '/api/auth/me');
      expect(me.communities).toEqual([expect.objectContaining({ name: demo.name, role: 'manager' })]);
      const member = demo.members[0];
      if (member) await signIn(t.app, member.email, DEMO_PASSWORD);
    }
  });

  it.each(demoCommunities.map((c) => [c.name, c.key, c.members[0]?.email ?? ''] as const))(
    'shows a member of %s only the published items assigned to it, with every kind and some progress',
    async (_name, key: DemoCommunityKey, email) => {
      const member = await signIn(t.app, email, DEMO_PASSWORD);
      const seen = (await get<{ items: ContentSummary[] }>(member, '/api/content?limit=100')).items;
      const expected = contentKinds
        .flatMap((kind): DemoItem[] => demoContent[kind])
        .filter((item) => item.status === 'published' && item.assignTo.includes(key))
        .map((item) => item.title);
      expect(seen.map((i) => i.title).sort()).toEqual(expected.sort());
      expect(new Set(seen.map((i) => i.kind))).toEqual(new Set(contentKinds));
      expect(seen.some((i) => i.progress !== null)).toBe(true);
    },
  );

  it('adds nothing when run again', async () => {
    const before = await everything();
    const again = await seedDemo(database.handle, ADMIN);
    expect(again).toEqual({ admin: { created: false, email: ADMIN.adminEmail }, created: null });
    const after = await everything();
    expect(after.communities).toHaveLength(before.communities.length);
    expect(after.users).toHaveLength(before.users.length);
    expect(after.content.map((i) => i.id).sort()).toEqual(before.content.map((i) => i.id).sort());
  });
});
