import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Program } from '../../../contracts/programs.js';
import { seedUser, signIn, sql } from '../../test/test-app.js';
import { assignProgram, buildProgramWorld, createProgram, type ProgramWorld } from '../../test/programs-fixtures.js';

/**
 * Issue 25: people are told when a program is assigned to them (a mail in their language, once per
 * enrolment, managers never), and an invitation names who invites, the community and the programs.
 */
describe('programs: telling people what was assigned to them', () => {
  let w: ProgramWorld;
  let program: Program;
  const mailsTo = (email: string) => w.mailer.sent.filter((m) => m.to === email);
  /** Runs the due jobs, then waits until the mails they queued are sent (mail is sent as it is queued, by another runner). */
  const runJobs = async (now?: Date) => {
    await w.t.app.jobs.runDue(now);
    await vi.waitFor(
      async () => {
        const { rows } = await sql<{ n: number }>`select count(*)::integer as n from jobs where name = 'mail.send' and state in ('queued', 'running')`.execute(w.t.database.handle.db);
        expect(rows[0]?.n).toBe(0);
      },
      { timeout: 10_000, interval: 20 },
    );
  };

  beforeAll(async () => {
    w = await buildProgramWorld();
    await w.t.database.handle.db.updateTable('users').set({ display_name: 'Tina Trainer' }).where('id', '=', w.ids.admin).execute();
    const spanish = await w.t.app.inject({ method: 'PUT', url: '/api/profile/language', headers: w.a2.auth, payload: { language: 'es' } });
    expect(spanish.statusCode, spanish.body).toBe(200);
    program = await createProgram(w, { title: 'Prompting in practice', status: 'published', dueDays: 14, steps: [{ contentId: w.ids.doc }, { contentId: w.ids.prompt }] });
  });
  afterAll(() => w.t.close());

  it('mails each enrolled member once, in their language, when a program is assigned to their community, and never its manager', async () => {
    await runJobs();
    expect(mailsTo('a1@example.com')).toEqual([]); // created, not yet assigned: nobody is enrolled
    await assignProgram(w, program.id, [w.ids.A]);
    await runJobs();
    const [english] = mailsTo('a1@example.com');
    expect(english?.subject).toBe('A new program for you: Prompting in practice');
    expect(english?.text).toMatch(/^Hello a1, you have been enrolled in the program “Prompting in practice”\. It is due on [A-Z][a-z]+day, \d{1,2} [A-Z][a-z]+ \d{4}; start/);
    expect(english?.text).toContain(`Start the program: http://localhost:3000/programs/${program.id}`);
    const [spanish] = mailsTo('a2@example.com');
    expect(spanish?.subject).toBe('Un programa nuevo para ti: Prompting in practice');
    expect(spanish?.text).toMatch(/^Hola, a2: te han inscrito en el programa «Prompting in practice»\. Vence el /);
    expect(spanish?.text).toContain('Empezar el programa: ');
    expect(`${spanish?.subject} ${spanish?.text}`).not.toMatch(/Hello|enrolled|Start the program/);
    // The manager is not enrolled, so not told; another community hears nothing.
    expect(mailsTo('ma@example.com')).toEqual([]);
    expect(mailsTo('b1@example.com')).toEqual([]);
    // Running again (another instance, the next housekeeping slot) sends nothing twice.
    await runJobs();
    await runJobs(new Date(Date.now() + 60 * 60_000));
    expect(mailsTo('a1@example.com')).toHaveLength(1);
    expect(mailsTo('a2@example.com')).toHaveLength(1);
  });

  it('tells a member who joins the community later, and a draft program’s members only once it is published', async () => {
    const draft = await createProgram(w, { title: 'Coming soon', status: 'draft', steps: [{ contentId: w.ids.prompt }] });
    await assignProgram(w, draft.id, [w.ids.B]);
    await runJobs();
    expect(mailsTo('b1@example.com')).toEqual([]);
    const published = await w.t.app.inject({ method: 'PATCH', url: `/api/programs/${draft.id}`, headers: w.admin.auth, payload: { status: 'published' } });
    expect(published.statusCode, published.body).toBe(200);
    await runJobs();
    expect(mailsTo('b1@example.com').map((m) => m.subject)).toEqual(['A new program for you: Coming soon']);
    expect(mailsTo('mb@example.com')).toEqual([]);

    const late = await seedUser(w.t.database, { email: 'late@example.com' });
    const joined = await w.t.app.inject({ method: 'PUT', url: `/api/communities/${w.ids.A}/members/${late.id}`, headers: w.admin.auth, payload: { role: 'member' } });
    expect(joined.statusCode, joined.body).toBe(200);
    const manager = await seedUser(w.t.database, { email: 'newmanager@example.com' });
    await w.t.app.inject({ method: 'PUT', url: `/api/communities/${w.ids.A}/members/${manager.id}`, headers: w.admin.auth, payload: { role: 'manager' } });
    await runJobs();
    expect(mailsTo('late@example.com').map((m) => m.subject)).toEqual(['A new program for you: Prompting in practice']);
    expect(mailsTo('newmanager@example.com')).toEqual([]);
    // Every enrolment is marked announced, so nothing is left for the next run.
    const { rows } = await sql<{ n: number }>`select count(*)::integer as n from program_enrolments where notified_at is null`.execute(w.t.database.handle.db);
    expect(rows[0]?.n).toBe(0);
  });

  it('names the inviting person, the community and the programs waiting in the invitation, in both languages', async () => {
    const invite = (email: string) =>
      w.t.app.inject({ method: 'POST', url: '/api/users', headers: w.admin.auth, payload: { email, displayName: 'Invitee', communityIds: [w.ids.A] } });
    expect((await invite('invitee@example.com')).statusCode).toBe(201);
    await runJobs();
    const [english, ...others] = mailsTo('invitee@example.com');
    expect(english?.subject).toBe('Tina Trainer invited you to Alpha on AI GYM');
    expect(english?.text).toMatch(/^Tina Trainer has invited you to join Alpha on AI GYM\. A program is waiting for you: “Prompting in practice”\. Choose a password/);
    // An invited person is not mailed about the program a second time: the invitation said it.
    expect(others).toEqual([]);

    const admin = await signIn(w.t.app, 'admin@example.com');
    expect((await w.t.app.inject({ method: 'PUT', url: '/api/profile/language', headers: admin.auth, payload: { language: 'es' } })).statusCode).toBe(200);
    expect((await invite('invitada@example.com')).statusCode).toBe(201);
    await runJobs();
    const [spanish] = mailsTo('invitada@example.com');
    expect(spanish?.subject).toBe('Tina Trainer te ha invitado a Alpha en AI GYM');
    expect(spanish?.text).toMatch(/^Tina Trainer te ha invitado a unirte a Alpha en AI GYM\. Te espera un programa: «Prompting in practice»\. Elige una contraseña/);
    expect(spanish?.text).toContain('Aceptar la invitación: ');
  });
});
