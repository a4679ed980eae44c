import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Certificate, Program } from '../../../contracts/programs.js';
import { errorCode, sql } from '../../test/test-app.js';
import { assignProgram, buildProgramWorld, createProgram, programAs, progress, type ProgramWorld } from '../../test/programs-fixtures.js';
import { stepsMembersMustNowDo } from './step-changes.js';

/** The mails queued for `email` (sent by the job runner after the commit). */
async function mailsTo(w: ProgramWorld, email: string): Promise<Array<{ subject: string; text: string }>> {
  const { rows } = await sql<{ subject: string; text: string }>`
    select payload->>'subject' as subject, payload->>'text' as text from jobs where name = 'mail.send' and payload->>'to' = ${email} order by created_at`.execute(w.t.database.handle.db);
  return rows;
}

const patch = (w: ProgramWorld, who: ProgramWorld['admin'], id: string, payload: object) => w.t.app.inject({ method: 'PATCH', url: `/api/programs/${id}`, headers: who.auth, payload });

describe('programs: steps added after members started (issue 24)', () => {
  let w: ProgramWorld;
  /** Beta's program, which b1 completed: nothing done to Alpha's programs may touch it. */
  let other: Program;
  beforeAll(async () => {
    w = await buildProgramWorld();
    other = await createProgram(w, { title: 'Beta basics', status: 'published', steps: [{ contentId: w.ids.prompt }] });
    await assignProgram(w, other.id, [w.ids.B]);
    await progress(w, w.b1, w.ids.prompt, 'copied');
    expect((await programAs(w, w.b1, other.id)).progress?.completedAt).toEqual(expect.any(String));
  });
  afterAll(() => w.t.close());

  const otherUntouched = async () => {
    const seen = await programAs(w, w.b1, other.id);
    expect(seen.progress?.completedAt).toEqual(expect.any(String));
    expect(await mailsTo(w, 'b1@example.com')).toEqual([]);
  };

  it('knows which steps members must now do', () => {
    const a = { contentId: 'a', required: true };
    const b = { contentId: 'b', required: false };
    expect(stepsMembersMustNowDo([a], [a, { contentId: 'c', required: true }])).toEqual(['c']);
    // Optional additions do not count while a required step exists; an optional step made required does.
    expect(stepsMembersMustNowDo([a], [a, b])).toEqual([]);
    expect(stepsMembersMustNowDo([a, b], [a, { ...b, required: true }])).toEqual(['b']);
    // With no required step every step counts, so any addition does.
    expect(stepsMembersMustNowDo([b], [b, { contentId: 'c', required: false }])).toEqual(['c']);
    expect(stepsMembersMustNowDo([a, b], [b, a])).toEqual([]);
  });

  it('asks before adding a step when members completed the program; with "keep" their completion stays and members in progress are told', async () => {
    const program = await createProgram(w, { title: 'Keep course', status: 'published', steps: [{ contentId: w.ids.doc }] });
    await assignProgram(w, program.id, [w.ids.A]);
    await progress(w, w.a1, w.ids.doc, 'completed');
    const done = (await programAs(w, w.a1, program.id)).progress;
    expect(done?.completedAt).toEqual(expect.any(String));
    const steps = [{ contentId: w.ids.doc }, { contentId: w.ids.video }];

    const asked = await patch(w, w.admin, program.id, { title: 'Keep course, longer', steps });
    expect(asked.statusCode, asked.body).toBe(409);
    expect(errorCode(asked)).toBe('completed_members_choice_required');
    expect(asked.json<{ error: { details: unknown } }>().error.details).toEqual({
      completedMembers: 1,
      inProgressMembers: 1,
      newSteps: [{ contentId: w.ids.video, title: 'Watch a demo' }],
    });
    // Nothing of the edit was kept.
    const unchanged = await programAs(w, w.admin, program.id);
    expect([unchanged.title, unchanged.steps.length, unchanged.version]).toEqual(['Keep course', 1, program.version + 1]);

    // Only admins decide: a manager's or a member's edit is refused and changes nothing.
    for (const who of [w.mA, w.a1]) expect((await patch(w, who, program.id, { steps, completedMembers: 'reopen' })).statusCode).toBe(403);

    const kept = await patch(w, w.admin, program.id, { steps, completedMembers: 'keep' });
    expect(kept.statusCode, kept.body).toBe(200);
    const a1 = (await programAs(w, w.a1, program.id)).progress;
    expect([a1?.completedAt, a1?.certificateId]).toEqual([done?.completedAt, done?.certificateId]);
    expect(await mailsTo(w, 'a1@example.com')).toEqual([]);
    const toA2 = await mailsTo(w, 'a2@example.com');
    expect(toA2).toHaveLength(1);
    expect(toA2[0]?.subject).toBe('Something new to do in “Keep course”');
    expect(toA2[0]?.text).toContain('your trainer added a step to your program “Keep course”: “Watch a demo”.');
    await otherUntouched();

    const audit = (await w.t.app.inject({ method: 'GET', url: `/api/audit?action=program.steps_added&entityId=${program.id}`, headers: w.admin.auth })).json<{ items: Array<{ after: unknown }> }>().items;
    expect(audit.map((e) => e.after)).toEqual([
      { newSteps: [{ contentId: w.ids.video, title: 'Watch a demo' }], completedMembers: 1, inProgressMembers: 1, choice: 'keep', reopened: 0, told: 1 },
    ]);
  });

  it('with "reopen" completed members must do the new step: told in their language, their certificate still valid, finishing again issues no second one', async () => {
    await sql`update users set language = 'es' where id = ${w.ids.a1}`.execute(w.t.database.handle.db);
    const before = { a1: (await mailsTo(w, 'a1@example.com')).length, a2: (await mailsTo(w, 'a2@example.com')).length };
    const program = await createProgram(w, { title: 'Reopen course', status: 'published', steps: [{ contentId: w.ids.prompt }] });
    await assignProgram(w, program.id, [w.ids.A]);
    for (const who of [w.a1, w.a2]) await progress(w, who, w.ids.prompt, 'copied');
    for (const who of [w.a1, w.a2]) expect((await programAs(w, who, program.id)).progress?.completedAt).toEqual(expect.any(String));
    // a2 already did the new step since enrolling: reopened, they complete again at once and are not told.
    await progress(w, w.a2, w.ids.doc, 'completed');

    const res = await patch(w, w.admin, program.id, { steps: [{ contentId: w.ids.prompt }, { contentId: w.ids.doc }], completedMembers: 'reopen' });
    expect(res.statusCode, res.body).toBe(200);
    const a1 = (await programAs(w, w.a1, program.id)).progress;
    expect(a1?.completedAt).toBeNull();
    expect(a1?.steps.at(-1)).toMatchObject({ contentId: w.ids.doc, state: 'available' });
    expect((await programAs(w, w.a2, program.id)).progress?.completedAt).toEqual(expect.any(String));

    const toA1 = (await mailsTo(w, 'a1@example.com')).slice(before.a1);
    expect(toA1.map((m) => m.subject)).toEqual(['Algo nuevo que hacer en «Reopen course»']);
    expect(toA1[0]?.text).toContain('ya habías terminado «Reopen course»');
    expect(toA1[0]?.text).toContain('«Prompting basics»');
    expect((await mailsTo(w, 'a2@example.com')).slice(before.a2)).toEqual([]);

    // The certificate a1 holds stays valid; doing the new step completes the same enrolment without a second one.
    const certificates = async () =>
      (await w.t.app.inject({ method: 'GET', url: '/api/certificates', headers: w.a1.auth })).json<{ items: Certificate[] }>().items.filter((c) => c.programId === program.id);
    expect((await certificates()).map((c) => c.valid)).toEqual([true]);
    await progress(w, w.a1, w.ids.doc, 'completed');
    expect((await programAs(w, w.a1, program.id)).progress?.completedAt).toEqual(expect.any(String));
    expect((await certificates()).map((c) => c.valid)).toEqual([true]);
    await otherUntouched();
  });
});
