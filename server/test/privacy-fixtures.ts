import { expect } from 'vitest';
import type { Attempt } from '../../contracts/exercises.js';
import { seedUser, signIn, sql, type SignedIn, type TestApp } from './test-app.js';
import { submitAndScore } from './scoring.js';
import { createAssignedContent, seedTwoCommunities, type TwoCommunities } from './two-communities.js';
import { sampleContent } from './content-fixtures.js';

/**
 * A person with a footprint everywhere, for the privacy tests: Quillon Vantablack ("q") is a member
 * of communities A and B (from seedTwoCommunities), has chatted, made exercise attempts (one shared
 * and reviewed by manager mA), holds a certificate, uploaded a knowledge file an agent of both
 * communities uses, has sessions, a password-reset mail and token, Prompt Lab runs, progress, an
 * enrolment, AI spend and audit entries about them. Other people do similar things, so a test can
 * check that only q's data goes.
 */
export const Q = { email: 'quillon.vantablack@example.com', name: 'Quillon Vantablack' };
/** Every spelling that would name q in a row: the id is added by the test. */
export const Q_NEEDLES = [Q.email, 'quillon', 'vantablack'];

export interface PrivacyWorld extends TwoCommunities {
  t: TestApp;
  q: SignedIn;
  qId: string;
  ids: TwoCommunities['ids'] & Record<'agent' | 'exercise' | 'file' | 'otherFile' | 'program' | 'sharedAttempt' | 'a1Attempt', string>;
}

const rubric = [
  { id: 'audience', title: 'Names the audience', description: 'Says who the summary is for: the support lead.', weight: 2 },
  { id: 'format', title: 'Asks for a format', description: 'Requests bullet points or a table with a word limit.', weight: 1 },
];
export const goodAnswer =
  'Summarise this customer email for the support lead. Use three bullet points in a table with a 50 word limit, and name the audience so the summary suits them.';

async function ok<T>(res: { statusCode: number; body: string; json: () => unknown }, status = 200): Promise<T> {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}

/** Starts an attempt as `who`, chats once in its sandbox, submits `answer`; returns the attempt. */
export async function practise(t: TestApp, who: SignedIn, exercise: string, answer = goodAnswer): Promise<Attempt> {
  const started = await ok<{ attempt: Attempt }>(await t.app.inject({ method: 'POST', url: `/api/exercises/${exercise}/attempts`, headers: who.auth }), 201);
  const chat = await t.app.inject({
    method: 'POST',
    url: `/api/conversations/${started.attempt.conversationId}/messages`,
    headers: who.auth,
    payload: { text: 'Draft: summarise the email for the support lead.' },
  });
  expect(chat.statusCode, chat.body).toBe(200);
  const submitted = await ok<{ attempt: Attempt }>(await submitAndScore(t.app, who.auth, started.attempt.id, { answer }));
  return submitted.attempt;
}

async function insertFile(t: TestApp, by: string, name: string, passage: string): Promise<string> {
  const db = t.database.handle.db;
  const file = await db
    .insertInto('knowledge_files')
    .values({ name, mime: 'text/plain', size_bytes: passage.length, status: 'ready', chunk_count: 1, created_by: by })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('knowledge_chunks').values({ source_type: 'file', file_id: file.id, ordinal: 0, text: passage }).execute();
  return file.id;
}

