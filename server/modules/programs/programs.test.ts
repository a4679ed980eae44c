import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attempt } from '../../../contracts/exercises.js';
import type { Certificate, Program, ProgramProgressReport, Verification } from '../../../contracts/programs.js';
import { errorCode, sql } from '../../test/test-app.js';
import { submitAndScore } from '../../test/scoring.js';
import { runProgramJobs } from './program-jobs.js';
import { assignProgram, buildProgramWorld, createProgram, programAs, progress, type ProgramWorld } from '../../test/programs-fixtures.js';

/** An answer the offline evaluator passes against the sample exercise's rubric (context and format). */
const passingAnswer = 'Context: write a summary of this customer email for the support lead, saying what the email is about. Output format: bullet points in a table.';

const DAY = 86_400_000;

async function chat(w: ProgramWorld, who: ProgramWorld['a1'], agentId: string): Promise<void> {
  const started = await w.t.app.inject({ method: 'POST', url: '/api/conversations', headers: who.auth, payload: { agentId } });
  expect(started.statusCode, started.body).toBe(201);
  const { id } = started.json<{ id: string }>();
  const sent = await w.t.app.inject({ method: 'POST', url: `/api/conversations/${id}/messages`, headers: who.auth, payload: { text: 'Hello coach, how do I start?' } });
  expect(sent.statusCode, sent.body).toBe(200);
}

async function passExercise(w: ProgramWorld, who: ProgramWorld['a1'], exerciseId: string, answer = passingAnswer): Promise<Attempt> {
  const started = await w.t.app.inject({ method: 'POST', url: `/api/exercises/${exerciseId}/attempts`, headers: who.auth });
  expect(started.statusCode, started.body).toBe(201);
  const { attempt } = started.json<{ attempt: Attempt }>();
  const submitted = await submitAndScore(w.t.app, who.auth, attempt.id, { answer });
  expect(submitted.statusCode, submitted.body).toBe(200);
  return submitted.json<{ attempt: Attempt }>().attempt;
}

const stateOf = (program: Program, contentId: string) => program.progress?.steps.find((s) => s.contentId === contentId)?.state;

