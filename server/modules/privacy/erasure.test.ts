import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, latestMail, sql } from '../../test/test-app.js';
import { buildPrivacyWorld, Q, Q_NEEDLES, rowsNaming, type PrivacyWorld } from '../../test/privacy-fixtures.js';

/**
 * Erasure (issue 31, ADR 0042): a person in two communities, with shared and reviewed attempts, a
 * certificate, a knowledge file used by a shared agent, sessions, a mail in the outbox and audit
 * entries, is erased; then every text, uuid, json and array column of every table in every schema
 * is searched for their id, email and name. Generic on purpose: tables added later are covered.
 */
describe('erasing a person', () => {
  let w: PrivacyWorld;
  const outbox = () => path.join(w.t.dataDir, 'outbox');
  const mailsToQ = () => (existsSync(outbox()) ? readdirSync(outbox()).filter((f) => readFileSync(path.join(outbox(), f), 'utf8').includes(Q.email)) : []);
  const erase = (who: { auth: { authorization: string } }, id: string, confirmation: string) =>
    w.t.app.inject({ method: 'POST', url: `/api/users/${id}/erase`, headers: who.auth, payload: { confirmation } });

  beforeAll(async () => {
    w = await buildPrivacyWorld();
  });
  afterAll(() => w?.t.close());

  it('finds the person all over the schema before the erasure (so the search below can fail)', async () => {
    const found = await rowsNaming(w.t, [w.qId, ...Q_NEEDLES]);
    for (const column of [
      'public.users.email',
      'public.messages.text',
      'public.exercise_attempts.user_id',
      'public.certificates.holder_name',
      'public.knowledge_files.name',
      'public.knowledge_files.created_by',
      'public.sessions.user_id',
      'public.audit_log.entity_id',
      'public.audit_log.after',
      'public.usage_daily.user_id',
      'public.ai_usage.user_id',
    ]) {
      expect(found).toContain(column);
    }
    await latestMail(w.t.dataDir, Q.email); // the reset mail is sent after the response
    expect(mailsToQ().length).toBeGreaterThan(0);
  });

  it('refuses managers, members, a wrong confirmation, oneself and a person under a legal hold', async () => {
    expect(errorCode(await erase(w.mA, w.qId, Q.email))).toBe('forbidden');
    expect(errorCode(await erase(w.a1, w.qId, Q.email))).toBe('forbidden');
    expect(errorCode(await erase(w.q, w.qId, Q.email))).toBe('forbidden');
    const wrong = await erase(w.admin, w.qId, 'someone.else@example.com');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<{ error: { message: string } }>().error.message).toMatch(/confirmation/i);
    expect((await erase(w.admin, w.ids.admin, 'admin@example.com')).statusCode).toBe(400);
    const held = await erase(w.admin, w.ids.a2, 'a2@example.com');
    expect(held.statusCode).toBe(409);
    expect(held.json<{ error: { message: string } }>().error.message).toMatch(/legal hold/);
    expect(errorCode(await erase(w.admin, '00000000-0000-4000-8000-000000000000', 'x@example.com'))).toBe('not_found');
    // Nothing happened to anyone.
    expect((await rowsNaming(w.t, [w.qId])).length).toBeGreaterThan(5);
    const a2 = await w.t.database.handle.db.selectFrom('users').select('id').where('id', '=', w.ids.a2).executeTakeFirst();
    expect(a2).toBeDefined();
  });

  it('leaves no row anywhere that names the person, keeps a pseudonym in the audit log and the counts', async () => {
    const db = w.t.database.handle.db;
    const usageBefore = await sql<{ n: number }>`select coalesce(sum(messages), 0)::int as n from usage_daily`.execute(db);

    const res = await erase(w.admin, w.qId, `  ${Q.email.toUpperCase()} `);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ pseudonym: string; outboxMailsRemoved: number }>();
    expect(body.pseudonym).toMatch(/^erased-[0-9a-f]{12}$/);
    expect(body.outboxMailsRemoved).toBeGreaterThan(0);

    expect(await rowsNaming(w.t, [w.qId, ...Q_NEEDLES])).toEqual([]);
    expect(mailsToQ()).toEqual([]);

    // The audit log still says what happened, with the pseudonym.
    const { rows: audit } = await sql<{ action: string }>`
      select action from audit_log where actor_pseudonym = ${body.pseudonym} or entity_id like ${`%${body.pseudonym}%`} or after::text like ${`%${body.pseudonym}%`}`.execute(db);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['user.update', 'membership.add', 'attempt.review', 'user.erase']));
    // Chat counts survive without the person.
    const usageAfter = await sql<{ n: number }>`
      select (select coalesce(sum(messages), 0) from usage_daily) + (select coalesce(sum(messages), 0) from usage_daily_erased) as n`.execute(db);
    expect(Number(usageAfter.rows[0]?.n)).toBeGreaterThanOrEqual(Number(usageBefore.rows[0]?.n));
    const { rows: spend } = await sql<{ n: number }>`select count(*)::int as n from ai_usage where user_id is null`.execute(db);
    expect(spend[0]?.n).toBeGreaterThan(0);
  });

  it('keeps everyone else’s data and the shared agent, without the erased file', async () => {
    const db = w.t.database.handle.db;
    expect(await db.selectFrom('exercise_attempts').select('id').where('id', '=', w.ids.a1Attempt).executeTakeFirst()).toBeDefined();
    const agent = await db.selectFrom('agent_details').select('knowledge_file_ids').where('content_id', '=', w.ids.agent).executeTakeFirstOrThrow();
    expect(agent.knowledge_file_ids).toEqual([w.ids.otherFile]);
    // a1's answer that cited q's file keeps its text and the other citation, without q's file.
    const { rows: cited } = await sql<{ text: string; citations: Array<{ sourceId: string }> }>`
      select m.text, m.citations from messages m where m.user_id = ${w.ids.a1} and m.role = 'assistant' and m.text like '%[removed file]%'`.execute(db);
    expect(cited.length).toBeGreaterThan(0);
    for (const m of cited) expect(m.citations.map((c) => c.sourceId)).not.toContain(w.ids.file);
    expect(await db.selectFrom('knowledge_chunks').select('id').where('file_id', '=', w.ids.otherFile).executeTakeFirst()).toBeDefined();
    const members = await w.t.app.inject({ method: 'GET', url: `/api/communities/${w.ids.A}/members`, headers: w.admin.auth });
    expect(members.json<{ items: Array<{ userId: string }> }>().items.map((m) => m.userId)).toEqual(expect.arrayContaining([w.ids.mA, w.ids.a1, w.ids.a2]));
  });

  it('ends the person’s sessions: their token and refresh cookie no longer work', async () => {
    expect((await w.t.app.inject({ method: 'GET', url: '/api/auth/me', headers: w.q.auth })).statusCode).toBe(401);
    const refresh = await w.t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { aigym_refresh: w.q.refreshCookie } });
    expect(refresh.statusCode).toBe(401);
    expect(errorCode(await erase(w.admin, w.qId, Q.email))).toBe('not_found');
  });
});
