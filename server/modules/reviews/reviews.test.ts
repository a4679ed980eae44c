import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attempt } from '../../../contracts/exercises.js';
import type { Certificate, Program, Verification } from '../../../contracts/programs.js';
import type { CertificateStatus, ReviewDetail, ReviewQueue } from '../../../contracts/reviews.js';
import { createTestApp, errorCode, seedUser, signIn, sql, type SignedIn, type TestApp } from '../../test/test-app.js';
import { createAssignedContent, seedTwoCommunities, type TwoCommunities } from '../../test/two-communities.js';
import { sampleContent } from '../../test/content-fixtures.js';
import { RecordingMailer } from '../../test/programs-fixtures.js';

/**
 * The review queue, per-criterion reviews, appeals, reviewers and certificate revocation (§10.1,
 * ADR 0036). Community A: manager mA, members a1 and a2, reviewer rA (named by the admin); community B:
 * manager mB, member b1, reviewer rB. The exercise (audience weight 2, format weight 1, pass mark 60)
 * is graded and assigned to both.
 */
const rubric = [
  { id: 'audience', title: 'Names the audience', description: 'Says who the summary is for.', weight: 2 },
  { id: 'format', title: 'Asks for a format', description: 'Requests bullet points or a table.', weight: 1 },
];

interface World extends TwoCommunities {
  t: TestApp;
  mailer: RecordingMailer;
  rA: SignedIn;
  rB: SignedIn;
  exercise: string;
  ids: TwoCommunities['ids'] & { rA: string; rB: string };
}

async function buildWorld(): Promise<World> {
  const mailer = new RecordingMailer();
  const t = await createTestApp({ OFFLINE_TOKEN_DELAY_MS: '0', API_RATE_LIMIT_PER_MINUTE: '100000' }, undefined, undefined, mailer);
  const people = await seedTwoCommunities(t);
  const exercise = await createAssignedContent(
    t,
    people.admin,
    sampleContent('exercise', 'Summarise an email', { details: { brief: 'Write the prompt.', practiceAgentId: null, rubric, passMark: 60, maxAttempts: null, evaluatorInstructions: '' } }),
    [people.ids.A, people.ids.B],
  );
  await sql`update exercise_details set graded = true where content_id = ${exercise}`.execute(t.database.handle.db);
  // Reviewers are trainers: not members of the community they review.
  const rA = (await seedUser(t.database, { email: 'ra@example.com' })).id;
  const rB = (await seedUser(t.database, { email: 'rb@example.com' })).id;
  const w: World = { ...people, t, mailer, exercise, rA: await signIn(t.app, 'ra@example.com'), rB: await signIn(t.app, 'rb@example.com'), ids: { ...people.ids, rA, rB } };
  for (const [community, user] of [[w.ids.A, rA], [w.ids.B, rB]] as const) {
    const res = await t.app.inject({ method: 'PUT', url: `/api/communities/${community}/reviewers/${user}`, headers: w.admin.auth });
    expect(res.statusCode, res.body).toBe(200);
  }
  return w;
}

/** A scored attempt, its outcome set as the database owner (setup: the scoring is not under test here). */
async function scoredAttempt(w: World, who: SignedIn, outcome: { status: 'evaluated' | 'needs_review'; score: number | null; passed: boolean | null; evaluatedAt?: Date }): Promise<string> {
  const started = await w.t.app.inject({ method: 'POST', url: `/api/exercises/${w.exercise}/attempts`, headers: who.auth });
  expect(started.statusCode, started.body).toBe(201);
  const { id } = started.json<{ attempt: Attempt }>().attempt;
  const criteria = JSON.stringify(rubric.map((c) => ({ criterionId: c.id, score: outcome.score ?? 0, justification: 'j', evidence: '' })));
  await sql`update exercise_attempts set status = 'submitted', answer = 'My answer', submitted_at = now() where id = ${id}`.execute(w.t.database.handle.db);
  await sql`update exercise_attempts set status = ${outcome.status}, score = ${outcome.score}, passed = ${outcome.passed}, criteria = ${criteria}::jsonb,
              evaluator_model = 'judge', evaluator_offline = false, evaluated_at = ${outcome.evaluatedAt ?? new Date()} where id = ${id}`.execute(w.t.database.handle.db);
  return id;
}

