import path from 'node:path';
import type { LanguageModelV3Prompt } from '@ai-sdk/provider';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { communityInputSchema } from '../../contracts/communities.js';
import { type ContentKind, contentKindLabels, contentKinds, type ContentStatus, createContentSchema, listContentQuerySchema } from '../../contracts/content.js';
import { createUserSchema } from '../../contracts/users.js';
import { ConfigError, parseEnv } from '../config.js';
import { AppError } from '../lib/app-error.js';
import { DataDirBusyError, lockForCommand } from '../lib/data-dir-lock.js';
import { type DatabaseHandle, openDatabase } from '../lib/database.js';
import { migrate } from '../lib/migrator.js';
import { type AnonymousContext, assumeIdentity, runAnonymous, type UserContext } from '../lib/transactions.js';
import { createCommunity, setMembership } from '../modules/communities/communities.service.js';
import { OFFLINE_MODEL_ID, offlineAnswer, resolveModel } from '../platform/ai/index.js';
import { createContent, listContent, recordProgress, setAssignments } from '../modules/content/content.service.js';
import { beginSubmit, finishSubmit, publishGuard, runEvaluation, shareAttempt, startAttempt, submitFingerprint } from '../modules/exercises/exercises.service.js';
import { type BootstrapResult, ensureFirstAdmin } from '../modules/users/bootstrap.js';
import { createUser, type UserDeps } from '../modules/users/users.service.js';
import {
  DEMO_PASSWORD,
  type DemoCommunityKey,
  type DemoItem,
  type DemoPerson,
  demoAttempts,
  demoCommunities,
  demoContent,
  demoPracticeAgents,
  demoPrograms,
} from './demo-data.js';
import { createProgramSchema } from '../../contracts/programs.js';
import { createProgram, setAssignments as setProgramAssignments } from '../modules/programs/programs.service.js';
import { createConversation, updateConversation } from '../modules/conversations/conversations.service.js';
import { DEMO_HISTORY_DAYS, spreadDemoActivity } from './demo-timeline.js';
import { usePrivateFileModes } from '../lib/private-files.js';

export interface SeedDemoOptions {
  adminEmail: string;
  adminPassword?: string | undefined;
}

export interface SeedCounts {
  communities: number;
  people: number;
  items: Record<ContentKind, number>;
  statuses: Record<ContentStatus, number>;
  assignments: number;
  activity: { opened: number; completed: number; promptCopies: number; chats: number };
  attempts: { scored: number; passed: number };
  programs: number;
}

export interface SeedDemoResult {
  admin: BootstrapResult;
  /** Null when the database already had content and nothing was added. */
  created: SeedCounts | null;
}

/** A problem the operator can fix; reported without a stack trace. */
class SeedDemoError extends Error {}

const meta = {
  requestId: 'seed-demo',
  ip: '127.0.0.1',
  onBackgroundError: (error: unknown) => process.stderr.write(`seed-demo: ${String(error)}\n`),
};

/** Demo people are created with a password, so no invitation mail is ever sent. */
const noMail: UserDeps = {
  config: { SESSION_MAX_AGE_DAYS: 30, SESSION_IDLE_TIMEOUT_HOURS: 168, APP_URL: 'http://localhost:3000' },
  mailer: { send: () => Promise.reject(new Error('seed-demo sends no mail')) },
};

/**
 * Loads the demo through the same service functions the API calls, as the first admin, in one
 * transaction: it all lands or none of it does. A database that already has content is left alone.
 */
export async function seedDemo(handle: DatabaseHandle, options: SeedDemoOptions): Promise<SeedDemoResult> {
  await migrate(handle.pool);
  const admin = await ensureFirstAdmin(handle.db, options.adminEmail, options.adminPassword);
  const created = await runAnonymous(handle.db, meta, async (anon) => {
    const ctx = await assumeIdentity(anon, await adminId(anon, options.adminEmail), 'admin');
    if ((await listContent(ctx, listContentQuerySchema.parse({ limit: 1 }))).items.length > 0) return null;
    const { communityIds, people } = await createCommunities(ctx);
    const content = await createItems(ctx, communityIds);
    // Before the activity, so members are enrolled and what they do next counts towards it.
    const programs = await createPrograms(ctx, communityIds, content.idsByTitle);
    const activity = await recordActivity(anon, people);
    const attempts = await recordAttempts(anon, people, content.exerciseIds);
    return { communities: communityIds.size, people: people.length, items: content.items, statuses: content.statuses, assignments: content.assignments, activity, attempts, programs };
  });
  if (created) await spreadDemoActivity(handle.db);
  return { admin, created };
}

