import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDbKind, type TestDatabase } from './test-database.js';

const PORT = 4181 + (testDbKind() === 'postgres' ? 1 : 0);
const ADMIN = { email: 'mail-admin@example.com', password: 'a long admin password' };
const base = `http://127.0.0.1:${PORT}`;

/** The real server process (server/main.ts), so the crash is a real one: SIGKILL, no shutdown hook runs. */
function startServer(dataDir: string, databaseUrl: string, env: Record<string, string>): { process: ChildProcess; ready: Promise<void>; exited: Promise<void> } {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('server/main.ts')], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      AUTH_SECRET: 'mail-crash-test-secret-that-is-long-enough-0123456789',
      MFA_REQUIRED_FOR: 'none',
      LOG_LEVEL: 'warn',
      REDIS_URL: '',
      SMTP_URL: '',
      JOBS_POLL_MS: '200',
      DATABASE_URL: databaseUrl,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const ready = (async () => {
    // Migrating a fresh file-backed PGlite takes a while on a busy machine.
    for (let i = 0; i < 1400; i += 1) {
      if (child.exitCode !== null) break;
      if (await fetch(`${base}/readyz`).then((r) => r.ok, () => false)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the server did not start:\n${output}`);
  })();
  return { process: child, ready, exited };
}

function mailsTo(dataDir: string, to: string): Array<{ subject: string; text: string }> {
  const dir = path.join(dataDir, 'outbox');
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files.flatMap((file) => {
    try {
      const mail = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { to: string; subject: string; text: string };
      return mail.to === to ? [mail] : [];
    } catch {
      return []; // still being written: read on the next pass
    }
  });
}

async function waitForMail(dataDir: string, to: string): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    if (mailsTo(dataDir, to).length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail to ${to}`);
}

async function invite(email: string): Promise<number> {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  expect(login.status).toBe(200);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const response = await fetch(`${base}/api/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ email, displayName: email.split('@')[0] }),
  });
  return response.status;
}

describe('mail queued in the transaction that decides it (ADR 0047)', () => {
  let dataDir: string;
  let database: TestDatabase | undefined;
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'aigym-mail-crash-'));
    if (testDbKind() === 'postgres') database = await createTestDatabase({ migrated: false });
  });

  afterAll(async () => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is sent exactly once after the process is killed between the commit and the mail', async () => {
    // An instance that takes no jobs (JOBS_CONCURRENCY=0): the invitation commits, its mail waits in the queue.
    const first = startServer(dataDir, database?.url ?? '', { JOBS_CONCURRENCY: '0' });
    server = first.process;
    await first.ready;
    expect(await invite('first@example.com')).toBe(201);
    expect(mailsTo(dataDir, 'first@example.com')).toEqual([]);
    first.process.kill('SIGKILL');
    await first.exited;

    const second = startServer(dataDir, database?.url ?? '', {});
    server = second.process;
    await second.ready;
    await waitForMail(dataDir, 'first@example.com');
    // A later mail has gone out too: the queue moved past the first, which was sent once.
    expect(await invite('second@example.com')).toBe(201);
    await waitForMail(dataDir, 'second@example.com');
    const mails = mailsTo(dataDir, 'first@example.com');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toMatch(/invite|token=/i);
  }, 240_000);
});