const queueOf = async (w: World, who: SignedIn, query = ''): Promise<ReviewQueue['items']> => {
  const res = await w.t.app.inject({ method: 'GET', url: `/api/reviews${query}`, headers: who.auth });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ReviewQueue>().items;
};

const review = (w: World, who: SignedIn, attemptId: string, audience: number, format: number, reason = 'Checked by a person.') =>
  w.t.app.inject({
    method: 'PUT',
    url: `/api/attempts/${attemptId}/review`,
    headers: who.auth,
    payload: { criteria: [{ criterionId: 'audience', score: audience }, { criterionId: 'format', score: format }], reason },
  });

/** The database's sample: the first 28 bits of md5(id), one in ten. */
const sampledById = (id: string): boolean => Number.parseInt(createHash('md5').update(id).digest('hex').slice(0, 7), 16) % 10 === 0;

describe('the review queue', () => {
  let w: World;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    w = await buildWorld();
    const hourAgo = new Date(Date.now() - 3 * 3_600_000);
    // a1: a needs-review attempt, then a later clear fail: the first must not hide behind it.
    ids.needsReview = await scoredAttempt(w, w.a1, { status: 'needs_review', score: null, passed: null, evaluatedAt: hourAgo });
    ids.laterFail = await scoredAttempt(w, w.a1, { status: 'evaluated', score: 10, passed: false });
    ids.nearPass = await scoredAttempt(w, w.a2, { status: 'evaluated', score: 55, passed: false });
    ids.otherCommunity = await scoredAttempt(w, w.b1, { status: 'needs_review', score: null, passed: null });
  });
  afterAll(() => w.t.close());

  it('lists needs-review attempts (never hidden behind a later attempt) and scores near the pass mark, oldest first, with their age', async () => {
    const items = await queueOf(w, w.admin, `?communityId=${w.ids.A}`);
    expect(items.map((i) => [i.attemptId, i.reason])).toEqual([
      [ids.needsReview, 'needs_review'],
      [ids.nearPass, 'near_pass_mark'],
    ]);
    expect(items[0]).toMatchObject({ learnerName: 'a1', exerciseTitle: 'Summarise an email', passMark: 60, graded: true, appeal: null });
    expect(items[0]?.ageHours).toBe(3);
    // A clear fail, 50 points under the mark, waits for nobody.
    expect(items.map((i) => i.attemptId)).not.toContain(ids.laterFail);
    // Admins without a community: every community.
    expect((await queueOf(w, w.admin)).map((i) => i.attemptId)).toContain(ids.otherCommunity);
  });

  it('shows a reviewer only the communities they were named for', async () => {
    expect((await queueOf(w, w.rA)).map((i) => i.attemptId).sort()).toEqual([ids.needsReview, ids.nearPass].sort());
    expect((await queueOf(w, w.rB)).map((i) => i.attemptId)).toEqual([ids.otherCommunity]);
    const elsewhere = await w.t.app.inject({ method: 'GET', url: `/api/reviews?communityId=${w.ids.B}`, headers: w.rA.auth });
    expect(elsewhere.statusCode).toBe(403);
    expect(errorCode(elsewhere)).toBe('forbidden');
  });

  it('refuses the queue to managers and members', async () => {
    for (const who of [w.mA, w.a1, w.mB, w.b1]) {
      const res = await w.t.app.inject({ method: 'GET', url: `/api/reviews?communityId=${w.ids.A}`, headers: who.auth });
      expect(res.statusCode).toBe(403);
    }
    expect((await w.t.app.inject({ method: 'GET', url: '/api/reviews' })).statusCode).toBe(401);
  });

  it('samples one pass in ten when it is scored, from the attempt id, and queues the sampled ones', async () => {
    const passes: string[] = [];
    for (let i = 0; i < 30; i += 1) passes.push(await scoredAttempt(w, w.a2, { status: 'evaluated', score: 95, passed: true }));
    const rows = await w.t.database.handle.db.selectFrom('exercise_attempts').select(['id', 'sampled']).where('id', 'in', passes).execute();
    for (const row of rows) expect(row.sampled, row.id).toBe(sampledById(row.id));
    const queued = (await queueOf(w, w.admin, `?communityId=${w.ids.A}`)).filter((i) => i.reason === 'sampled').map((i) => i.attemptId);
    expect(queued.sort()).toEqual(passes.filter(sampledById).sort());
    // Nobody can draw the sample through the app.
    await expect(
      w.t.database.handle.db.transaction().execute(async (trx) => {
        await sql`select set_config('app.user_id', ${w.ids.a2}, true), set_config('app.role', 'member', true), set_config('role', 'aigym_app', true)`.execute(trx);
        await sql`update exercise_attempts set sampled = true where user_id = ${w.ids.a2}`.execute(trx);
      }),
    ).rejects.toThrow(/sample is drawn by the database/);
  });
});