async function adminId(anon: AnonymousContext, email: string): Promise<string> {
  const { rows } = await sql<{ id: string; role: string }>`select id, role from app.find_login(${email})`.execute(anon.db);
  const row = rows[0];
  if (row?.role !== 'admin') throw new SeedDemoError(`${email} is not an admin in this database. Set ADMIN_EMAIL to an existing admin's email.`);
  return row.id;
}

async function createCommunities(admin: UserContext) {
  const communityIds = new Map<DemoCommunityKey, string>();
  const people: Array<{ id: string; person: DemoPerson }> = [];
  const addPerson = async (person: DemoPerson, communityId: string, role: 'manager' | 'member') => {
    const input = createUserSchema.parse({ email: person.email, displayName: person.displayName, password: DEMO_PASSWORD });
    // The whole seed is one transaction: the "runner" is simply the admin context already open.
    const user = await createUser((fn) => fn(admin), noMail, input);
    await setMembership(admin, communityId, user.id, role);
    people.push({ id: user.id, person });
  };
  for (const demo of demoCommunities) {
    const community = await createCommunity(admin, communityInputSchema.parse({ name: demo.name, description: demo.description }));
    communityIds.set(demo.key, community.id);
    await addPerson(demo.manager, community.id, 'manager');
    for (const member of demo.members) await addPerson(member, community.id, 'member');
  }
  return { communityIds, people };
}

async function createItems(admin: UserContext, communityIds: Map<DemoCommunityKey, string>) {
  const items = { agent: 0, video: 0, document: 0, prompt: 0, automation: 0, exercise: 0 };
  const statuses = { draft: 0, published: 0, archived: 0 };
  let assignments = 0;
  const idOf = (key: DemoCommunityKey): string => {
    const id = communityIds.get(key);
    if (!id) throw new Error(`demo-data.ts assigns content to an unknown community "${key}"`);
    return id;
  };
  const agentIds = new Map<string, string>();
  const exerciseIds = new Map<string, string>();
  const idsByTitle = new Map<string, string>();
  // Agents come first (contentKinds order), so an exercise can name the agent it is practised with.
  const all = contentKinds.flatMap((kind): DemoItem[] => demoContent[kind]);
  for (const { assignTo, ...input } of all) {
    if (input.kind === 'exercise') {
      const agent = demoPracticeAgents[input.title];
      input.details = { ...input.details, practiceAgentId: agent ? (agentIds.get(agent) ?? null) : null };
    }
    const item = await createContent(admin, createContentSchema.parse(input), publishGuard(undefined));
    if (item.kind === 'agent') agentIds.set(item.title, item.id);
    if (item.kind === 'exercise') exerciseIds.set(item.title, item.id);
    idsByTitle.set(item.title, item.id);
    const { communityIds: assigned } = await setAssignments(admin, item.id, assignTo.map(idOf));
    items[item.kind] += 1;
    statuses[item.status] += 1;
    assignments += assigned.length;
  }
  return { items, statuses, assignments, exerciseIds, idsByTitle };
}

async function createPrograms(admin: UserContext, communityIds: Map<DemoCommunityKey, string>, idsByTitle: Map<string, string>): Promise<number> {
  for (const demo of demoPrograms) {
    const steps = demo.steps.map((step) => {
      const contentId = idsByTitle.get(step.title);
      if (!contentId) throw new Error(`demo-data.ts: program "${demo.title}" names unknown content "${step.title}"`);
      return { contentId, required: step.required };
    });
    const program = await createProgram(
      admin,
      createProgramSchema.parse({ title: demo.title, description: demo.description, status: 'published', sequential: demo.sequential, dueDays: demo.dueDays, certificate: demo.certificate, steps }),
    );
    await setProgramAssignments(admin, program.id, demo.assignTo.map((key) => communityIds.get(key) ?? ''));
  }
  return demoPrograms.length;
}

/**
 * Demo members practise and submit, as themselves, through the same service functions as the API;
 * the offline evaluator scores them, so every score shown is one the product really computed.
 */
