import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../app.js';
import { type Config, loadConfig } from '../config.js';
import type { Mailer } from '../lib/mailer.js';
import { hashPassword } from '../lib/passwords.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing-0123456789';
export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  config: Readonly<Config>;
  dataDir: string;
  close(): Promise<void>;
}

/** Builds the real app on a fresh database, with test-friendly configuration overrides. */
export async function createTestApp(
  env: Record<string, string> = {},
  shared?: TestDatabase,
  logStream?: { write(line: string): void },
  mailer?: Mailer,
): Promise<TestApp> {
  const database = shared ?? (await createTestDatabase());
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aigym-test-'));
  // Two-factor is off for the shared harness: most tests sign in as an admin several times within one
  // 30-second step, which the replay guard rightly refuses. The sign-in tests turn it back on
  // (MFA_REQUIRED_FOR: 'admins', the production default) and exercise it (two-factor.test.ts).
  const config = loadConfig({
    AUTH_SECRET: TEST_SECRET,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    APP_URL: 'http://localhost:3000',
    MFA_REQUIRED_FOR: 'none',
    // The fake AI providers listen on 127.0.0.1 (outbound-guard.ts refuses that by default).
    AI_ALLOW_PRIVATE_BASE_URLS: 'true',
    ...env,
  });
  const app = await buildApp(config, { database: database.handle, webDir: path.join(dataDir, 'no-web'), ...(logStream ? { logStream } : {}), ...(mailer ? { mailer } : {}) });
  await app.ready();
  // Mail is a job (ADR 0047): sent as it is queued, as on a running server; other jobs wait for runDue().
  app.jobs.start({ only: ['mail.send'] });
  return {
    app,
    database,
    config,
    dataDir,
    async close() {
      await app.close();
      if (!shared) await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let passwordHash: Promise<string> | undefined;

export interface SeededUser {
  id: string;
  email: string;
}

/** Inserts fixtures directly as the database owner: setup, not the behaviour under test. */
export async function seedUser(
  database: TestDatabase,
  input: { email: string; role?: 'admin' | 'member'; status?: 'active' | 'invited' | 'suspended'; communities?: Array<{ id: string; role: 'manager' | 'member' }> },
): Promise<SeededUser> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const db = database.handle.db;
  const user = await db
    .insertInto('users')
    .values({
      email: input.email,
      display_name: input.email.split('@')[0] ?? input.email,
      role: input.role ?? 'member',
      status: input.status ?? 'active',
      password_hash: await passwordHash,
    })
    .returning(['id', 'email'])
    .executeTakeFirstOrThrow();
  for (const c of input.communities ?? []) {
    await db.insertInto('community_members').values({ community_id: c.id, user_id: user.id, role: c.role }).execute();
  }
  return user;
}

export async function seedCommunity(database: TestDatabase, name: string): Promise<string> {
  const row = await database.handle.db.insertInto('communities').values({ name }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export interface SignedIn {
  accessToken: string;
  refreshCookie: string;
  userId: string;
  auth: { authorization: string };
}

export function refreshCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'aigym_refresh');
  if (!cookie) throw new Error(`no refresh cookie in response ${response.statusCode}: ${response.body}`);
  return cookie.value;
}

export async function signIn(app: FastifyInstance, email: string, password = TEST_PASSWORD): Promise<SignedIn> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`login failed for ${email}: ${response.statusCode} ${response.body}`);
  const body = response.json<{ accessToken: string; user: { id: string } }>();
  return { accessToken: body.accessToken, refreshCookie: refreshCookieOf(response), userId: body.user.id, auth: { authorization: `Bearer ${body.accessToken}` } };
}

/**
 * The newest message to `to` in the outbox (with `subject`, when given), waiting for it: mail is a
 * job, sent by the runner after the response (ADR 0047).
 */
export async function latestMail(dataDir: string, to: string, subject?: string): Promise<{ to: string; subject: string; text: string }> {
  const dir = path.join(dataDir, 'outbox');
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const files = (() => {
      try {
        return readdirSync(dir).sort();
      } catch {
        return [];
      }
    })();
    for (const file of files.reverse()) {
      let mail: { to: string; subject: string; text: string };
      try {
        mail = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as typeof mail;
      } catch {
        continue; // a mail still being written: read it on the next pass
      }
      if (mail.to === to && (subject === undefined || mail.subject === subject)) return mail;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no mail to ${to}`);
}

export function linkToken(text: string): string {
  const match = /(?:token=|\/invite\/)([\w-]{20,})/.exec(text);
  if (!match?.[1]) throw new Error(`no token link in: ${text}`);
  return decodeURIComponent(match[1]);
}

/** Asserts the contract's error shape and returns its code. */
export function errorCode(response: LightMyRequestResponse): string {
  const body = response.json<{ error?: { code?: unknown; message?: unknown; requestId?: unknown } }>();
  if (typeof body.error?.code !== 'string' || typeof body.error.message !== 'string' || typeof body.error.requestId !== 'string') {
    throw new Error(`not the error shape: ${response.body}`);
  }
  return body.error.code;
}

export { sql };
