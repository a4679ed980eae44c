import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem } from '../../contracts/content.js';
import { openDatabase } from '../lib/database.js';
import { sampleContent } from './content-fixtures.js';
import { createTestDatabase, testDbKind, type TestDatabase } from './test-database.js';

const PORT = 4171 + (testDbKind() === 'postgres' ? 1 : 0);
const ADMIN = { email: 'deployer@example.com', password: 'a long admin password' };
const GRACE_MS = 800;

/** The real server process (server/main.ts), so the signal handling under test is the one that ships. */
describe('SIGTERM during a streamed answer', () => {
  let dataDir: string;
  let server: ChildProcess;
  let database: TestDatabase | undefined;
  let output = '';
  let exited: Promise<{ code: number | null; at: number }>;
  const base = `http://127.0.0.1:${PORT}`;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'aigym-shutdown-'));
    if (testDbKind() === 'postgres') database = await createTestDatabase({ migrated: false });
    server = spawn(process.execPath, ['--import', 'tsx', path.resolve('server/main.ts')], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        PORT: String(PORT),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        AUTH_SECRET: 'shutdown-test-secret-that-is-long-enough-0123456789',
        // The test signs in as the admin with a password only (two-factor has its own tests).
        MFA_REQUIRED_FOR: 'none',
        OFFLINE_TOKEN_DELAY_MS: '150',
        SHUTDOWN_GRACE_MS: String(GRACE_MS),
        LOG_LEVEL: 'info',
        REDIS_URL: '',
        DATABASE_URL: database?.url ?? '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    server.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    exited = new Promise((resolve) => server.on('exit', (code) => resolve({ code, at: Date.now() })));
    // Migrating a fresh file-backed PGlite takes a while on a busy machine.
    for (let i = 0; i < 1400; i += 1) {
      if (await fetch(`${base}/readyz`).then((r) => r.ok, () => false)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the server did not start:\n${output}`);
  }, 150_000);

  afterAll(async () => {
    if (server.exitCode === null) server.kill('SIGKILL');
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses new work with 503, cuts the stream at the deadline with an end event, saves the partial answer as interrupted and exits', async () => {
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    expect(login.status).toBe(200);
    const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`, 'content-type': 'application/json' };
    const agent = (await (await fetch(`${base}/api/content`, { method: 'POST', headers: auth, body: JSON.stringify(sampleContent('agent', 'Deploy coach')) })).json()) as ContentItem;
    const conversation = (await (await fetch(`${base}/api/conversations`, { method: 'POST', headers: auth, body: JSON.stringify({ agentId: agent.id }) })).json()) as { id: string };

    const response = await fetch(`${base}/api/conversations/${conversation.id}/messages`, { method: 'POST', headers: auth, body: JSON.stringify({ text: 'Tell me a long story' }) });
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no body');
    let raw = '';
    const readUntil = async (needle: string) => {
      while (!raw.includes(needle)) {
        const chunk = await reader.read();
        if (chunk.done) return;
        raw += new TextDecoder().decode(chunk.value);
      }
    };
    await readUntil('"text-delta"');

    const signalledAt = Date.now();
    server.kill('SIGTERM');
    for (let i = 0; i < 100 && !output.includes('"server.shutdown"'); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    const refused = await fetch(`${base}/api/auth/me`, { headers: auth });
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('service_unavailable');

    await readUntil('\u0000never');
    const cutAt = Date.now();
    // A clear end: the reason (a code the page words in the member's language), the saved message's id, then the terminator.
    expect(raw).toContain('"type":"error"');
    expect(raw).toContain('"errorText":"ai_answer_interrupted"');
    expect(raw).toContain('"status":"interrupted"');
    expect(raw).toContain('data: [DONE]');
    expect(cutAt - signalledAt).toBeGreaterThanOrEqual(GRACE_MS - 50);

    const { code, at } = await exited;
    expect(code).toBe(0);
    // Documented bound: SHUTDOWN_GRACE_MS + 10 s at most; here far less.
    expect(at - signalledAt).toBeLessThan(GRACE_MS + 10_000);

    const handle = await openDatabase(database ? { url: database.url } : { pgliteDir: path.join(dataDir, 'pgdata') });
    try {
      const saved = await handle.db.selectFrom('messages').select(['status', 'text', 'error']).where('conversation_id', '=', conversation.id).where('role', '=', 'assistant').execute();
      expect(saved).toHaveLength(1);
      expect(saved[0]?.status).toBe('interrupted');
      expect(saved[0]?.text.length).toBeGreaterThan(0);
      const streamed = [...raw.matchAll(/"delta":"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1] ?? ''}"`) as string).join('');
      expect(saved[0]?.text).toBe(streamed);
    } finally {
      await handle.close();
    }
  }, 60_000);
});
