import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AiConnection } from '../../../contracts/ai.js';
import type { ContentItem } from '../../../contracts/content.js';
import type { Attempt } from '../../../contracts/exercises.js';
import { redactSecrets, rememberSecret } from '../../lib/secret-redaction.js';
import { type FakeProvider, startFakeProvider } from '../../test/fake-ai-provider.js';
import { createTestApp, seedCommunity, seedUser, signIn, type SignedIn, type TestApp } from '../../test/test-app.js';
import { submitAndScore } from '../../test/scoring.js';
import { sampleContent } from '../../test/content-fixtures.js';

/** Not key-shaped on purpose: only remembering the keys in use can catch it. */
const KEY = 'Zq9-totally-private-value-7741';
const ENV_KEY = 'sk-env-0123456789abcdefABCDEF';

describe('API keys never reach the logs, stdout or stderr (issue 26)', () => {
  let echo: FakeProvider;
  let t: TestApp;
  const logLines: string[] = [];
  const consoleOutput: string[] = [];
  let restore: () => void;
  let admin: SignedIn;
  let connection: AiConnection;

  const inject = (who: SignedIn, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: who.auth, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

  beforeAll(async () => {
    echo = await startFakeProvider({ kind: 'echo-key', status: 400 });
    // Everything written to stdout and stderr while the app runs, console.error dumps included.
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    const capture = (target: typeof out) => ((chunk: string | Uint8Array, ...rest: never[]) => (consoleOutput.push(String(chunk)), target(chunk, ...rest))) as typeof out;
    process.stdout.write = capture(out);
    process.stderr.write = capture(err);
    restore = () => {
      process.stdout.write = out;
      process.stderr.write = err;
    };
    t = await createTestApp({ AI_PROVIDER: 'openai', AI_BASE_URL: echo.baseUrl, AI_API_KEY: ENV_KEY, AI_MODEL: 'env-model', LOG_LEVEL: 'debug', AI_ALLOW_PRIVATE_BASE_URLS: 'true' }, undefined, {
      write: (line) => logLines.push(line),
    });
    const alpha = await seedCommunity(t.database, 'Alpha');
    await seedUser(t.database, { email: 'admin@example.com', role: 'admin', communities: [{ id: alpha, role: 'manager' }] });
    admin = await signIn(t.app, 'admin@example.com');
    const created = await inject(admin, 'POST', '/api/ai/connections', { name: 'Echo', provider: 'openai', baseUrl: echo.baseUrl, apiKey: KEY, models: ['echo-model'], promptLab: true });
    expect(created.statusCode, created.body).toBe(201);
    connection = created.json<AiConnection>();
  });
  afterAll(async () => {
    restore();
    await t.close();
    await echo.close();
  });

  const leaks = () => [...logLines, ...consoleOutput].filter((line) => line.includes(KEY) || line.includes(ENV_KEY));

  it('the echoing provider really echoes the key (the test can fail)', async () => {
    const response = await fetch(`${echo.baseUrl}/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: '{}' });
    expect(await response.text()).toContain(KEY);
  });

  it('connection test, chat, Prompt Lab and the evaluator fail without the key in any output', async () => {
    const tested = await inject(admin, 'POST', `/api/ai/connections/${connection.id}/test`, {});
    expect(tested.statusCode, tested.body).toBe(200);
    expect(tested.body).not.toContain(KEY);

    const agent = (await inject(admin, 'POST', '/api/content', sampleContent('agent', 'Echo coach', { details: { systemPrompt: 'Coach.', temperature: 0.2, maxOutputTokens: 50, starterPrompts: [], welcomeMessage: '', connectionId: connection.id, model: 'echo-model' } } as never))).json<ContentItem>();
    const conversation = (await inject(admin, 'POST', '/api/conversations', { agentId: agent.id })).json<{ id: string }>();
    const chat = await inject(admin, 'POST', `/api/conversations/${conversation.id}/messages`, { text: 'Hello' });
    expect(chat.body).not.toContain(KEY);

    const lab = await inject(admin, 'POST', '/api/lab/compare', { prompt: 'Hi', targets: [{ connectionId: connection.id, model: 'echo-model' }, { connectionId: null, model: 'env-model' }] });
    expect(lab.body).not.toContain(KEY);

    const rubric = [{ id: 'a', title: 'A', description: 'A.', weight: 1 }];
    const exercise = (await inject(admin, 'POST', '/api/content', sampleContent('exercise', 'Echo judge', { details: { brief: 'Write.', rubric, passMark: 60, practiceAgentId: null, maxAttempts: null } } as never))).json<ContentItem>();
    const started = await inject(admin, 'POST', `/api/exercises/${exercise.id}/attempts`);
    const attempt = started.json<{ attempt: Attempt }>().attempt;
    const submitted = await submitAndScore(t.app, admin.auth, attempt.id, { answer: 'My prompt.' });
    expect(submitted.body).not.toContain(ENV_KEY);

    // Each of the four paths reached the provider with a key, and each one's failure was logged.
    expect(echo.requests.filter((r) => r.apiKey === KEY).length).toBeGreaterThanOrEqual(3);
    expect(echo.requests.some((r) => r.apiKey === ENV_KEY)).toBe(true);
    expect(logLines.join('\n')).toMatch(/\[redacted\]/);
    expect(leaks()).toEqual([]);
  });

  it('scrubs remembered keys (also JSON-escaped) and key-shaped strings', () => {
    rememberSecret('quote"in-key-000');
    expect(redactSecrets(JSON.stringify({ m: 'a quote"in-key-000 b' }))).not.toContain('in-key-000');
    expect(redactSecrets('Incorrect key sk-proj-abcdefghijklmnop1234 and AIzaSyA1234567890abcdefghijklmnopqrstu')).toBe('Incorrect key [redacted] and [redacted]');
    expect(redactSecrets('authorization: Bearer abc.def.ghi-jkl-mno')).toBe('authorization: Bearer [redacted]');
    expect(redactSecrets('an ordinary sentence about skills')).toBe('an ordinary sentence about skills');
  });
});
