import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../lib/database.js';
import { createTestApp, seedUser, type TestApp } from '../../test/test-app.js';
import { createTestDatabase, testDbKind, type TestDatabase } from '../../test/test-database.js';
import { runProgramJobs } from './program-jobs.js';
import { assignProgram, buildProgramWorld, createProgram, type ProgramWorld, RecordingMailer } from '../../test/programs-fixtures.js';

const DAY = 86_400_000;
const EXTRA_MEMBERS = 25;

/**
 * Two app instances over one database run the job at the same moment, several times: every member
 * still gets each reminder exactly once. On PostgreSQL each instance has its own connection pool, so
 * the claims really race; on PGlite they share the one session (interleaved, as the embedded path is).
 */
describe(`program reminders with two instances on ${testDbKind() === 'pglite' ? 'PGlite' : 'PostgreSQL'}`, () => {
  let database: TestDatabase;
  let secondHandle: DatabaseHandle | undefined;
  let w: ProgramWorld;
  let second: TestApp;
  const secondMailer = new RecordingMailer();
  let programId: string;
  const learners: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    w = await buildProgramWorld({}, { handle: database.handle, drop: async () => undefined });
    secondHandle = database.url ? await openDatabase({ url: database.url, poolMax: 10 }) : undefined;
    second = await createTestApp({}, { handle: secondHandle ?? database.handle, drop: async () => undefined }, undefined, secondMailer);
    for (let i = 0; i < EXTRA_MEMBERS; i += 1) {
      const user = await seedUser(database, { email: `learner${i}@example.com`, communities: [{ id: w.ids.A, role: 'member' }] });
      learners.push(user.id);
    }
    const program = await createProgram(w, { title: 'Due in ten days', status: 'published', dueDays: 10, steps: [{ contentId: w.ids.doc }] });
    programId = program.id;
    await assignProgram(w, programId, [w.ids.A]);
  });
  afterAll(async () => {
    await second.close();
    await w.t.close();
    await secondHandle?.close();
    await database.drop();
  });

  const allMail = () => [...w.mailer.sent, ...secondMailer.sent];
  const count = (subject: string) => {
    const byPerson = new Map<string, number>();
    for (const mail of allMail().filter((m) => m.subject === subject)) byPerson.set(mail.to, (byPerson.get(mail.to) ?? 0) + 1);
    return byPerson;
  };

  it('sends each due-soon reminder exactly once when both instances run together', async () => {
    const soon = new Date(Date.now() + 9 * DAY);
    for (let round = 0; round < 3; round += 1) {
      await Promise.all([runProgramJobs(w.t.app, soon), runProgramJobs(second.app, soon), runProgramJobs(w.t.app, soon), runProgramJobs(second.app, soon)]);
    }
    const byPerson = count('Due soon: Due in ten days');
    // a1, a2 and the extra learners; not Alpha's manager (staff, not enrolled: ADR 0036); never Beta's people.
    expect(byPerson.size).toBe(2 + EXTRA_MEMBERS);
    expect([...byPerson.values()].every((n) => n === 1)).toBe(true);
    expect(byPerson.has('b1@example.com')).toBe(false);
    const rows = await database.handle.db.selectFrom('reminders_sent').select(['user_id']).where('program_id', '=', programId).where('kind', '=', 'due_soon').execute();
    expect(rows).toHaveLength(2 + EXTRA_MEMBERS);
  });

  it('sends each overdue reminder exactly once, even with failures on one instance', async () => {
    const late = new Date(Date.now() + 11 * DAY);
    secondMailer.failNext = 5;
    for (let round = 0; round < 3; round += 1) {
      await Promise.all([runProgramJobs(w.t.app, late), runProgramJobs(second.app, late)]);
    }
    const byPerson = count('Overdue: Due in ten days');
    expect(byPerson.size).toBe(2 + EXTRA_MEMBERS);
    expect([...byPerson.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    // When the first instance claimed every reminder, the failures were never used: they must not fail the next test's mail.
    secondMailer.failNext = 0;
  });

  it('runs on the job runner once per slot across both instances', async () => {
    const program = await createProgram(w, { title: 'Due tomorrow', status: 'published', dueDays: 1, steps: [{ contentId: w.ids.doc }] });
    await assignProgram(w, program.id, [w.ids.A]);
    // Enrolled inside the reminder window gets no "due soon" (ADR 0036): as if enrolled two days ago, due in a day.
    await database.handle.db.updateTable('program_enrolments').set({ enrolled_at: new Date(Date.now() - 2 * DAY) }).where('program_id', '=', program.id).execute();
    // Both instances reach the same slot at once: one claims the slot's job, the other finds it taken.
    const ran = await Promise.all([w.t.app.jobs.runDue(), second.app.jobs.runDue()]);
    // Managers are not enrolled (ADR 0036): a1, a2 and the extra learners.
    expect(count('Due soon: Due tomorrow').size).toBe(2 + EXTRA_MEMBERS);
    const { rows } = await sql<{ runs: number }>`select count(*)::integer as runs from jobs where name = 'programs.housekeeping'`.execute(database.handle.db);
    expect(rows[0]?.runs).toBe(1);
    expect(ran.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
  });
});
