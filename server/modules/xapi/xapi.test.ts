import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LrsEnvelope, LrsTestResult } from '../../../contracts/xapi.js';
import { createTestApp, errorCode, type SignedIn, signIn } from '../../test/test-app.js';
import { testDbKind } from '../../test/test-database.js';
import { LrsStandIn, type StoredStatement } from '../../test/lrs-stand-in.js';
import { assignProgram, buildProgramWorld, createProgram, type ProgramWorld, progress } from '../../test/programs-fixtures.js';
import { backoffAfter } from './xapi-jobs.js';
import { buildStatement, statementId } from './statements.js';

const HOUR = 3_600_000;

describe(`xAPI to a community's LRS on ${testDbKind() === 'pglite' ? 'PGlite' : 'PostgreSQL'}`, () => {
  let w: ProgramWorld;
  const lrs = new LrsStandIn();
  const otherLrs = new LrsStandIn('b-key', 'b-secret');

  beforeAll(async () => {
    await Promise.all([lrs.start(), otherLrs.start()]);
    w = await buildProgramWorld({ APP_URL: 'https://gym.example.com' });
  });
  afterAll(async () => {
    await w.t.close();
    await Promise.all([lrs.stop(), otherLrs.stop()]);
  });

  const inject = (who: SignedIn, method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object) =>
    w.t.app.inject({ method, url, headers: who.auth, ...(payload ? { payload } : {}) });
  const connect = (communityId: string, target: LrsStandIn, extra: object = {}) =>
    inject(w.admin, 'PUT', `/api/communities/${communityId}/lrs`, { endpoint: target.endpoint, username: target.username, password: target.password, ...extra });
  const settings = async (communityId: string) => (await inject(w.admin, 'GET', `/api/communities/${communityId}/lrs`)).json<LrsEnvelope>().lrs;
  /** An attempt the evaluator scored, written as the owner: the fact under test, not how it came about. */
  const scoredAttempt = async (userId: string, score: number, passed: boolean | null, at: Date) => {
    const row = await w.t.database.handle.db
      .insertInto('exercise_attempts')
      .values({ user_id: userId, exercise_id: w.ids.exercise, attempt_number: Math.floor(Math.random() * 1e6), status: 'evaluated', answer: 'An answer', score, passed, evaluated_at: at, submitted_at: at, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const verbs = (statements: StoredStatement[]) => statements.map((s) => s.verb.id.split('/').pop());

  it('lets only admins connect an LRS, and never returns its password', async () => {
    for (const who of [w.mA, w.a1]) {
      expect((await inject(who, 'PUT', `/api/communities/${w.ids.A}/lrs`, { endpoint: lrs.endpoint, username: 'x', password: 'y' })).statusCode).toBe(403);
    }
    expect((await connect(w.ids.A, lrs)).statusCode).toBe(200);
    expect((await inject(w.mA, 'GET', `/api/communities/${w.ids.A}/lrs`)).statusCode).toBe(403);
    const res = await inject(w.admin, 'GET', `/api/communities/${w.ids.A}/lrs`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(lrs.password);
    expect(res.json<LrsEnvelope>().lrs).toMatchObject({ endpoint: lrs.endpoint, username: lrs.username, hasPassword: true, includeEmail: false, enabled: true });
  });

  it('refuses an address that is not http(s) or carries credentials, and a first connection without a password', async () => {
    for (const endpoint of ['ftp://lrs.example.com/xapi', 'javascript:alert(1)', 'https://user:pass@lrs.example.com/xapi']) {
      const res = await inject(w.admin, 'PUT', `/api/communities/${w.ids.B}/lrs`, { endpoint, username: 'k', password: 'p' });
      expect(res.statusCode, endpoint).toBe(400);
    }
    const res = await inject(w.admin, 'PUT', `/api/communities/${w.ids.B}/lrs`, { endpoint: otherLrs.endpoint, username: 'k' });
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('lrs_secret_required');
    expect((await inject(w.admin, 'PUT', `/api/communities/00000000-0000-4000-8000-000000000000/lrs`, { endpoint: otherLrs.endpoint, username: 'k', password: 'p' })).statusCode).toBe(404);
  });

  it('tests the connection without writing a statement', async () => {
    const res = await inject(w.admin, 'POST', `/api/communities/${w.ids.A}/lrs/test`);
    expect(res.json<LrsTestResult>()).toMatchObject({ ok: true, versions: ['1.0.3'], code: 'lrs_test_ok' });
    expect(lrs.statements).toHaveLength(0);
  });

  it('sends scored attempts, completed steps and programs and the certificate, once each, in order of facts', async () => {
    const t0 = new Date(Date.now() - 10 * 60_000);
    const attempt = await scoredAttempt(w.ids.a1, 64, false, t0);
    const program = await createProgram(w, { title: 'Foundations', status: 'published', steps: [{ contentId: w.ids.doc }], certificate: { enabled: true, validDays: 365 } });
    await assignProgram(w, program.id, [w.ids.A]);
    await progress(w, w.a1, w.ids.doc, 'completed');

    await w.t.app.jobs.runDue();
    const mine = lrs.statements.filter((s) => JSON.stringify(s.actor).includes(w.ids.a1));
    expect(verbs(mine)).toEqual(['failed', 'completed', 'completed', 'earned']);
    const [scored, step, done, earned] = mine;
    expect(scored?.id).toBe(statementId({ community_id: w.ids.A, fact_kind: 'attempt_scored', fact_id: attempt }));
    expect(scored?.result).toEqual({ score: { scaled: 0.64, raw: 64, min: 0, max: 100 }, success: false });
    expect(scored?.actor).toEqual({ objectType: 'Agent', account: { homePage: 'https://gym.example.com', name: w.ids.a1 } });
    expect(JSON.stringify(mine)).not.toContain('a1@example.com');
    expect(scored?.object.id).toBe(`https://gym.example.com/exercises/${w.ids.exercise}`);
    expect(step?.object.id).toBe(`https://gym.example.com/programs/${program.id}/steps/1`);
    expect(step?.context).toMatchObject({ contextActivities: { parent: [{ id: `https://gym.example.com/programs/${program.id}` }], grouping: [{ id: `https://gym.example.com/communities/${w.ids.A}` }] } });
    expect(done?.result).toEqual({ completion: true });
    expect(earned?.object.id).toMatch(/^https:\/\/gym\.example\.com\/verify\//);

    // Nothing is sent twice, however often the job runs.
    const count = lrs.statements.length;
    await w.t.app.jobs.runDue(new Date(Date.now() + 60_000));
    await w.t.app.jobs.runDue(new Date(Date.now() + 120_000));
    expect(lrs.statements).toHaveLength(count);
    expect((await settings(w.ids.A))?.delivery).toMatchObject({ pending: 0, sent: count, rejected: 0, failures: 0, lastError: null });
  });

  it('tells the LRS when a certificate is revoked, after it was earned', async () => {
    const before = lrs.statements.length;
    await w.t.database.handle.db.updateTable('certificates').set({ revoked: true }).where('user_id', '=', w.ids.a1).execute();
    await w.t.app.jobs.runDue(new Date(Date.now() + 90_000));
    const added = lrs.statements.slice(before);
    expect(verbs(added)).toEqual(['revoked']);
    expect(added[0]?.verb.id).toBe('https://aigym.app/xapi/profile/verbs/revoked');
    const earned = lrs.statements.find((s) => s.verb.id.endsWith('/earned') && s.object.id === added[0]?.object.id);
    expect(earned).toBeDefined();
  });

  it('says passed or failed only when a verdict was given', async () => {
    // A second apart: facts of one moment have no order of their own.
    await scoredAttempt(w.ids.a2, 91, true, new Date(Date.now() - 1000));
    await scoredAttempt(w.ids.a2, 30, false, new Date());
    await w.t.app.jobs.runDue(new Date(Date.now() + 180_000));
    const theirs = lrs.statements.filter((s) => JSON.stringify(s.actor).includes(w.ids.a2));
    expect(theirs.map((s) => [s.verb.id.split('/').pop(), s.result?.success])).toEqual([
      ['passed', true],
      ['failed', false],
    ]);
  });

  it('keeps statements through a day-long outage and delivers each once, in order, when the LRS is back', async () => {
    const before = lrs.statements.length;
    lrs.down = true;
    let clock = Date.now() + 10 * 60_000;
    const facts: string[] = [];
    for (let i = 0; i < 3; i += 1) facts.push(await scoredAttempt(w.ids.a1, 50 + i, false, new Date(Date.now() + i * 1000)));
    let tries = 0;
    const dayLater = clock + 24 * HOUR;
    while (clock < dayLater) {
      const sent = lrs.requests.length;
      await w.t.app.jobs.runDue(new Date(clock));
      if (lrs.requests.length > sent) tries += 1;
      clock += 10 * 60_000;
    }
    const during = await settings(w.ids.A);
    expect(during?.delivery.pending).toBe(3);
    // A reason code with the status only (the web words it in the admin's language), not the LRS's answer.
    expect(during?.delivery.lastError).toBe('lrs_http {"status":503}');
    expect(during?.delivery.nextAttemptAt).not.toBeNull();
    // Back-off: far fewer tries than the 144 ten-minute ticks of a day.
    expect(tries).toBeGreaterThan(5);
    expect(tries).toBeLessThan(40);

    lrs.down = false;
    await w.t.app.jobs.runDue(new Date(clock + 2 * HOUR));
    const arrived = lrs.statements.slice(before);
    expect(arrived.map((s) => s.id)).toEqual(facts.map((id) => statementId({ community_id: w.ids.A, fact_kind: 'attempt_scored', fact_id: id })));
    expect(arrived.map((s) => s.result?.score?.scaled)).toEqual([0.5, 0.51, 0.52]);
    expect((await settings(w.ids.A))?.delivery).toMatchObject({ pending: 0, failures: 0, lastError: null });
  });

  it('sets one refused statement aside without holding up the others, and sends it again on request', async () => {
    const refused = await scoredAttempt(w.ids.a1, 70, false, new Date());
    const fine = await scoredAttempt(w.ids.a1, 71, false, new Date(Date.now() + 1000));
    const refusedId = statementId({ community_id: w.ids.A, fact_kind: 'attempt_scored', fact_id: refused });
    lrs.refuseIds.add(refusedId);
    await w.t.app.jobs.runDue(new Date(Date.now() + 30 * HOUR));
    const ids = lrs.statements.map((s) => s.id);
    expect(ids).toContain(statementId({ community_id: w.ids.A, fact_kind: 'attempt_scored', fact_id: fine }));
    expect(ids).not.toContain(refusedId);
    expect((await settings(w.ids.A))?.delivery.rejected).toBe(1);

    lrs.refuseIds.clear();
    expect((await inject(w.mA, 'POST', `/api/communities/${w.ids.A}/lrs/resend`)).statusCode).toBe(403);
    expect((await inject(w.admin, 'POST', `/api/communities/${w.ids.A}/lrs/resend`)).json<LrsEnvelope>().lrs?.delivery).toMatchObject({ pending: 1, rejected: 0 });
    await w.t.app.jobs.runDue(new Date(Date.now() + 31 * HOUR));
    expect(lrs.statements.filter((s) => s.id === refusedId)).toHaveLength(1);
  });

  it("sends a community's LRS nothing about another community's people, and names people by email only when allowed", async () => {
    expect((await connect(w.ids.B, otherLrs, { includeEmail: true })).statusCode).toBe(200);
    await scoredAttempt(w.ids.a1, 80, false, new Date());
    await w.t.app.jobs.runDue(new Date(Date.now() + 32 * HOUR));
    // a1 is in Alpha only, and the exercise is Alpha's: Beta's LRS hears nothing of it.
    expect(JSON.stringify(otherLrs.statements)).not.toContain(w.ids.a1);
    expect(JSON.stringify(otherLrs.statements)).not.toContain('a1@example.com');
    // Beta's own activity arrives there, its people named by email as Beta allowed.
    const program = await createProgram(w, { title: 'Beta basics', status: 'published', steps: [{ contentId: w.ids.prompt }], certificate: { enabled: false, validDays: null } });
    await assignProgram(w, program.id, [w.ids.B]);
    await progress(w, w.b1, w.ids.prompt, 'copied');
    await w.t.app.jobs.runDue(new Date(Date.now() + 33 * HOUR));
    expect(otherLrs.statements.length).toBeGreaterThan(0);
    expect(otherLrs.statements.every((s) => (s.actor as { mbox?: string }).mbox === 'mailto:b1@example.com')).toBe(true);
  });

  it('never follows an LRS redirect', async () => {
    lrs.redirectTo = 'http://127.0.0.1:9/elsewhere';
    try {
      await scoredAttempt(w.ids.a1, 81, false, new Date());
      await w.t.app.jobs.runDue(new Date(Date.now() + 40 * HOUR));
      expect((await settings(w.ids.A))?.delivery.lastError).toBe('lrs_redirect {"status":307}');
    } finally {
      lrs.redirectTo = undefined;
    }
  });

  it('gives practice a score and no verdict', () => {
    const statement = buildStatement('https://gym.example.com/', {
      community_id: w.ids.A, community_name: 'Alpha', fact_kind: 'attempt_scored', fact_id: 'x', occurred_at: new Date('2026-12-01T10:00:00Z'),
      user_id: w.ids.a1, email: 'a1@example.com', display_name: 'a1', include_email: false,
      object_kind: 'exercise', object_id: w.ids.exercise, object_title: 'Summarise an email', parent_id: null, parent_title: null,
      score: 64, passed: null, certificate_code: null,
    });
    expect(statement.verb.id).toBe('http://adlnet.gov/expapi/verbs/scored');
    expect(statement.result).toEqual({ score: { scaled: 0.64, raw: 64, min: 0, max: 100 } });
    expect(statement.timestamp).toBe('2026-12-01T10:00:00.000Z');
  });

  it('backs off from 30 seconds to at most an hour', () => {
    expect([1, 2, 3, 8, 20].map(backoffAfter)).toEqual([30_000, 60_000, 120_000, 3_600_000, 3_600_000]);
  });

  it('refuses an LRS in a private network unless the operator allows it', async () => {
    const strict = await createTestApp({ AI_ALLOW_PRIVATE_BASE_URLS: 'false' }, { handle: w.t.database.handle, drop: async () => undefined });
    try {
      const admin = await signIn(strict.app, 'admin@example.com');
      const res = await strict.app.inject({ method: 'PUT', url: `/api/communities/${w.ids.B}/lrs`, headers: admin.auth, payload: { endpoint: 'http://10.0.0.8/xapi/', username: 'k', password: 'p' } });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ error: { message: string } }>().error.message).toMatch(/^endpoint: 10\.0\.0\.8 is in a private or local network/);
    } finally {
      await strict.close();
    }
  });

  it('publishes the AI GYM xAPI profile', async () => {
    const res = await w.t.app.inject({ method: 'GET', url: '/xapi/profile' });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ concepts: Array<{ id: string }> }>().concepts.map((c) => c.id)).toContain('https://aigym.app/xapi/profile/verbs/revoked');
  });
});