export async function buildPrivacyWorld(env: Record<string, string> = {}): Promise<PrivacyWorld> {
  const { createTestApp } = await import('./test-app.js');
  const t = await createTestApp({ OFFLINE_TOKEN_DELAY_MS: '0', CHAT_MESSAGES_PER_MINUTE: '1000', ...env });
  const people = await seedTwoCommunities(t);
  const { A, B } = people.ids;
  const admin = people.admin;
  const db = t.database.handle.db;

  // q is created by the admin through the API (an audited action naming them) and joins A and B.
  const seeded = await seedUser(t.database, { email: Q.email });
  const qId = seeded.id;
  await ok(await t.app.inject({ method: 'PATCH', url: `/api/users/${qId}`, headers: admin.auth, payload: { displayName: Q.name } }));
  for (const c of [A, B]) {
    await ok(await t.app.inject({ method: 'PUT', url: `/api/communities/${c}/members/${qId}`, headers: admin.auth, payload: { role: 'member' } }));
  }
  const q = await signIn(t.app, Q.email);
  await signIn(t.app, Q.email); // a second session

  // Knowledge files: one q uploaded, one the admin did; one agent of both communities uses both.
  const file = await insertFile(t, qId, 'quillon-vantablack-notes.txt', 'The escalation matrix, as the team lead explains it.');
  const otherFile = await insertFile(t, people.ids.admin, 'handbook.txt', 'The handbook explains the escalation matrix.');
  const agent = await createAssignedContent(t, admin, sampleContent('agent', 'Customer role-play'), [A, B]);
  await db.updateTable('agent_details').set({ knowledge_file_ids: [file, otherFile] }).where('content_id', '=', agent).execute();
  const exercise = await createAssignedContent(
    t,
    admin,
    sampleContent('exercise', 'Summarise an email', { details: { brief: 'Write the prompt.', practiceAgentId: agent, rubric, passMark: 60, maxAttempts: 5, evaluatorInstructions: '' } }),
    [A, B],
  );

  // Chat and attempts: q's shared and reviewed per criterion by an admin (ADR 0036), another of q's, and one of a1's.
  const sharedAttempt = await practise(t, q, exercise, `${goodAnswer} Signed, Quillon Vantablack.`);
  await ok(await t.app.inject({ method: 'PUT', url: `/api/attempts/${sharedAttempt.id}/share`, headers: q.auth }));
  await ok(await t.app.inject({ method: 'PUT', url: `/api/attempts/${sharedAttempt.id}/review`, headers: admin.auth, payload: { criteria: [{ criterionId: 'audience', score: 90 }, { criterionId: 'format', score: 90 }], reason: 'Clear for Quillon.' } }));
  await practise(t, q, exercise);
  const a1Attempt = await practise(t, people.a1, exercise);
  const conversation = await ok<{ id: string }>(await t.app.inject({ method: 'POST', url: '/api/conversations', headers: q.auth, payload: { agentId: agent } }), 201);
  const said = await t.app.inject({ method: 'POST', url: `/api/conversations/${conversation.id}/messages`, headers: q.auth, payload: { text: 'I am Quillon Vantablack, write me a bio.' } });
  expect(said.statusCode, said.body).toBe(200);

  // A program with an enrolment and a certificate, progress, Prompt Lab, spend.
  const program = await db.insertInto('programs').values({ title: 'Onboarding', status: 'published', certificate_enabled: true, created_by: people.ids.admin }).returning('id').executeTakeFirstOrThrow();
  const enrolment = await db.insertInto('program_enrolments').values({ program_id: program.id, user_id: qId, completed_at: new Date() }).returning('id').executeTakeFirstOrThrow();
  await db
    .insertInto('certificates')
    .values({ code: 'QVcert'.padEnd(43, 'x'), user_id: qId, program_id: program.id, enrolment_id: enrolment.id, holder_name: Q.name, program_title: 'Onboarding' })
    .execute();
  await db.insertInto('reminders_sent').values({ program_id: program.id, user_id: qId, kind: 'due_soon', period: 1 }).execute();
  const run = await db.insertInto('lab_runs').values({ user_id: qId, prompt: 'Quillon asks the lab a question' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('lab_answers').values({ run_id: run.id, user_id: qId, position: 0, connection_name: 'Offline', model: 'offline', text: 'Answer for Quillon', status: 'complete' }).execute();
  await db.insertInto('ai_usage').values({ user_id: qId, community_id: A, source: 'chat', model: 'offline', status: 'settled', reserved: '0.01', cost: '0.01' }).execute();
  await db.insertInto('legal_holds').values({ user_id: people.ids.a2, reason: 'Case 12', placed_by: people.ids.admin }).execute();

  // A password reset: a mail in the outbox and a one-time token.
  await ok(await t.app.inject({ method: 'POST', url: '/api/auth/password/forgot', payload: { email: Q.email } }), 202);

  return {
    ...people,
    t,
    q,
    qId,
    ids: { ...people.ids, agent, exercise, file, otherFile, program: program.id, sharedAttempt: sharedAttempt.id, a1Attempt: a1Attempt.id },
  };
}

/** Every column of every table, in every schema but PostgreSQL's own, whose text names one of `needles`. */
export async function rowsNaming(t: TestApp, needles: string[]): Promise<string[]> {
  const db = t.database.handle.db;
  const { rows: columns } = await sql<{ schema: string; table: string; column: string }>`
    select n.nspname as schema, c.relname as table, a.attname as column
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      join pg_type ty on ty.oid = a.atttypid
     where c.relkind in ('r', 'p')
       and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'
       -- text, uuid, json/jsonb, tsvector, arrays, network addresses: everything that can hold a name
       and (ty.typcategory in ('S', 'U', 'A', 'I') or ty.typname in ('json', 'jsonb', 'tsvector', 'uuid'))
       and ty.typname <> 'bytea'
     order by 1, 2, 3`.execute(db);
  const patterns = needles.map((n) => `%${n.toLowerCase().replaceAll('\\', '\\\\').replaceAll('%', '\\%').replaceAll('_', '\\_')}%`);
  const found: string[] = [];
  for (const col of columns) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from ${sql.table(`${col.schema}.${col.table}`)}
       where lower(${sql.ref(`${col.column}`)}::text) like any (${patterns}::text[])`.execute(db);
    if ((rows[0]?.n ?? 0) > 0) found.push(`${col.schema}.${col.table}.${col.column}`);
  }
  return found;
}
