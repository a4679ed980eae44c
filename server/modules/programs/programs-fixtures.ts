import { expect } from 'vitest';
import type { ContentItem } from '../../../contracts/content.js';
import type { Program } from '../../../contracts/programs.js';
import type { Mail, Mailer } from '../../lib/mailer.js';
import { createTestApp, seedCommunity, seedUser, signIn, type SignedIn, type TestApp } from '../../test/test-app.js';
import type { TestDatabase } from '../../test/test-database.js';
import { sampleContent } from '../content/content-fixtures.js';

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

/**
 * Community A (manager mA, members a1 and a2) and B (manager mB, member b1), an admin, and one item
 * of each kind the steps use, all published and assigned to A (the agent and the prompt to B too).
 */
export interface ProgramWorld {
  t: TestApp;
  mailer: RecordingMailer;
  admin: SignedIn;
  mA: SignedIn;
  a1: SignedIn;
  a2: SignedIn;
  mB: SignedIn;
  b1: SignedIn;
  ids: Record<'A' | 'B' | 'admin' | 'mA' | 'a1' | 'a2' | 'mB' | 'b1' | 'doc' | 'video' | 'prompt' | 'agent' | 'exercise' | 'draft', string>;
}

export async function buildProgramWorld(env: Record<string, string> = {}, shared?: TestDatabase): Promise<ProgramWorld> {
  const mailer = new RecordingMailer();
  const t = await createTestApp({ OFFLINE_TOKEN_DELAY_MS: '0', CHAT_MESSAGES_PER_MINUTE: '1000', API_RATE_LIMIT_PER_MINUTE: '100000', ...env }, shared, undefined, mailer);
  const ids = {} as ProgramWorld['ids'];
  ids.A = await seedCommunity(t.database, 'Alpha');
  ids.B = await seedCommunity(t.database, 'Beta');
  ids.admin = (await seedUser(t.database, { email: 'admin@example.com', role: 'admin' })).id;
  ids.mA = (await seedUser(t.database, { email: 'ma@example.com', communities: [{ id: ids.A, role: 'manager' }] })).id;
  ids.a1 = (await seedUser(t.database, { email: 'a1@example.com', communities: [{ id: ids.A, role: 'member' }] })).id;
  ids.a2 = (await seedUser(t.database, { email: 'a2@example.com', communities: [{ id: ids.A, role: 'member' }] })).id;
  ids.mB = (await seedUser(t.database, { email: 'mb@example.com', communities: [{ id: ids.B, role: 'manager' }] })).id;
  ids.b1 = (await seedUser(t.database, { email: 'b1@example.com', communities: [{ id: ids.B, role: 'member' }] })).id;
  const as = (n: string) => signIn(t.app, `${n}@example.com`);
  const admin = await as('admin');
  const create = async (payload: object, communities: string[]) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/content', headers: admin.auth, payload });
    expect(res.statusCode, res.body).toBe(201);
    const item = res.json<ContentItem>();
    const assigned = await t.app.inject({ method: 'PUT', url: `/api/content/${item.id}/assignments`, headers: admin.auth, payload: { communityIds: communities } });
    expect(assigned.statusCode, assigned.body).toBe(200);
    return item.id;
  };
  ids.doc = await create(sampleContent('document', 'Prompting basics'), [ids.A]);
  ids.video = await create(sampleContent('video', 'Watch a demo'), [ids.A]);
  ids.prompt = await create(sampleContent('prompt', 'Summary prompt'), [ids.A, ids.B]);
  ids.agent = await create(sampleContent('agent', 'Role-play coach'), [ids.A, ids.B]);
  ids.exercise = await create(sampleContent('exercise', 'Summarise an email'), [ids.A]);
  ids.draft = await create(sampleContent('document', 'Not ready', { status: 'draft' }), [ids.A]);
  return { t, mailer, admin, mA: await as('ma'), a1: await as('a1'), a2: await as('a2'), mB: await as('mb'), b1: await as('b1'), ids };
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