describe('per-criterion reviews', () => {
  let w: World;
  let attempt: string;
  beforeAll(async () => {
    w = await buildWorld();
    attempt = await scoredAttempt(w, w.a1, { status: 'evaluated', score: 65, passed: true });
  });
  afterAll(() => w.t.close());

  it('recomputes the score from the criteria and their weights, and the pass from the pass mark', async () => {
    const res = await review(w, w.rA, attempt, 90, 30);
    expect(res.statusCode, res.body).toBe(200);
    const { detail } = res.json<{ attempt: Attempt | null; detail: ReviewDetail }>();
    // (90 × 2 + 30 × 1) / 3 = 70: a pass at 60.
    expect(detail.review).toMatchObject({ score: 70, passed: true, criteria: [{ criterionId: 'audience', score: 90 }, { criterionId: 'format', score: 30 }] });
    const low = (await review(w, w.admin, attempt, 20, 20, 'A review of 20 is a fail.')).json<{ attempt: Attempt }>();
    expect(low.attempt).toMatchObject({ status: 'reviewed', review: { score: 20, passed: false } });
    const own = (await w.t.app.inject({ method: 'GET', url: `/api/attempts/${attempt}`, headers: w.a1.auth })).json<{ attempt: Attempt }>().attempt;
    expect(own.review).toMatchObject({ score: 20, passed: false, criteria: [{ criterionId: 'audience', score: 20 }, { criterionId: 'format', score: 20 }] });
  });

  it('audits every review with the before and after', async () => {
    const rows = await w.t.database.handle.db.selectFrom('audit_log').select(['actor_id', 'after']).where('action', '=', 'attempt.review').where('entity_id', '=', attempt).orderBy('id').execute();
    expect(rows.map((r) => r.actor_id)).toEqual([w.ids.rA, w.ids.admin]);
    expect(JSON.stringify(rows[1]?.after)).toContain('A review of 20 is a fail.');
  });

  it('makes skills use the reviewed criteria', async () => {
    const skills = (await w.t.app.inject({ method: 'GET', url: '/api/analytics/skills', headers: w.a1.auth })).json<{ skills: Array<{ skill: string; latest: number }> }>();
    expect(skills.skills.map((s) => [s.skill, s.latest])).toEqual([
      ['Asks for a format', 20],
      ['Names the audience', 20],
    ]);
  });

  it('refuses a rubric it does not match: an unknown criterion, a missing one, a score out of range', async () => {
    const unknown = await w.t.app.inject({ method: 'PUT', url: `/api/attempts/${attempt}/review`, headers: w.admin.auth, payload: { criteria: [{ criterionId: 'audience', score: 90 }, { criterionId: 'made-up', score: 90 }], reason: 'x' } });
    expect(unknown.statusCode).toBe(400);
    const missing = await w.t.app.inject({ method: 'PUT', url: `/api/attempts/${attempt}/review`, headers: w.admin.auth, payload: { criteria: [{ criterionId: 'audience', score: 90 }], reason: 'x' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json<{ error: { message: string } }>().error.message).toMatch(/Asks for a format/);
    expect((await review(w, w.admin, attempt, 101, 50)).statusCode).toBe(400);
    // The old body (a free score and verdict) is refused.
    const old = await w.t.app.inject({ method: 'PUT', url: `/api/attempts/${attempt}/review`, headers: w.admin.auth, payload: { score: 100, passed: true, reason: 'old way' } });
    expect(old.statusCode).toBe(400);
  });

  it('lets only admins and the community’s named reviewers change scores', async () => {
    // The learner's own manager sees the score but may not change it.
    expect((await review(w, w.mA, attempt, 100, 100)).statusCode).toBe(403);
    expect((await review(w, w.a1, attempt, 100, 100)).statusCode).toBe(403);
    // A fellow member, another community's manager, member and reviewer: not even visible.
    for (const who of [w.a2, w.mB, w.b1, w.rB]) {
      const res = await review(w, who, attempt, 100, 100);
      expect(res.statusCode).toBe(404);
      expect(errorCode(res)).toBe('not_found');
    }
    // A forged id.
    expect((await review(w, w.admin, '00000000-0000-4000-8000-000000000000', 100, 100)).statusCode).toBe(404);
    const after = (await w.t.app.inject({ method: 'GET', url: `/api/attempts/${attempt}`, headers: w.a1.auth })).json<{ attempt: Attempt }>().attempt;
    expect(after.review?.score).toBe(20);
    // Beneath the service: the manager's update reaches no row; rB's neither.
    for (const userId of [w.ids.mA, w.ids.rB]) {
      const changed = await w.t.database.handle.db.transaction().execute(async (trx) => {
        await sql`select set_config('app.user_id', ${userId}, true), set_config('app.role', 'member', true), set_config('role', 'aigym_app', true)`.execute(trx);
        return (await sql`update exercise_attempts set review_score = 100, review_passed = true, review_reason = 'x', status = 'reviewed' where id = ${attempt}`.execute(trx)).numAffectedRows;
      });
      expect(changed).toBe(0n);
    }
  });

  it('lets only admins name reviewers', async () => {
    for (const who of [w.mA, w.a1, w.rA]) {
      expect((await w.t.app.inject({ method: 'PUT', url: `/api/communities/${w.ids.A}/reviewers/${w.ids.mA}`, headers: who.auth })).statusCode).toBe(403);
    }
    const list = await w.t.app.inject({ method: 'GET', url: `/api/communities/${w.ids.A}/reviewers`, headers: w.admin.auth });
    expect(list.json<{ items: Array<{ userId: string }> }>().items.map((r) => r.userId)).toEqual([w.ids.rA]);
    const removed = await w.t.app.inject({ method: 'DELETE', url: `/api/communities/${w.ids.A}/reviewers/${w.ids.rA}`, headers: w.admin.auth });
    expect(removed.statusCode).toBe(204);
    expect((await review(w, w.rA, attempt, 100, 100)).statusCode).toBe(404);
  });
});

describe('appeals', () => {
  let w: World;
  let attempt: string;
  beforeAll(async () => {
    w = await buildWorld();
    attempt = await scoredAttempt(w, w.a1, { status: 'evaluated', score: 20, passed: false });
  });
  afterAll(() => w.t.close());

  const appeal = (who: SignedIn, id: string, criterionId = 'format') =>
    w.t.app.inject({ method: 'POST', url: `/api/attempts/${id}/appeal`, headers: who.auth, payload: { criterionId, text: 'I did ask for a table in my second message.' } });

  it('lets the learner appeal one criterion once, queues it and tells the trainers', async () => {
    expect((await appeal(w.a1, attempt, 'not-a-criterion')).statusCode).toBe(400);
    const res = await appeal(w.a1, attempt);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ attempt: Attempt }>().attempt.appeal).toMatchObject({ criterionId: 'format', text: 'I did ask for a table in my second message.', resolvedAt: null });
    expect((await appeal(w.a1, attempt)).statusCode).toBe(409);
    const [item] = (await queueOf(w, w.rA)).filter((i) => i.attemptId === attempt);
    expect(item).toMatchObject({ reason: 'appeal', appeal: { criterionId: 'format', text: 'I did ask for a table in my second message.' } });
    // The admin and A's reviewer are told; B's reviewer and the learner's manager are not.
    // Sent by the job runner after the answer (ADR 0047).
    const told = () => w.mailer.sent.filter((m) => m.subject === 'A learner appealed a score').map((m) => m.to).sort();
    await expect.poll(told, { timeout: 30_000, interval: 100 }).toEqual(['admin@example.com', 'ra@example.com']);
  });

  it('refuses an appeal by anyone but the learner', async () => {
    const other = await scoredAttempt(w, w.a1, { status: 'evaluated', score: 30, passed: false });
    for (const who of [w.a2, w.mA, w.b1, w.admin, w.rA]) expect((await appeal(who, other)).statusCode).toBe(404);
  });

  it('closes the appeal with the next review', async () => {
    expect((await review(w, w.rA, attempt, 50, 90)).statusCode).toBe(200);
    expect((await queueOf(w, w.rA)).map((i) => i.attemptId)).not.toContain(attempt);
    const own = (await w.t.app.inject({ method: 'GET', url: `/api/attempts/${attempt}`, headers: w.a1.auth })).json<{ attempt: Attempt }>().attempt;
    expect(own.appeal?.resolvedAt).toEqual(expect.any(String));
  });
});