async function recordAttempts(anon: AnonymousContext, people: Array<{ id: string; person: DemoPerson }>, exerciseIds: Map<string, string>) {
  const offline = resolveModel({ AI_PROVIDER: 'offline', AI_BASE_URL: undefined, AI_API_KEY: undefined, AI_MODEL: undefined, OFFLINE_TOKEN_DELAY_MS: 0 }, null);
  const counts = { scored: 0, passed: 0 };
  for (const demo of demoAttempts) {
    const userId = people.find((p) => p.person.email === demo.email)?.id;
    const exerciseId = exerciseIds.get(demo.exercise);
    if (!userId || !exerciseId) throw new Error(`demo-data.ts: attempt by ${demo.email} at "${demo.exercise}" names someone or something unknown`);
    const ctx = await assumeIdentity(anon, userId, 'member');
    const attempt = await startAttempt(ctx, exerciseId);
    if (attempt.conversationId) {
      const reply = offlineAnswer([{ role: 'user', content: [{ type: 'text', text: demo.practice }] }]);
      await ctx.db
        .insertInto('messages')
        .values([
          { conversation_id: attempt.conversationId, user_id: userId, role: 'user', text: demo.practice },
          { conversation_id: attempt.conversationId, user_id: userId, role: 'assistant', text: reply, model: offline.modelId },
        ])
        .execute();
    }
    const job = await beginSubmit(ctx, attempt.id, demo.answer);
    const scored = await finishSubmit(ctx, attempt.id, (await runEvaluation(offline, job)).verdict, job, { rubricVersion: submitFingerprint(job, offline), connectionId: null });
    if (demo.share) await shareAttempt(ctx, attempt.id, true);
    counts.scored += 1;
    if (scored.passed) counts.passed += 1;
  }
  return counts;
}

/**
 * Each person opens a share of what they can see (their engagement), finishes some of it and
 * copies some prompts — as themselves, so row-level security decides what they can touch.
 * Identity is per transaction, so the people take their turns strictly one after another.
 */
async function recordActivity(anon: AnonymousContext, people: Array<{ id: string; person: DemoPerson }>) {
  const activity = { opened: 0, completed: 0, promptCopies: 0, chats: 0 };
  for (const { id, person } of people) {
    const ctx = await assumeIdentity(anon, id, 'member');
    const { items } = await listContent(ctx, listContentQuerySchema.parse({ limit: 100, sort: 'title' }));
    for (const item of items) {
      // An exercise is completed by passing it (recordAttempts), never by opening it.
      if (item.kind === 'exercise') continue;
      const chance = stableFraction(`${person.email} ${item.title}`);
      if (chance >= person.engagement) continue;
      activity.opened += 1;
      const deep = chance < person.engagement / 2;
      if (item.kind === 'prompt') {
        const copies = deep ? 1 + Math.floor(chance * 10) % 3 : 0;
        for (let i = 0; i < copies; i += 1) await recordProgress(ctx, item.id, 'copied');
        if (copies === 0) await recordProgress(ctx, item.id, 'viewed');
        activity.promptCopies += copies;
      } else {
        await recordProgress(ctx, item.id, deep ? 'completed' : 'viewed');
        if (deep) activity.completed += 1;
        if (deep && item.kind === 'agent') {
          await chatWithAgent(ctx, item.id, item.title, chance);
          activity.chats += 1;
        }
      }
    }
  }
  return activity;
}

/**
 * A short conversation with an agent, opening with one of its starter prompts and answered by the
 * offline model (as the sandbox would without a provider), so the sandbox history and the usage
 * charts are not empty on a fresh demo.
 */