describe('programs: building, assigning and editing (admins)', () => {
  let w: ProgramWorld;
  beforeAll(async () => {
    w = await buildProgramWorld();
  });
  afterAll(() => w.t.close());

  it('creates a program with ordered steps and answers the contract shape', async () => {
    const program = await createProgram(w, {
      title: 'Prompting foundations',
      description: 'Three steps',
      status: 'published',
      sequential: true,
      dueDays: 14,
      certificate: { enabled: true, validDays: 365 },
      steps: [{ contentId: w.ids.doc, required: true }, { contentId: w.ids.prompt, required: false }, { contentId: w.ids.exercise }],
    });
    expect(program).toMatchObject({
      title: 'Prompting foundations',
      status: 'published',
      sequential: true,
      dueDays: 14,
      certificate: { enabled: true, validDays: 365 },
      communityIds: [],
      progress: null,
    });
    expect(program.steps).toEqual([
      { contentId: w.ids.doc, required: true, kind: 'document', title: 'Prompting basics', available: true },
      { contentId: w.ids.prompt, required: false, kind: 'prompt', title: 'Summary prompt', available: true },
      { contentId: w.ids.exercise, required: true, kind: 'exercise', title: 'Summarise an email', available: true },
    ]);
  });

  it('warns the admin when the due date falls inside the reminder window (nobody would be reminded)', async () => {
    const program = await createProgram(w, { title: 'Tight deadline', status: 'published', dueDays: 1, steps: [{ contentId: w.ids.doc }] });
    expect(program.warnings?.map((x) => x.code)).toEqual(['due_inside_reminder_window']);
    expect(program.warnings?.[0]?.message).toMatch(/1 day to finish.*2 days before the due date/);
    const roomy = await w.t.app.inject({ method: 'PATCH', url: `/api/programs/${program.id}`, headers: w.admin.auth, payload: { dueDays: 10 } });
    expect(roomy.json<Program>().warnings).toEqual([]);
  });

  it('refuses a step whose content does not exist, naming the step', async () => {
    const res = await w.t.app.inject({
      method: 'POST',
      url: '/api/programs',
      headers: w.admin.auth,
      payload: { title: 'Broken', steps: [{ contentId: w.ids.doc }, { contentId: '00000000-0000-4000-8000-000000000000' }] },
    });
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('program_step_missing');
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/^Step 2/);
  });

  it('refuses the same content twice', async () => {
    const res = await w.t.app.inject({ method: 'POST', url: '/api/programs', headers: w.admin.auth, payload: { title: 'Twice', steps: [{ contentId: w.ids.doc }, { contentId: w.ids.doc }] } });
    expect(res.statusCode).toBe(400);
  });

  it('refuses an assignment to a community that cannot open a step, naming the step and the community', async () => {
    const program = await createProgram(w, { title: 'Only for Alpha', status: 'published', steps: [{ contentId: w.ids.prompt }, { contentId: w.ids.doc }] });
    const res = await w.t.app.inject({ method: 'PUT', url: `/api/programs/${program.id}/assignments`, headers: w.admin.auth, payload: { communityIds: [w.ids.A, w.ids.B] } });
    expect(res.statusCode).toBe(422);
    expect(errorCode(res)).toBe('program_step_not_visible');
    expect(res.json<{ error: { message: string } }>().error.message).toBe('Step 2 “Prompting basics” is not assigned to Beta: assign that content to the community first.');
    // Nothing was assigned: the refusal is all or nothing.
    expect((await programAs(w, w.admin, program.id)).communityIds).toEqual([]);
    const draft = await createProgram(w, { title: 'With a draft', status: 'published', steps: [{ contentId: w.ids.draft }] });
    const refused = await w.t.app.inject({ method: 'PUT', url: `/api/programs/${draft.id}/assignments`, headers: w.admin.auth, payload: { communityIds: [w.ids.A] } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json<{ error: { message: string } }>().error.message).toMatch(/Step 1 “Not ready” is not published/);
    await assignProgram(w, program.id, [w.ids.A]);
    expect((await programAs(w, w.admin, program.id)).communityIds).toEqual([w.ids.A]);
  });

  it('names every step a community lacks, assigns that content on the admin’s confirmation, and warns while content stays unassigned (issue 25)', async () => {
    const program = await createProgram(w, { title: 'Alpha content for Beta', status: 'published', steps: [{ contentId: w.ids.prompt }, { contentId: w.ids.doc }, { contentId: w.ids.video }] });
    const put = (who: typeof w.admin, payload: object) => w.t.app.inject({ method: 'PUT', url: `/api/programs/${program.id}/assignments`, headers: who.auth, payload });
    const refused = await put(w.admin, { communityIds: [w.ids.B] });
    expect(refused.statusCode).toBe(422);
    expect(refused.json<{ error: { details: unknown } }>().error.details).toMatchObject({
      fixable: true,
      unassigned: [
        { contentId: w.ids.doc, title: 'Prompting basics', position: 2, communityId: w.ids.B, communityName: 'Beta' },
        { contentId: w.ids.video, title: 'Watch a demo', position: 3, communityId: w.ids.B, communityName: 'Beta' },
      ],
    });
    // Only an admin may assign content, confirmed or not.
    const member = await put(w.b1, { communityIds: [w.ids.B], assignContent: true });
    expect(member.statusCode).toBe(403);
    expect(errorCode(member)).toBe('forbidden');

    const confirmed = await put(w.admin, { communityIds: [w.ids.B], assignContent: true });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toEqual({ communityIds: [w.ids.B] });
    const doc = (await w.t.app.inject({ method: 'GET', url: `/api/content/${w.ids.doc}`, headers: w.admin.auth })).json<{ communityIds: string[] }>();
    expect([...doc.communityIds].sort()).toEqual([w.ids.A, w.ids.B].sort());
    const { rows } = await sql<{ n: number }>`select count(*)::integer as n from audit_log where action = 'content.assign' and entity_id = ${w.ids.video}`.execute(w.t.database.handle.db);
    expect(rows[0]?.n).toBeGreaterThanOrEqual(2);
    // Beta's member is enrolled and can open every step.
    expect((await programAs(w, w.b1, program.id)).progress?.steps.every((s) => s.available)).toBe(true);
    expect((await programAs(w, w.admin, program.id)).warnings).toEqual([]);

    // The content is unassigned from Beta later: the program says so, on its page and in the list, and members are not told anything false.
    const unassign = await w.t.app.inject({ method: 'PUT', url: `/api/content/${w.ids.video}/assignments`, headers: w.admin.auth, payload: { communityIds: [w.ids.A] } });
    expect(unassign.statusCode, unassign.body).toBe(200);
    const warned = await programAs(w, w.admin, program.id);
    expect(warned.warnings).toEqual([
      expect.objectContaining({ code: 'steps_not_assigned', items: [{ contentId: w.ids.video, title: 'Watch a demo', position: 3, communityId: w.ids.B, communityName: 'Beta' }] }),
    ]);
    const listed = (await w.t.app.inject({ method: 'GET', url: '/api/programs?q=Alpha%20content', headers: w.admin.auth })).json<{ items: Program[] }>().items;
    expect(listed[0]?.warnings?.map((x) => x.code)).toEqual(['steps_not_assigned']);
    expect((await programAs(w, w.b1, program.id)).warnings).toBeUndefined();
    // One action puts it right: the same communities, content assigned on confirmation.
    expect((await put(w.admin, { communityIds: [w.ids.B], assignContent: true })).statusCode).toBe(200);
    expect((await programAs(w, w.admin, program.id)).warnings).toEqual([]);

    // A draft step cannot be fixed by assigning: refused, and nothing was assigned on the way.
    const draft = await createProgram(w, { title: 'Draft inside', status: 'published', steps: [{ contentId: w.ids.draft }, { contentId: w.ids.doc }] });
    const notFixable = await w.t.app.inject({ method: 'PUT', url: `/api/programs/${draft.id}/assignments`, headers: w.admin.auth, payload: { communityIds: [w.ids.A], assignContent: true } });
    expect(notFixable.statusCode).toBe(422);
    expect(notFixable.json<{ error: { details: { fixable: boolean; reason: string } } }>().error.details).toMatchObject({ fixable: false, reason: 'unpublished' });
    // Back as the rest of this file expects it.
    for (const id of [w.ids.doc, w.ids.video]) await w.t.app.inject({ method: 'PUT', url: `/api/content/${id}/assignments`, headers: w.admin.auth, payload: { communityIds: [w.ids.A] } });
  });

  it('refuses a new step that an assigned community cannot open', async () => {
    const program = await createProgram(w, { title: 'Grows later', status: 'published', steps: [{ contentId: w.ids.prompt }] });
    await assignProgram(w, program.id, [w.ids.B]);
    const res = await w.t.app.inject({ method: 'PATCH', url: `/api/programs/${program.id}`, headers: w.admin.auth, payload: { steps: [{ contentId: w.ids.prompt }, { contentId: w.ids.video }] } });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/^Step 2 “Watch a demo” is not assigned to Beta/);
    expect((await programAs(w, w.admin, program.id)).steps).toHaveLength(1);
  });

  it('sends an ETag and refuses a stale If-Match with 412 edit_conflict', async () => {
    const program = await createProgram(w, { title: 'Edited twice', steps: [{ contentId: w.ids.doc }] });
    const first = await w.t.app.inject({ method: 'GET', url: `/api/programs/${program.id}`, headers: w.admin.auth });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"/);
    const ok = await w.t.app.inject({ method: 'PATCH', url: `/api/programs/${program.id}`, headers: { ...w.admin.auth, 'if-match': etag }, payload: { title: 'Edited once' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.headers.etag).not.toBe(etag);
    const stale = await w.t.app.inject({ method: 'PATCH', url: `/api/programs/${program.id}`, headers: { ...w.admin.auth, 'if-match': etag }, payload: { title: 'Overwrite' } });
    expect(stale.statusCode).toBe(412);
    expect(errorCode(stale)).toBe('edit_conflict');
    expect((await programAs(w, w.admin, program.id)).title).toBe('Edited once');
    const fresh = await w.t.app.inject({ method: 'PATCH', url: `/api/programs/${program.id}`, headers: { ...w.admin.auth, 'if-match': ok.headers.etag as string }, payload: { title: 'Edited twice' } });
    expect(fresh.statusCode).toBe(200);
  });

  it('audits creation, edits, assignment and deletion', async () => {
    const program = await createProgram(w, { title: 'Audited', status: 'published', steps: [{ contentId: w.ids.doc }] });
    await w.t.app.inject({ method: 'PATCH', url: `/api/programs/${program.id}`, headers: w.admin.auth, payload: { status: 'draft' } });
    await assignProgram(w, program.id, [w.ids.A]);
    // The audit page names the program in every entry, the assignment's included (it has no title of its own).
    const entries = (await w.t.app.inject({ method: 'GET', url: `/api/audit?entityType=program&entityId=${program.id}`, headers: w.admin.auth })).json<{ items: Array<{ action: string; entityName: string | null }> }>().items;
    expect(entries.map((e) => [e.action, e.entityName])).toEqual([
      ['program.assign', 'Audited'],
      ['program.unpublish', 'Audited'],
      ['program.create', 'Audited'],
    ]);
    const del = await w.t.app.inject({ method: 'DELETE', url: `/api/programs/${program.id}`, headers: w.admin.auth });
    expect(del.statusCode).toBe(204);
    const audit = await w.t.database.handle.db.selectFrom('audit_log').select('action').where('entity_id', '=', program.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['program.create', 'program.unpublish', 'program.assign', 'program.delete']);
    expect((await w.t.app.inject({ method: 'GET', url: `/api/programs/${program.id}`, headers: w.admin.auth })).statusCode).toBe(404);
  });

  it('lets only admins create, edit, assign or delete', async () => {
    const program = await createProgram(w, { title: 'Admins only', status: 'published', steps: [{ contentId: w.ids.doc }] });
    await assignProgram(w, program.id, [w.ids.A]);
    for (const who of [w.mA, w.a1]) {
      expect((await w.t.app.inject({ method: 'POST', url: '/api/programs', headers: who.auth, payload: { title: 'Mine' } })).statusCode).toBe(403);
      expect((await w.t.app.inject({ method: 'PATCH', url: `/api/programs/${program.id}`, headers: who.auth, payload: { title: 'Mine' } })).statusCode).toBe(403);
      expect((await w.t.app.inject({ method: 'PUT', url: `/api/programs/${program.id}/assignments`, headers: who.auth, payload: { communityIds: [] } })).statusCode).toBe(403);
      expect((await w.t.app.inject({ method: 'DELETE', url: `/api/programs/${program.id}`, headers: who.auth })).statusCode).toBe(403);
    }
  });

  it('lists every program for admins and hides drafts from members', async () => {
    const draft = await createProgram(w, { title: 'Draft for Alpha', status: 'draft', steps: [{ contentId: w.ids.doc }] });
    await assignProgram(w, draft.id, [w.ids.A]);
    const admin = (await w.t.app.inject({ method: 'GET', url: '/api/programs?limit=100', headers: w.admin.auth })).json<{ items: Program[] }>();
    expect(admin.items.map((p) => p.id)).toContain(draft.id);
    const member = (await w.t.app.inject({ method: 'GET', url: '/api/programs', headers: w.a1.auth })).json<{ items: Program[] }>();
    expect(member.items.map((p) => p.id)).not.toContain(draft.id);
    expect(member.items.every((p) => p.status === 'published')).toBe(true);
    expect((await w.t.app.inject({ method: 'GET', url: `/api/programs/${draft.id}`, headers: w.a1.auth })).statusCode).toBe(404);
  });

  it('pages the list with a cursor', async () => {
    const first = (await w.t.app.inject({ method: 'GET', url: '/api/programs?limit=2', headers: w.admin.auth })).json<{ items: Program[]; nextCursor: string | null }>();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await w.t.app.inject({ method: 'GET', url: `/api/programs?limit=2&cursor=${first.nextCursor}`, headers: w.admin.auth })).json<{ items: Program[] }>();
    expect(second.items.map((p) => p.id)).not.toContain(first.items[0]?.id);
  });

  it('answers 404 for every program endpoint when the programs flag is off', async () => {
    await w.t.database.handle.db.updateTable('feature_flags').set({ enabled: false }).where('key', '=', 'programs').execute();
    try {
      expect((await w.t.app.inject({ method: 'GET', url: '/api/programs', headers: w.a1.auth })).statusCode).toBe(404);
      expect((await w.t.app.inject({ method: 'GET', url: '/api/certificates', headers: w.a1.auth })).statusCode).toBe(404);
    } finally {
      await w.t.database.handle.db.updateTable('feature_flags').set({ enabled: true }).where('key', '=', 'programs').execute();
    }
  });

  it('appears in the OpenAPI document', async () => {
    const doc = (await w.t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    for (const path of ['/api/programs', '/api/programs/{id}', '/api/programs/{id}/assignments', '/api/programs/{id}/progress', '/api/certificates', '/api/certificates/{id}/pdf', '/api/verify/{code}']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});

describe('programs: a member works through a program', () => {
  let w: ProgramWorld;
  let sequential: Program;
  beforeAll(async () => {
    w = await buildProgramWorld();
    sequential = await createProgram(w, {
      title: 'Four ways to practise',
      status: 'published',
      sequential: true,
      dueDays: 7,
      certificate: { enabled: true, validDays: 30 },
      steps: [{ contentId: w.ids.doc }, { contentId: w.ids.prompt }, { contentId: w.ids.video, required: false }, { contentId: w.ids.agent }, { contentId: w.ids.exercise }],
    });
    await assignProgram(w, sequential.id, [w.ids.A]);
    // A graded exercise (§10.1): its step needs a pass, not just a score.
    await sql`update exercise_details set graded = true where content_id = ${w.ids.exercise}`.execute(w.t.database.handle.db);
  });
  afterAll(() => w.t.close());

  it('enrols the members of an assigned community with a due date', async () => {
    const program = await programAs(w, w.a1, sequential.id);
    expect(program.progress).toMatchObject({ percent: 0, completedAt: null, overdue: false, cycle: 1, certificateId: null, nextContentId: w.ids.doc });
    const enrolled = Date.parse(program.progress?.enrolledAt ?? '');
    expect(Date.parse(program.progress?.dueAt ?? '') - enrolled).toBe(7 * DAY);
    // Platform admins are staff, not learners.
    expect((await programAs(w, w.admin, sequential.id)).progress).toBeNull();
  });

  it('locks each step until the required steps before it are done; an optional step never blocks', async () => {
    let program = await programAs(w, w.a1, sequential.id);
    expect(program.progress?.steps.map((s) => s.state)).toEqual(['available', 'locked', 'locked', 'locked', 'locked']);
    await progress(w, w.a1, w.ids.doc, 'completed');
    program = await programAs(w, w.a1, sequential.id);
    expect(program.progress?.steps.map((s) => s.state)).toEqual(['done', 'available', 'locked', 'locked', 'locked']);
    expect(program.progress?.nextContentId).toBe(w.ids.prompt);
    // Merely viewing a prompt is not using it: it is done when copied (or used in the sandbox).
    await progress(w, w.a1, w.ids.prompt, 'viewed');
    expect(stateOf(await programAs(w, w.a1, sequential.id), w.ids.prompt)).toBe('available');
    await progress(w, w.a1, w.ids.prompt, 'copied');
    program = await programAs(w, w.a1, sequential.id);
    // The optional video does not hold back the agent after it.
    expect(program.progress?.steps.map((s) => s.state)).toEqual(['done', 'done', 'available', 'available', 'locked']);
    expect(program.progress?.percent).toBe(50);
  });

  it('counts an agent done once the member chatted with it, not when they only opened it', async () => {
    await progress(w, w.a1, w.ids.agent, 'viewed');
    expect(stateOf(await programAs(w, w.a1, sequential.id), w.ids.agent)).toBe('available');
    await chat(w, w.a1, w.ids.agent);
    const program = await programAs(w, w.a1, sequential.id);
    expect(stateOf(program, w.ids.agent)).toBe('done');
    expect(stateOf(program, w.ids.exercise)).toBe('available');
    expect(program.progress?.completedAt).toBeNull();
  });

  it('counts a graded exercise done only when an attempt passes (here by a person’s review), and then completes the program with a certificate', async () => {
    // Changed for ADR 0036: the offline evaluator no longer grants a graded step, so the pass comes from a review.
    const failed = await passExercise(w, w.a1, w.ids.exercise, 'I do not know.');
    expect(failed.passed).not.toBe(true);
    expect(stateOf(await programAs(w, w.a1, sequential.id), w.ids.exercise)).toBe('available');
    const review = await w.t.app.inject({
      method: 'PUT',
      url: `/api/attempts/${failed.id}/review`,
      headers: w.admin.auth,
      payload: { criteria: [{ criterionId: 'context', score: 90 }, { criterionId: 'format', score: 80 }], reason: 'Said well in other words.' },
    });
    expect(review.statusCode, review.body).toBe(200);
    const program = await programAs(w, w.a1, sequential.id);
    expect(stateOf(program, w.ids.exercise)).toBe('done');
    expect(program.progress?.percent).toBe(100);
    expect(program.progress?.completedAt).toEqual(expect.any(String));
    expect(program.progress?.certificateId).toEqual(expect.any(String));
    expect(program.progress?.nextContentId).toBeNull();
    const certificates = (await w.t.app.inject({ method: 'GET', url: '/api/certificates', headers: w.a1.auth })).json<{ items: Certificate[] }>();
    expect(certificates.items).toHaveLength(1);
    const [certificate] = certificates.items;
    expect(certificate).toMatchObject({ id: program.progress?.certificateId, programId: sequential.id, programTitle: 'Four ways to practise', valid: true });
    expect(Date.parse(certificate?.expiresAt ?? '') - Date.parse(certificate?.issuedAt ?? '')).toBe(30 * DAY);
    expect(certificate?.verifyUrl).toBe(`http://localhost:3000/verify/${certificate?.code}`);
  });

  it('lets a reviewer’s pass complete an exercise step the evaluator failed, and refuses the learner’s own manager', async () => {
    const failed = await passExercise(w, w.a2, w.ids.exercise, 'I do not know.');
    // A graded exercise with the offline evaluator waits for a person (ADR 0035).
    expect(failed).toMatchObject({ status: 'needs_review', passed: null, graded: true });
    expect(stateOf(await programAs(w, w.a2, sequential.id), w.ids.exercise)).not.toBe('done');
    const payload = { criteria: [{ criterionId: 'context', score: 80 }, { criterionId: 'format', score: 80 }], reason: 'Good enough in the conversation.' };
    // Changed for ADR 0036: the community's manager may no longer change scores.
    const byManager = await w.t.app.inject({ method: 'PUT', url: `/api/attempts/${failed.id}/review`, headers: w.mA.auth, payload });
    expect(byManager.statusCode).toBe(403);
    const review = await w.t.app.inject({ method: 'PUT', url: `/api/attempts/${failed.id}/review`, headers: w.admin.auth, payload });
    expect(review.statusCode, review.body).toBe(200);
    // Sequential on the server (ADR 0036): a2 had not done the steps before it, so that pass does not count.
    expect(stateOf(await programAs(w, w.a2, sequential.id), w.ids.exercise)).toBe('locked');
    await progress(w, w.a2, w.ids.doc, 'completed');
    await progress(w, w.a2, w.ids.prompt, 'copied');
    await chat(w, w.a2, w.ids.agent);
    expect(stateOf(await programAs(w, w.a2, sequential.id), w.ids.exercise)).toBe('available');
    const again = await passExercise(w, w.a2, w.ids.exercise, 'I do not know.');
    expect(stateOf(await programAs(w, w.a2, sequential.id), w.ids.exercise)).toBe('available');
    const second = await w.t.app.inject({ method: 'PUT', url: `/api/attempts/${again.id}/review`, headers: w.admin.auth, payload });
    expect(second.statusCode, second.body).toBe(200);
    expect(stateOf(await programAs(w, w.a2, sequential.id), w.ids.exercise)).toBe('done');
  });

  it('serves the certificate as a real PDF to its holder only', async () => {
    const [certificate] = (await w.t.app.inject({ method: 'GET', url: '/api/certificates', headers: w.a1.auth })).json<{ items: Certificate[] }>().items;
    const pdf = await w.t.app.inject({ method: 'GET', url: `/api/certificates/${certificate?.id}/pdf`, headers: w.a1.auth });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.rawPayload.subarray(-6).toString('latin1')).toMatch(/%%EOF/);
    expect(pdf.rawPayload.length).toBeGreaterThan(1000);
    for (const other of [w.a2, w.b1, w.mA]) {
      const res = await w.t.app.inject({ method: 'GET', url: `/api/certificates/${certificate?.id}/pdf`, headers: other.auth });
      expect(res.statusCode).toBe(404);
      expect(errorCode(res)).toBe('not_found');
    }
  });

  it('verifies a certificate without a session, and answers 404 for an unknown code', async () => {
    const [certificate] = (await w.t.app.inject({ method: 'GET', url: '/api/certificates', headers: w.a1.auth })).json<{ items: Certificate[] }>().items;
    const res = await w.t.app.inject({ method: 'GET', url: `/api/verify/${certificate?.code}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Verification>()).toEqual({
      valid: true,
      holderName: 'a1',
      programTitle: 'Four ways to practise',
      issuedAt: certificate?.issuedAt,
      expiresAt: certificate?.expiresAt,
      revoked: false,
      revokedAt: null,
      suspendedAt: null,
      // What it rests on (ADR 0036): the graded exercise is assessed, the rest is the member's own activity.
      steps: [
        { title: 'Prompting basics', kind: 'document', assessed: false, reviewed: null },
        { title: 'Summary prompt', kind: 'prompt', assessed: false, reviewed: null },
        { title: 'Role-play coach', kind: 'agent', assessed: false, reviewed: null },
        { title: 'Summarise an email', kind: 'exercise', assessed: true, reviewed: true },
      ],
    });
    const unknown = await w.t.app.inject({ method: 'GET', url: `/api/verify/${'A'.repeat(43)}` });
    expect(unknown.statusCode).toBe(404);
    expect(errorCode(unknown)).toBe('not_found');
    const malformed = await w.t.app.inject({ method: 'GET', url: `/api/verify/${encodeURIComponent("' or 1=1 --")}` });
    expect(malformed.statusCode).toBe(404);
  });

  it('gives certificate codes at least 128 random bits, all different', async () => {
    const db = w.t.database.handle.db;
    // Issue many through the same function the app uses.
    const codes = new Set<string>();
    for (let i = 0; i < 200; i += 1) {
      const { rows } = await sql<{ code: string }>`
        select translate(rtrim(encode(decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'), 'base64'), '='), '+/', '-_') as code`.execute(db);
      codes.add(rows[0]?.code ?? '');
    }
    expect(codes.size).toBe(200);
    const issued = await db.selectFrom('certificates').select('code').execute();
    for (const { code } of issued) {
      expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // 32 bytes; two UUID v4s carry 2 × 122 = 244 random bits.
      expect(Buffer.from(code, 'base64url')).toHaveLength(32);
    }
    // The function really uses that expression (no weaker generator hides in another path).
    const { rows } = await sql<{ body: string }>`select prosrc as body from pg_proc where proname = 'refresh_program_completion'`.execute(db);
    expect(rows[0]?.body).toContain('gen_random_uuid()::text || gen_random_uuid()::text');
  });

  it('rate limits verification per address', async () => {
    const code = 'B'.repeat(43);
    let last = 0;
    for (let i = 0; i < 40 && last !== 429; i += 1) {
      last = (await w.t.app.inject({ method: 'GET', url: `/api/verify/${code}`, remoteAddress: '203.0.113.9' })).statusCode;
    }
    expect(last).toBe(429);
    // Another address is not affected.
    expect((await w.t.app.inject({ method: 'GET', url: `/api/verify/${code}`, remoteAddress: '203.0.113.10' })).statusCode).toBe(404);
  });
});

describe('programs: free order, optional steps and unavailable content', () => {
  let w: ProgramWorld;
  beforeAll(async () => {
    w = await buildProgramWorld();
  });
  afterAll(() => w.t.close());

  it('leaves every step open in a free-order program', async () => {
    const program = await createProgram(w, { title: 'Free order', status: 'published', steps: [{ contentId: w.ids.doc }, { contentId: w.ids.video }] });
    await assignProgram(w, program.id, [w.ids.A]);
    const seen = await programAs(w, w.a1, program.id);
    expect(seen.progress?.steps.map((s) => s.state)).toEqual(['available', 'available']);
    await progress(w, w.a1, w.ids.video, 'completed');
    expect((await programAs(w, w.a1, program.id)).progress?.steps.map((s) => s.state)).toEqual(['available', 'done']);
  });

  it('completes a member at once when an admin removes the only step they had left', async () => {
    const program = await createProgram(w, { title: 'Shrinks', status: 'published', steps: [{ contentId: w.ids.doc }, { contentId: w.ids.agent }] });
    await assignProgram(w, program.id, [w.ids.A]);
    await progress(w, w.a2, w.ids.doc, 'completed');
    expect((await programAs(w, w.a2, program.id)).progress?.completedAt).toBeNull();
    const res = await w.t.app.inject({ method: 'PATCH', url: `/api/programs/${program.id}`, headers: w.admin.auth, payload: { steps: [{ contentId: w.ids.doc }] } });
    expect(res.statusCode, res.body).toBe(200);
    const after = await programAs(w, w.a2, program.id);
    expect(after.progress?.completedAt).toEqual(expect.any(String));
    expect(after.progress?.certificateId).toEqual(expect.any(String));
  });

  it('shows a deleted step as no longer available, without breaking or counting it', async () => {
    const doomed = (
      await w.t.app.inject({ method: 'POST', url: '/api/content', headers: w.admin.auth, payload: { kind: 'document', title: 'Soon gone', status: 'published', details: { bodyHtml: '<p>x</p>' } } })
    ).json<{ id: string }>().id;
    await w.t.app.inject({ method: 'PUT', url: `/api/content/${doomed}/assignments`, headers: w.admin.auth, payload: { communityIds: [w.ids.A] } });
    const program = await createProgram(w, { title: 'Loses a step', status: 'published', sequential: true, steps: [{ contentId: doomed }, { contentId: w.ids.prompt }] });
    await assignProgram(w, program.id, [w.ids.A]);
    expect((await w.t.app.inject({ method: 'DELETE', url: `/api/content/${doomed}`, headers: w.admin.auth })).statusCode).toBe(204);
    const seen = await programAs(w, w.a2, program.id);
    expect(seen.steps[0]).toEqual({ contentId: doomed, required: true, kind: null, title: 'No longer available', available: false });
    expect(seen.progress?.steps).toEqual([
      { contentId: doomed, state: 'locked', available: false },
      // The unavailable step does not lock the next one.
      { contentId: w.ids.prompt, state: 'available', available: true },
    ]);
    await progress(w, w.a2, w.ids.prompt, 'copied');
    const done = await programAs(w, w.a2, program.id);
    expect(done.progress?.percent).toBe(100);
    expect(done.progress?.completedAt).toEqual(expect.any(String));
  });

  it('shows an unpublished step as unavailable to members while admins still see its title', async () => {
    const program = await createProgram(w, { title: 'Loses a video', status: 'published', steps: [{ contentId: w.ids.video }, { contentId: w.ids.doc }] });
    await assignProgram(w, program.id, [w.ids.A]);
    await w.t.app.inject({ method: 'PATCH', url: `/api/content/${w.ids.video}`, headers: w.admin.auth, payload: { status: 'draft' } });
    try {
      const seen = await programAs(w, w.a1, program.id);
      expect(seen.steps[0]).toMatchObject({ title: 'No longer available', available: false });
      expect(seen.progress?.steps[0]).toMatchObject({ state: 'locked', available: false });
      const admin = await programAs(w, w.admin, program.id);
      expect(admin.steps[0]).toMatchObject({ title: 'Watch a demo', available: false });
    } finally {
      await w.t.app.inject({ method: 'PATCH', url: `/api/content/${w.ids.video}`, headers: w.admin.auth, payload: { status: 'published' } });
    }
  });

  it('enrols someone who joins an assigned community later, and a program once it is published', async () => {
    const program = await createProgram(w, { title: 'Published later', status: 'draft', dueDays: 3, steps: [{ contentId: w.ids.prompt }] });
    await assignProgram(w, program.id, [w.ids.B]);
    const db = w.t.database.handle.db;
    expect(await db.selectFrom('program_enrolments').select('user_id').where('program_id', '=', program.id).execute()).toEqual([]);
    await w.t.app.inject({ method: 'PATCH', url: `/api/programs/${program.id}`, headers: w.admin.auth, payload: { status: 'published' } });
    const enrolled = await db.selectFrom('program_enrolments').select('user_id').where('program_id', '=', program.id).execute();
    // Changed for ADR 0036: Beta's manager is staff, not a learner, and is not enrolled.
    expect(enrolled.map((e) => e.user_id).sort()).toEqual([w.ids.b1]);
    await db.insertInto('community_members').values({ community_id: w.ids.B, user_id: w.ids.a1, role: 'member' }).execute();
    const after = await db.selectFrom('program_enrolments').select('user_id').where('program_id', '=', program.id).execute();
    expect(after.map((e) => e.user_id)).toContain(w.ids.a1);
    await db.deleteFrom('community_members').where('community_id', '=', w.ids.B).where('user_id', '=', w.ids.a1).execute();
  });
});

describe('programs: due dates, the managers’ report and other communities', () => {
  let w: ProgramWorld;
  let program: Program;
  beforeAll(async () => {
    w = await buildProgramWorld();
    program = await createProgram(w, { title: 'Due in a week', status: 'published', dueDays: 7, steps: [{ contentId: w.ids.doc }, { contentId: w.ids.prompt }] });
    await assignProgram(w, program.id, [w.ids.A]);
    // a2 was enrolled ten days ago: overdue.
    await w.t.database.handle.db
      .updateTable('program_enrolments')
      .set({ enrolled_at: new Date(Date.now() - 10 * DAY), due_at: new Date(Date.now() - 3 * DAY) })
      .where('program_id', '=', program.id)
      .where('user_id', '=', w.ids.a2)
      .execute();
    await progress(w, w.a1, w.ids.doc, 'completed');
  });
  afterAll(() => w.t.close());

  it('marks a member overdue once the due date passes without completion', async () => {
    expect((await programAs(w, w.a2, program.id)).progress).toMatchObject({ overdue: true, completedAt: null });
    expect((await programAs(w, w.a1, program.id)).progress).toMatchObject({ overdue: false, percent: 50 });
  });

  it('gives the manager every member × step, overdue first, with a funnel', async () => {
    const res = await w.t.app.inject({ method: 'GET', url: `/api/programs/${program.id}/progress?communityId=${w.ids.A}`, headers: w.mA.auth });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<ProgramProgressReport>();
    expect(report.communities).toEqual([{ id: w.ids.A, name: 'Alpha' }]);
    expect(report.members[0]).toMatchObject({ userId: w.ids.a2, overdue: true });
    // Changed for ADR 0036: the manager is not enrolled.
    expect(report.members.map((m) => m.userId).sort()).toEqual([w.ids.a1, w.ids.a2].sort());
    const a1 = report.members.find((m) => m.userId === w.ids.a1);
    expect(a1?.steps).toEqual([
      { contentId: w.ids.doc, state: 'done' },
      { contentId: w.ids.prompt, state: 'available' },
    ]);
    expect(report.funnel).toEqual([
      { contentId: w.ids.doc, done: 1 },
      { contentId: w.ids.prompt, done: 0 },
    ]);
    expect(report.totals).toEqual({ enrolled: 2, completed: 0, overdue: 1 });
    // Admins see it too, without naming a community.
    const admin = await w.t.app.inject({ method: 'GET', url: `/api/programs/${program.id}/progress`, headers: w.admin.auth });
    expect(admin.json<ProgramProgressReport>().members).toHaveLength(2);
  });

  it('exports the report as CSV', async () => {
    const res = await w.t.app.inject({ method: 'GET', url: `/api/programs/${program.id}/progress?communityId=${w.ids.A}&format=csv`, headers: w.mA.auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="due-in-a-week-progress.csv"');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe('member,email,enrolled_at,due_at,completed_at,overdue,percent,step_1: Prompting basics,step_2: Summary prompt');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^a2,a2@example\.com,.*,yes,0,available,available$/);
  });

  it('shows a manager one member’s programs for the member report, and no one else’s', async () => {
    const res = await w.t.app.inject({ method: 'GET', url: `/api/programs?userId=${w.ids.a1}`, headers: w.mA.auth });
    expect(res.statusCode, res.body).toBe(200);
    const [item] = res.json<{ items: Program[] }>().items;
    expect(item).toMatchObject({ id: program.id, progress: { percent: 50 } });
    expect((await w.t.app.inject({ method: 'GET', url: `/api/programs?userId=${w.ids.a1}`, headers: w.mB.auth })).statusCode).toBe(404);
    expect((await w.t.app.inject({ method: 'GET', url: `/api/programs?userId=${w.ids.a1}`, headers: w.a2.auth })).statusCode).toBe(404);
  });

  it('shows another community nothing: program, progress, report and certificates are 404', async () => {
    expect((await w.t.app.inject({ method: 'GET', url: `/api/programs/${program.id}`, headers: w.b1.auth })).statusCode).toBe(404);
    const list = (await w.t.app.inject({ method: 'GET', url: '/api/programs', headers: w.b1.auth })).json<{ items: Program[] }>();
    expect(list.items.map((p) => p.id)).not.toContain(program.id);
    for (const [who, url] of [
      [w.b1, `/api/programs/${program.id}/progress?communityId=${w.ids.A}`],
      [w.mB, `/api/programs/${program.id}/progress?communityId=${w.ids.A}`],
      [w.mB, `/api/programs/${program.id}/progress`],
      [w.a1, `/api/programs/${program.id}/progress`],
      [w.mA, `/api/programs/${program.id}/progress?communityId=${w.ids.B}`],
    ] as const) {
      const res = await w.t.app.inject({ method: 'GET', url, headers: who.auth });
      expect(res.statusCode, `${url}`).toBe(404);
      expect(errorCode(res)).toBe('not_found');
    }
    // Under row-level security directly: b1's identity sees no enrolment, step or assignment of A's program.
    const db = w.t.database.handle.db;
    const seen = await db.transaction().execute(async (trx) => {
      await sql`select set_config('app.user_id', ${w.ids.b1}, true), set_config('app.role', 'member', true), set_config('role', 'aigym_app', true)`.execute(trx);
      const { rows } = await sql<{ n: number }>`
        select (select count(*) from programs where id = ${program.id})::int
             + (select count(*) from program_steps where program_id = ${program.id})::int
             + (select count(*) from program_assignments where program_id = ${program.id})::int
             + (select count(*) from program_enrolments where program_id = ${program.id})::int
             + (select count(*) from certificates where user_id <> ${w.ids.b1})::int as n`.execute(trx);
      return rows[0]?.n;
    });
    expect(seen).toBe(0);
    // Enrolments: a member sees their own, a manager their community's, another manager none.
    const enrolmentsSeenBy = (userId: string) =>
      db.transaction().execute(async (trx) => {
        await sql`select set_config('app.user_id', ${userId}, true), set_config('app.role', 'member', true), set_config('role', 'aigym_app', true)`.execute(trx);
        const { rows } = await sql<{ user_id: string }>`select user_id from program_enrolments where program_id = ${program.id} order by user_id`.execute(trx);
        return rows.map((r) => r.user_id);
      });
    expect(await enrolmentsSeenBy(w.ids.a1)).toEqual([w.ids.a1]);
    expect(await enrolmentsSeenBy(w.ids.mA)).toEqual([w.ids.a1, w.ids.a2].sort());
    expect(await enrolmentsSeenBy(w.ids.mB)).toEqual([]);
  });

  it('refuses any write to enrolments and certificates through the app role', async () => {
    const db = w.t.database.handle.db;
    for (const statement of [
      sql`insert into certificates (code, user_id, holder_name, program_title) values (${'C'.repeat(43)}, ${w.ids.a1}, 'a1', 'Forged')`,
      sql`update program_enrolments set completed_at = now() where user_id = ${w.ids.a1}`,
      sql`insert into reminders_sent (program_id, user_id, kind, period) values (${program.id}, ${w.ids.a1}, 'overdue', 1)`,
    ]) {
      await expect(
        db.transaction().execute(async (trx) => {
          await sql`select set_config('app.user_id', ${w.ids.a1}, true), set_config('app.role', 'member', true), set_config('role', 'aigym_app', true)`.execute(trx);
          await statement.execute(trx);
        }),
      ).rejects.toThrow(/permission denied/);
    }
  });
});

describe('programs: reminders and re-enrolment (the job)', () => {
  let w: ProgramWorld;
  let program: Program;
  beforeAll(async () => {
    w = await buildProgramWorld();
    program = await createProgram(w, { title: 'Renewed yearly', status: 'published', dueDays: 10, certificate: { enabled: true, validDays: 365 }, steps: [{ contentId: w.ids.doc }] });
    await assignProgram(w, program.id, [w.ids.A]);
    // a2 reads AI GYM in Spanish; the others have chosen no language.
    const chosen = await w.t.app.inject({ method: 'PUT', url: '/api/profile/language', headers: w.a2.auth, payload: { language: 'es' } });
    expect(chosen.statusCode, chosen.body).toBe(200);
  });
  afterAll(() => w.t.close());

  const mailsTo = (email: string) => w.mailer.sent.filter((m) => m.to === email);

  it('sends nothing while the due date is far', async () => {
    const result = await runProgramJobs(w.t.app, new Date(Date.now() + 5 * DAY));
    expect(result.remindersSent).toBe(0);
  });

  it('sends a due-soon reminder two days before, once', async () => {
    const soon = new Date(Date.now() + 8.5 * DAY);
    await runProgramJobs(w.t.app, soon);
    await runProgramJobs(w.t.app, soon);
    const mails = mailsTo('a1@example.com');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Due soon: Renewed yearly');
    expect(mails[0]?.text).toContain(`http://localhost:3000/programs/${program.id}`);
  });

  it('writes each reminder in its recipient’s saved language, the due date included', () => {
    const [spanish] = mailsTo('a2@example.com');
    expect(spanish?.subject).toBe('Vence pronto: Renewed yearly');
    expect(spanish?.text).toMatch(/^Hola, .+: tu programa «Renewed yearly» vence el [a-záéíóú]+, \d{1,2} de [a-z]+ de \d{4}\. Retómalo donde lo dejaste\./);
    expect(spanish?.text).toContain(`Abrir el programa: http://localhost:3000/programs/${program.id}`);
    expect(spanish?.text).toContain('Si no esperabas este correo, puedes ignorarlo.');
    expect(spanish?.html).toContain('Abrir el programa</a>');
    expect(`${spanish?.subject} ${spanish?.text}`).not.toMatch(/Due soon|Hello|due on|Open the program|If you did not expect/);
    // Without a saved language: English, and an English date.
    expect(mailsTo('a1@example.com')[0]?.text).toMatch(/^Hello .+, your program “Renewed yearly” is due on [A-Z][a-z]+day, \d{1,2} [A-Z][a-z]+ \d{4}\./);
  });

  it('sends an overdue reminder once, and retries one whose mail failed', async () => {
    const late = new Date(Date.now() + 11 * DAY);
    w.mailer.failNext = 1;
    const first = await runProgramJobs(w.t.app, late);
    expect(first.remindersFailed).toBe(1);
    await runProgramJobs(w.t.app, late);
    await runProgramJobs(w.t.app, late);
    for (const [email, subject] of [['a1@example.com', 'Overdue: Renewed yearly'], ['a2@example.com', 'Plazo vencido: Renewed yearly']] as const) {
      expect(mailsTo(email).filter((m) => m.subject === subject)).toHaveLength(1);
    }
    // Changed for ADR 0036: Alpha's manager is not enrolled, so is not reminded.
    expect(mailsTo('ma@example.com')).toHaveLength(0);
    // Another community's people get nothing.
    expect(mailsTo('b1@example.com')).toHaveLength(0);
  });

  it('sends no reminder to someone who completed', async () => {
    const before = w.mailer.sent.length;
    await progress(w, w.a1, w.ids.doc, 'completed');
    await w.t.database.handle.db.deleteFrom('reminders_sent').where('user_id', '=', w.ids.a1).execute();
    await runProgramJobs(w.t.app, new Date(Date.now() + 11 * DAY));
    expect(w.mailer.sent.slice(before).filter((m) => m.to === 'a1@example.com')).toEqual([]);
  });

  it('re-enrols the member when their certificate expires, in a new cycle with a new due date', async () => {
    const expiry = new Date(Date.now() + 366 * DAY);
    const result = await runProgramJobs(w.t.app, expiry);
    expect(result.reenrolled).toBe(1);
    const seen = await programAs(w, w.a1, program.id);
    expect(seen.progress).toMatchObject({ cycle: 2, completedAt: null, certificateId: null, percent: 0 });
    expect(Date.parse(seen.progress?.dueAt ?? '') - expiry.getTime()).toBe(10 * DAY);
    // The old certificate stays verifiable, and now says it expired.
    const [old] = (await w.t.app.inject({ method: 'GET', url: '/api/certificates', headers: w.a1.auth })).json<{ items: Certificate[] }>().items;
    expect(old?.programId).toBe(program.id);
    // Running again does not enrol a third time.
    expect((await runProgramJobs(w.t.app, expiry)).reenrolled).toBe(0);
    // Doing the step again (after the new cycle began) completes the new cycle with a new certificate.
    await w.t.database.handle.db
      .updateTable('program_enrolments')
      .set({ enrolled_at: new Date(Date.now() - 60_000) })
      .where('program_id', '=', program.id)
      .where('user_id', '=', w.ids.a1)
      .where('cycle', '=', 2)
      .execute();
    await progress(w, w.a1, w.ids.doc, 'viewed');
    const renewed = await programAs(w, w.a1, program.id);
    expect(renewed.progress).toMatchObject({ cycle: 2, percent: 100 });
    expect((await w.t.app.inject({ method: 'GET', url: '/api/certificates', headers: w.a1.auth })).json<{ items: Certificate[] }>().items).toHaveLength(2);
  });
});
