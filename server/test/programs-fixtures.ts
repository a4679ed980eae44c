import { expect } from 'vitest';
import type { Program } from '../../contracts/programs.js';
import type { Mail, Mailer } from '../lib/mailer.js';
import { createTestApp, type SignedIn, type TestApp } from './test-app.js';
import type { TestDatabase } from './test-database.js';
import { createAssignedContent, seedTwoCommunities, type TwoCommunities } from './two-communities.js';
import { sampleContent } from './content-fixtures.js';

/** Keeps every mail sent, so tests can count reminders. */
export class RecordingMailer implements Mailer {
  readonly sent: Mail[] = [];
  failNext = 0;
  async send(mail: Mail): Promise<void> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('smtp down');
    }
    this.sent.push(mail);
  }
}

/** The two communities' people, and one item of each kind the steps use, all published and assigned to A (the agent and the prompt to B too). */
export interface ProgramWorld extends TwoCommunities {
  t: TestApp;
  mailer: RecordingMailer;
  ids: TwoCommunities['ids'] & Record<'doc' | 'video' | 'prompt' | 'agent' | 'exercise' | 'draft', string>;
}

export async function buildProgramWorld(env: Record<string, string> = {}, shared?: TestDatabase): Promise<ProgramWorld> {
  const mailer = new RecordingMailer();
  const t = await createTestApp({ OFFLINE_TOKEN_DELAY_MS: '0', CHAT_MESSAGES_PER_MINUTE: '1000', API_RATE_LIMIT_PER_MINUTE: '100000', ...env }, shared, undefined, mailer);
  const people = await seedTwoCommunities(t);
  const { A, B } = people.ids;
  const create = (payload: object, communities: string[]) => createAssignedContent(t, people.admin, payload, communities);
  const ids = {
    ...people.ids,
    doc: await create(sampleContent('document', 'Prompting basics'), [A]),
    video: await create(sampleContent('video', 'Watch a demo'), [A]),
    prompt: await create(sampleContent('prompt', 'Summary prompt'), [A, B]),
    agent: await create(sampleContent('agent', 'Role-play coach'), [A, B]),
    exercise: await create(sampleContent('exercise', 'Summarise an email'), [A]),
    draft: await create(sampleContent('document', 'Not ready', { status: 'draft' }), [A]),
  };
  return { ...people, t, mailer, ids };
}

export async function createProgram(w: ProgramWorld, payload: object): Promise<Program> {
  const res = await w.t.app.inject({ method: 'POST', url: '/api/programs', headers: w.admin.auth, payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Program>();
}

export async function assignProgram(w: ProgramWorld, id: string, communityIds: string[]): Promise<void> {
  const res = await w.t.app.inject({ method: 'PUT', url: `/api/programs/${id}/assignments`, headers: w.admin.auth, payload: { communityIds } });
  expect(res.statusCode, res.body).toBe(200);
}

export async function programAs(w: ProgramWorld, who: SignedIn, id: string): Promise<Program> {
  const res = await w.t.app.inject({ method: 'GET', url: `/api/programs/${id}`, headers: who.auth });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Program>();
}

export async function progress(w: ProgramWorld, who: SignedIn, contentId: string, action: 'viewed' | 'completed' | 'copied'): Promise<void> {
  const res = await w.t.app.inject({ method: 'POST', url: `/api/content/${contentId}/progress`, headers: who.auth, payload: { action } });
  expect(res.statusCode, res.body).toBe(200);
}
