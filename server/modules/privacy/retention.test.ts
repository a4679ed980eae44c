import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Community } from '../../../contracts/communities.js';
import { createTestApp, errorCode, seedUser, signIn, sql, type SignedIn, type TestApp } from '../../test/test-app.js';
import { createAssignedContent, seedTwoCommunities, type TwoCommunities } from '../../test/two-communities.js';
import { sampleContent } from '../../test/content-fixtures.js';
import { applyRetention } from './retention.js';

/**
 * Retention (issue 31, ADR 0042): per community, set with PATCH /api/communities/:id, applied by
 * the daily job; a person in several communities is held to the shortest period; a legal hold
 * suspends it. The clock is moved by passing `now`.
 */
const DAY = 86_400_000;

describe('retention per community', () => {
  let t: TestApp;
  let p: TwoCommunities;
  let both: SignedIn;
  let agent: string;
  let exercise: string;

  const patch = (who: SignedIn, id: string, payload: object, ifMatch?: string) =>
    t.app.inject({ method: 'PATCH', url: `/api/communities/${id}`, headers: { ...who.auth, ...(ifMatch ? { 'if-match': ifMatch } : {}) }, payload });
  const conversationOf = async (who: SignedIn) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/conversations', headers: who.auth, payload: { agentId: agent } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  };
  const attemptOf = async (who: SignedIn) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/exercises/${exercise}/attempts`, headers: who.auth });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ attempt: { id: string } }>().attempt.id;
  };
  /** Makes a row look `days` old. */
  const age = async (table: 'conversations' | 'exercise_attempts' | 'knowledge_files', id: string, days: number) => {
    const when = new Date(Date.now() - days * DAY);
    const db = t.database.handle.db;
    if (table === 'conversations') await db.updateTable('conversations').set({ created_at: when, updated_at: when }).where('id', '=', id).execute();
    if (table === 'exercise_attempts') await sql`update exercise_attempts set created_at = ${when} where id = ${id}`.execute(db);
    if (table === 'knowledge_files') await sql`update knowledge_files set created_at = ${when} where id = ${id}`.execute(db);
  };
  const exists = async (table: 'conversations' | 'exercise_attempts' | 'knowledge_files', id: string) =>
    (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where id = ${id}`.execute(t.database.handle.db)).rows[0]?.n === 1;

  beforeAll(async () => {
    t = await createTestApp({ OFFLINE_TOKEN_DELAY_MS: '0' });
    p = await seedTwoCommunities(t);
    await (seedUser(t.database, { email: 'both@example.com', communities: [{ id: p.ids.A, role: 'member' }, { id: p.ids.B, role: 'member' }] }));
    both = await signIn(t.app, 'both@example.com');
    agent = await createAssignedContent(t, p.admin, sampleContent('agent', 'Coach'), [p.ids.A, p.ids.B]);
    exercise = await createAssignedContent(t, p.admin, sampleContent('exercise', 'Write a prompt'), [p.ids.A, p.ids.B]);
  });
  afterAll(() => t?.close());

  it('is set with PATCH (admins, If-Match kept), validated, and shown to members with the privacy mode', async () => {
    const got = await t.app.inject({ method: 'GET', url: `/api/communities/${p.ids.A}`, headers: p.admin.auth });
    expect(got.json<Community>().retention).toEqual({ conversationsDays: null, attemptsDays: null, filesDays: null });
    expect(got.json<Community>().privacyMode).toBe('standard');
    const etag = got.headers.etag as string;

    const res = await patch(p.admin, p.ids.A, { retention: { conversationsDays: 30, attemptsDays: 90 } }, etag);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Community>().retention).toEqual({ conversationsDays: 30, attemptsDays: 90, filesDays: null });
    expect(res.headers.etag).not.toBe(etag);
    // The old tag is stale now.
    expect(errorCode(await patch(p.admin, p.ids.A, { retention: { filesDays: 10 } }, etag))).toBe('edit_conflict');
    // Only the keys sent change; the name is untouched.
    const files = await patch(p.admin, p.ids.A, { retention: { filesDays: 10 } });
    expect(files.json<Community>()).toMatchObject({ name: 'Alpha', retention: { conversationsDays: 30, attemptsDays: 90, filesDays: 10 } });

    expect((await patch(p.admin, p.ids.A, { retention: { conversationsDays: 0 } })).statusCode).toBe(400);
    expect((await patch(p.admin, p.ids.A, { retention: { conversationsDays: 1.5 } })).statusCode).toBe(400);
    expect((await patch(p.admin, p.ids.A, { retention: { forever: true } })).statusCode).toBe(400);
    expect((await patch(p.admin, p.ids.A, { privacyMode: 'private' })).statusCode).toBe(400);
    expect(errorCode(await patch(p.mA, p.ids.A, { retention: { conversationsDays: 1 } }))).toBe('forbidden');
    expect(errorCode(await patch(p.a1, p.ids.A, { privacyMode: 'standard' }))).toBe('forbidden');

    const seen = await t.app.inject({ method: 'GET', url: `/api/communities/${p.ids.A}`, headers: p.a1.auth });
    expect(seen.json<Community>()).toMatchObject({ privacyMode: 'standard', retention: { conversationsDays: 30 } });
  });

  it('deletes what is older than the period when the clock moves on, shortest period first, not under a legal hold', async () => {
    // A keeps conversations 30 days and attempts 90; B keeps everything.
    await patch(p.admin, p.ids.A, { retention: { conversationsDays: 30, attemptsDays: 90, filesDays: null } });
    const a1Conversation = await conversationOf(p.a1);
    const b1Conversation = await conversationOf(p.b1);
    const bothConversation = await conversationOf(both);
    const a2Conversation = await conversationOf(p.a2);
    const a1Attempt = await attemptOf(p.a1);
    const b1Attempt = await attemptOf(p.b1);
    for (const id of [a1Conversation, b1Conversation, bothConversation, a2Conversation]) await age('conversations', id, 10);
    for (const id of [a1Attempt, b1Attempt]) await age('exercise_attempts', id, 10);
    await t.app.inject({ method: 'PUT', url: `/api/users/${p.ids.a2}/legal-hold`, headers: p.admin.auth, payload: { reason: 'Dispute 7' } });

    // Today: nothing is old enough.
    expect(await applyRetention(t.app, new Date())).toEqual({ conversations: 0, attempts: 0, files: 0 });

    // 25 days on, conversations are 35 days old: A's members lose theirs (both@ too: A is the shorter), B's stay, a2 is on hold.
    const later = new Date(Date.now() + 25 * DAY);
    const first = await applyRetention(t.app, later);
    expect(first.conversations).toBe(2);
    expect(await exists('conversations', a1Conversation)).toBe(false);
    expect(await exists('conversations', bothConversation)).toBe(false);
    expect(await exists('conversations', b1Conversation)).toBe(true);
    expect(await exists('conversations', a2Conversation)).toBe(true);
    // Attempts (90 days in A) stay, though their practice conversations went.
    expect(await exists('exercise_attempts', a1Attempt)).toBe(true);
    // Running again changes nothing.
    expect(await applyRetention(t.app, later)).toEqual({ conversations: 0, attempts: 0, files: 0 });

    // 85 days on, a1's attempt is 95 days old.
    const muchLater = new Date(Date.now() + 85 * DAY);
    expect((await applyRetention(t.app, muchLater)).attempts).toBe(1);
    expect(await exists('exercise_attempts', a1Attempt)).toBe(false);
    expect(await exists('exercise_attempts', b1Attempt)).toBe(true);
    expect(await exists('conversations', a2Conversation)).toBe(true);

    // Lifting the hold lets retention reach a2.
    await t.app.inject({ method: 'DELETE', url: `/api/users/${p.ids.a2}/legal-hold`, headers: p.admin.auth });
    expect((await applyRetention(t.app, later)).conversations).toBe(1);
    expect(await exists('conversations', a2Conversation)).toBe(false);
    // The usage rollup keeps the counts of what was deleted.
    const { rows } = await sql<{ n: number }>`select coalesce(sum(conversations), 0)::int as n from usage_daily where user_id = ${p.ids.a1}`.execute(t.database.handle.db);
    expect(rows[0]?.n).toBeGreaterThan(0);
  });

  it('deletes knowledge files uploaded by a member of a community with a files period, and unlinks them from agents', async () => {
    await patch(p.admin, p.ids.B, { retention: { filesDays: 7 } });
    const db = t.database.handle.db;
    const file = await db.insertInto('knowledge_files').values({ name: 'old.txt', mime: 'text/plain', size_bytes: 3, status: 'ready', created_by: p.ids.mB }).returning('id').executeTakeFirstOrThrow();
    const kept = await db.insertInto('knowledge_files').values({ name: 'admin.txt', mime: 'text/plain', size_bytes: 3, status: 'ready', created_by: p.ids.admin }).returning('id').executeTakeFirstOrThrow();
    await db.updateTable('agent_details').set({ knowledge_file_ids: [file.id, kept.id] }).where('content_id', '=', agent).execute();
    await age('knowledge_files', file.id, 8);
    await age('knowledge_files', kept.id, 8);
    expect((await applyRetention(t.app, new Date())).files).toBe(1);
    expect(await exists('knowledge_files', file.id)).toBe(false);
    expect(await exists('knowledge_files', kept.id)).toBe(true);
    const details = await db.selectFrom('agent_details').select('knowledge_file_ids').where('content_id', '=', agent).executeTakeFirstOrThrow();
    expect(details.knowledge_file_ids).toEqual([kept.id]);
  });

  it('runs daily through the job runner, on the runner\'s clock', async () => {
    await patch(p.admin, p.ids.B, { retention: { conversationsDays: 5 } });
    const old = await conversationOf(p.b1);
    await age('conversations', old, 3);
    // Three days old: today's run keeps it; the run three days on (a later slot) deletes it.
    await t.app.jobs.runDue();
    expect(await exists('conversations', old)).toBe(true);
    await t.app.jobs.runDue(new Date(Date.now() + 3 * DAY));
    expect(await exists('conversations', old)).toBe(false);
    const { rows } = await sql<{ state: string }>`select state from jobs where name = 'privacy.retention'`.execute(t.database.handle.db);
    expect(rows.map((r) => r.state)).toContain('done');
  });

  it('cannot be run by a signed-in caller with a clock of their choosing', async () => {
    const db = t.database.handle.db;
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`select set_config('app.user_id', ${p.ids.admin}, true), set_config('app.role', 'admin', true), set_config('role', 'aigym_app', true)`.execute(trx);
        await sql`select * from app.apply_retention(${new Date(Date.now() + 10_000 * DAY)})`.execute(trx);
      }),
    ).rejects.toThrow(/only as the daily job/);
    expect(await exists('conversations', await conversationOf(p.b1))).toBe(true);
  });
});