describe('certificates: revocation and suspension', () => {
  let w: World;
  let program: Program;
  let attempt: string;
  let certificate: Certificate;
  beforeAll(async () => {
    w = await buildWorld();
    const created = await w.t.app.inject({ method: 'POST', url: '/api/programs', headers: w.admin.auth, payload: { title: 'Graded summary', status: 'published', steps: [{ contentId: w.exercise }] } });
    program = created.json<Program>();
    await w.t.app.inject({ method: 'PUT', url: `/api/programs/${program.id}/assignments`, headers: w.admin.auth, payload: { communityIds: [w.ids.A] } });
    for (const who of [w.a1, w.a2]) {
      const id = await scoredAttempt(w, who, { status: 'evaluated', score: 50, passed: false });
      expect((await review(w, w.admin, id, 80, 80)).statusCode).toBe(200);
      if (who === w.a1) attempt = id;
    }
    const mine = (await w.t.app.inject({ method: 'GET', url: '/api/certificates', headers: w.a1.auth })).json<{ items: Certificate[] }>().items;
    expect(mine).toHaveLength(1);
    certificate = mine[0] as Certificate;
  });
  afterAll(() => w.t.close());

  const verify = async (code: string) => (await w.t.app.inject({ method: 'GET', url: `/api/verify/${code}` })).json<Verification>();

  it('records what the certificate rests on: the assessed step and its review', async () => {
    expect(await verify(certificate.code)).toMatchObject({ valid: true, revokedAt: null, suspendedAt: null, steps: [{ title: 'Summarise an email', kind: 'exercise', assessed: true, reviewed: true }] });
  });

  it('suspends the certificate when a review reverses the pass it rests on, tells the trainers, and lifts it when a review restores it', async () => {
    expect((await review(w, w.rA, attempt, 10, 10, 'The answer was copied from the rubric.')).statusCode).toBe(200);
    const suspended = await verify(certificate.code);
    expect(suspended).toMatchObject({ valid: false, revoked: false, suspendedAt: expect.any(String) });
    const told = () => w.mailer.sent.filter((m) => m.subject === 'Certificate suspended: Graded summary').map((m) => m.to).sort();
    await expect.poll(told, { timeout: 30_000, interval: 100 }).toEqual(['admin@example.com', 'ra@example.com']);
    expect((await w.t.app.inject({ method: 'GET', url: '/api/certificates', headers: w.a1.auth })).json<{ items: Certificate[] }>().items[0]?.valid).toBe(false);
    expect((await review(w, w.admin, attempt, 85, 85, 'On appeal: the copy was a quotation.')).statusCode).toBe(200);
    expect(await verify(certificate.code)).toMatchObject({ valid: true, suspendedAt: null });
  });

  it('lets only admins revoke, with a reason, audited; verification then says revoked and when', async () => {
    const payload = { reason: 'The exam was taken by someone else.' };
    expect((await w.t.app.inject({ method: 'POST', url: `/api/certificates/${certificate.id}/revoke`, headers: w.admin.auth, payload: { reason: ' ' } })).statusCode).toBe(400);
    expect((await w.t.app.inject({ method: 'POST', url: `/api/certificates/${certificate.id}/revoke`, headers: w.a1.auth, payload })).statusCode).toBe(403);
    for (const who of [w.mA, w.a2, w.rA, w.b1]) {
      expect((await w.t.app.inject({ method: 'POST', url: `/api/certificates/${certificate.id}/revoke`, headers: who.auth, payload })).statusCode).toBe(404);
    }
    expect((await w.t.app.inject({ method: 'POST', url: '/api/certificates/00000000-0000-4000-8000-000000000000/revoke', headers: w.admin.auth, payload })).statusCode).toBe(404);
    expect((await verify(certificate.code)).valid).toBe(true);

    const res = await w.t.app.inject({ method: 'POST', url: `/api/certificates/${certificate.id}/revoke`, headers: w.admin.auth, payload });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<CertificateStatus>()).toMatchObject({ revoked: true, revokedAt: expect.any(String), revokedReason: payload.reason });
    const verified = await verify(certificate.code);
    expect(verified).toMatchObject({ valid: false, revoked: true, revokedAt: res.json<CertificateStatus>().revokedAt });
    // The reason is for the trainers, not the public page.
    expect(JSON.stringify(verified)).not.toContain('someone else');
    expect((await w.t.app.inject({ method: 'POST', url: `/api/certificates/${certificate.id}/revoke`, headers: w.admin.auth, payload })).statusCode).toBe(409);
    expect((await w.t.app.inject({ method: 'GET', url: `/api/certificates/${certificate.id}/pdf`, headers: w.a1.auth })).statusCode).toBe(409);
    const audit = await w.t.database.handle.db.selectFrom('audit_log').select(['actor_id', 'after']).where('action', '=', 'certificate.revoke').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBe(w.ids.admin);
    // The other member's certificate is untouched.
    const report = (await w.t.app.inject({ method: 'GET', url: `/api/programs/${program.id}/progress`, headers: w.admin.auth })).json<{ members: Array<{ userId: string; certificate?: { revokedAt: string | null } | null }> }>();
    expect(report.members.find((m) => m.userId === w.ids.a2)?.certificate).toMatchObject({ revokedAt: null });
    expect(report.members.find((m) => m.userId === w.ids.a1)?.certificate?.revokedAt).toEqual(expect.any(String));
  });

  it('refuses a revocation written straight through the app role by a non-admin', async () => {
    const changed = await w.t.database.handle.db.transaction().execute(async (trx) => {
      await sql`select set_config('app.user_id', ${w.ids.a2}, true), set_config('app.role', 'member', true), set_config('role', 'aigym_app', true)`.execute(trx);
      return (await sql`update certificates set revoked = false, revoked_at = null`.execute(trx)).numAffectedRows;
    });
    expect(changed).toBe(0n);
    await expect(
      w.t.database.handle.db.transaction().execute(async (trx) => {
        await sql`select set_config('app.user_id', ${w.ids.admin}, true), set_config('app.role', 'admin', true), set_config('role', 'aigym_app', true)`.execute(trx);
        await sql`update certificates set suspended_at = null, evidence = '[]'::jsonb`.execute(trx);
      }),
    ).rejects.toThrow(/permission denied/);
  });
});