async function chatWithAgent(ctx: UserContext, agentId: string, title: string, chance: number) {
  const agent = demoContent.agent.find((a) => a.title === title);
  const starters = agent?.details.starterPrompts ?? [];
  const question = starters[Math.floor(chance * 1000) % Math.max(starters.length, 1)] ?? `How can ${title} help me this week?`;
  // About half the conversations go on for a second turn, as practice does.
  const questions = chance * 1000 % 1 < 0.5 ? [question, 'Thanks. Can you make that shorter and more specific to my team?'] : [question];
  const conversation = await createConversation(ctx, agentId);
  const prompt: LanguageModelV3Prompt = [{ role: 'system', content: agent?.details.systemPrompt ?? '' }];
  for (const text of questions) {
    prompt.push({ role: 'user', content: [{ type: 'text', text }] });
    const answer = offlineAnswer(prompt);
    prompt.push({ role: 'assistant', content: [{ type: 'text', text: answer }] });
    await ctx.db
      .insertInto('messages')
      .values([
        { conversation_id: conversation.id, user_id: ctx.actor.userId, role: 'user', text },
        { conversation_id: conversation.id, user_id: ctx.actor.userId, role: 'assistant', text: answer, model: OFFLINE_MODEL_ID },
      ])
      .execute();
  }
  await updateConversation(ctx, conversation.id, { title: question.slice(0, 80) });
}

/** A stable number in [0, 1) for a string (FNV-1a), so every run shows the same activity. */
function stableFraction(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash / 2 ** 32;
}

function report(result: SeedDemoResult, where: string, appUrl: string, adminPasswordSet: boolean): string {
  const { admin, created } = result;
  const lines: string[] = [];
  if (!created) {
    lines.push(`demo data already present: ${where} already has content, so nothing was added.`);
  } else {
    const { items, statuses, activity } = created;
    const managers = demoCommunities.length;
    lines.push(
      `Demo data loaded into ${where}.`,
      '',
      `  communities  ${created.communities} (${demoCommunities.map((c) => c.name).join(', ')})`,
      `  people       ${created.people} (${managers} managers, ${created.people - managers} members)`,
      `  content      ${contentKinds.reduce((n, k) => n + items[k], 0)} items: ${contentKinds.map((k) => `${items[k]} ${contentKindLabels[k].many.toLowerCase()}`).join(', ')}`,
      `               ${statuses.published} published, ${statuses.draft} drafts, ${statuses.archived} archived; ${created.assignments} community assignments`,
      `  activity     ${activity.opened} items opened, ${activity.completed} completed, ${activity.promptCopies} prompt copies, ${activity.chats} chats, over the last ${DEMO_HISTORY_DAYS} days`,
      `  workouts     ${created.attempts.scored} scored attempts (practice, offline evaluator), ${created.attempts.passed} passed`,
      `  programs     ${created.programs} published (${demoPrograms.map((p) => p.title).join(', ')})`,
    );
  }
  const adminPassword = admin.generatedPassword ?? (admin.created && adminPasswordSet ? '(your ADMIN_PASSWORD)' : '(unchanged)');
  const rows = [['role', 'community', 'email', 'password'], ['admin', 'all', admin.email, adminPassword]];
  if (created) {
    for (const c of demoCommunities) {
      rows.push(['manager', c.name, c.manager.email, DEMO_PASSWORD]);
      if (c.members[0]) rows.push(['member', c.name, c.members[0].email, DEMO_PASSWORD]);
    }
  }
  if (created || admin.generatedPassword) {
    const widths = [0, 1, 2].map((col) => Math.max(...rows.map((row) => (row[col] ?? '').length)));
    lines.push('', `Sign in at ${appUrl}/login`, ...rows.map((row) => `  ${row.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join('  ').trimEnd()}`));
    if (created) lines.push('', `Every demo account uses the password ${DEMO_PASSWORD}; see server/cli/demo-data.ts for all of them.`);
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  usePrivateFileModes();
  const env = parseEnv(process.env);
  const pgliteDir = path.join(env.DATA_DIR, 'pgdata');
  const lock = lockForCommand(env.DATA_DIR, env.DATABASE_URL, 'seed');
  const database = await openDatabase({ url: env.DATABASE_URL, pgliteDir });
  try {
    const result = await seedDemo(database, { adminEmail: env.ADMIN_EMAIL, adminPassword: env.ADMIN_PASSWORD });
    const where = database.kind === 'pglite' ? `the embedded database (${pgliteDir})` : 'the PostgreSQL database (DATABASE_URL)';
    process.stdout.write(report(result, where, env.APP_URL, Boolean(env.ADMIN_PASSWORD)));
  } finally {
    await database.close();
    lock.release();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    const expected = error instanceof ConfigError || error instanceof SeedDemoError || error instanceof AppError || error instanceof DataDirBusyError;
    process.stderr.write(`seed-demo failed: ${expected ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
