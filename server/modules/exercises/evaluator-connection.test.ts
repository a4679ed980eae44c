import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AiConnection } from '../../../contracts/ai.js';
import type { ContentItem } from '../../../contracts/content.js';
import type { Attempt } from '../../../contracts/exercises.js';
import { type FakeProvider, startFakeProvider } from '../../test/fake-ai-provider.js';
import { createTestApp, errorCode, seedCommunity, seedUser, signIn, type SignedIn, type TestApp } from '../../test/test-app.js';
import { submitAndScore } from '../../test/scoring.js';
import { sampleContent } from '../../test/content-fixtures.js';

/**
 * An exercise's evaluator scores through the AI connection and model the exercise chose (ADR 0027),
 * against local servers speaking OpenAI's and Anthropic's real wire protocols; its cost is held and
 * settled against the community's budget like a chat answer, and the key never leaves the server.
 */
const JUDGE_KEY = 'sk-judge-SECRET-0123456789abcdef';
const ANTHROPIC_KEY = 'sk-ant-judge-SECRET-fedcba987654';
const rubric = [
  { id: 'audience', title: 'Names the audience', description: 'Says who the summary is for: the support lead.', weight: 2 },
  { id: 'format', title: 'Asks for a format', description: 'Requests bullet points or a table with a word limit.', weight: 1 },
];
const verdictJson = (scores: Record<string, number>) =>
  JSON.stringify({
    criteria: Object.entries(scores).map(([criterionId, score]) => ({ criterionId, score, justification: `Because ${criterionId}.`, evidence: '' })),
    feedback: 'Ask for a word limit.',
  });

describe('an exercise’s evaluator on its own AI connection', () => {
  let judge: FakeProvider;
  let claude: FakeProvider;
  let environment: FakeProvider;
  let t: TestApp;
  const logLines: string[] = [];
  let admin: SignedIn;
  let member: SignedIn;
  let alpha: string;
  let judgeConnection: AiConnection;
  let claudeConnection: AiConnection;

  const inject = (who: SignedIn, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: who.auth, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

  async function createExercise(title: string, evaluator: Record<string, unknown>): Promise<ContentItem> {
    const res = await inject(admin, 'POST', '/api/content', sampleContent('exercise', title, { details: { brief: 'Write the prompt.', rubric, passMark: 60, practiceAgentId: null, maxAttempts: null, ...evaluator } } as never));
    expect(res.statusCode, res.body).toBe(201);
    const item = res.json<ContentItem>();
    expect((await inject(admin, 'PUT', `/api/content/${item.id}/assignments`, { communityIds: [alpha] })).statusCode).toBe(200);
    return item;
  }

  async function submit(exerciseId: string, answer: string) {
    const started = await inject(member, 'POST', `/api/exercises/${exerciseId}/attempts`);
    expect(started.statusCode, started.body).toBe(201);
    const id = started.json<{ attempt: Attempt }>().attempt.id;
    return { id, res: await submitAndScore(t.app, member.auth, id, { answer }) };
  }

  const ledger = () => t.database.handle.db.selectFrom('ai_usage').select(['source', 'agent_id', 'community_id', 'connection_id', 'model', 'status', 'input_tokens', 'output_tokens', 'cost']).orderBy('created_at').execute();

  beforeAll(async () => {
    judge = await startFakeProvider();
    claude = await startFakeProvider();
    environment = await startFakeProvider();
    judge.requiredKey = JUDGE_KEY;
    claude.requiredKey = ANTHROPIC_KEY;
    // The environment's provider is a real one too, so a test can tell which provider scored.
    t = await createTestApp({ AI_PROVIDER: 'openai', AI_BASE_URL: environment.baseUrl, AI_API_KEY: 'env-key', AI_MODEL: 'env-judge', LOG_LEVEL: 'debug', EVALUATOR_SAMPLES: '1' }, undefined, {
      write: (line) => logLines.push(line),
    });
    alpha = await seedCommunity(t.database, 'Alpha');
    await seedUser(t.database, { email: 'admin@example.com', role: 'admin' });
    await seedUser(t.database, { email: 'member@example.com', communities: [{ id: alpha, role: 'member' }] });
    admin = await signIn(t.app, 'admin@example.com');
    member = await signIn(t.app, 'member@example.com');
    const created = await inject(admin, 'POST', '/api/ai/connections', { name: 'Judge', provider: 'openai', baseUrl: judge.baseUrl, apiKey: JUDGE_KEY, models: ['judge-small', 'judge-large'] });
    expect(created.statusCode, created.body).toBe(201);
    judgeConnection = created.json<AiConnection>();
    const anthropic = await inject(admin, 'POST', '/api/ai/connections', { name: 'Claude judge', provider: 'anthropic', baseUrl: claude.baseUrl, apiKey: ANTHROPIC_KEY, models: ['claude-judge'] });
    expect(anthropic.statusCode, anthropic.body).toBe(201);
    claudeConnection = anthropic.json<AiConnection>();
    const prices = await inject(admin, 'PUT', '/api/ai/prices', [{ model: 'judge-large', inputPerMillion: 1000, outputPerMillion: 2000, currency: 'EUR' }]);
    expect(prices.statusCode, prices.body).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([judge.close(), claude.close(), environment.close()]);
  });
  beforeEach(async () => {
    for (const fake of [judge, claude, environment]) {
      fake.requests.length = 0;
      fake.behaviour = { kind: 'reply', reply: () => verdictJson({ audience: 90, format: 60 }) };
    }
    judge.requiredKey = JUDGE_KEY;
    await t.database.handle.db.deleteFrom('community_budgets').execute();
    await t.database.handle.db.deleteFrom('ai_usage').execute();
  });

  it('scores through the chosen connection and model, records usage and cost, and never answers the key', async () => {
    const exercise = await createExercise('Scored by the judge', { evaluatorConnectionId: judgeConnection.id, evaluatorModel: 'judge-large' });
    expect(exercise.details).toMatchObject({ evaluatorConnectionId: judgeConnection.id, evaluatorModel: 'judge-large' });
    const { res } = await submit(exercise.id, 'For the support lead, in bullet points.');
    expect(res.statusCode, res.body).toBe(200);
    // (90×2 + 60×1) / 3 = 80
    expect(res.json<{ attempt: Attempt }>().attempt).toMatchObject({ status: 'evaluated', score: 80, passed: null, graded: false, evaluator: { model: 'judge-large', offline: false } });

    expect(environment.requests).toHaveLength(0);
    expect(judge.requests).toHaveLength(1);
    expect(judge.requests[0]).toMatchObject({ path: '/v1/chat/completions', apiKey: JUDGE_KEY });
    expect(judge.requests[0]?.body.model).toBe('judge-large');

    // The fake reports 42 input and 7 output tokens: priced like a chat answer, billed to Alpha.
    expect((await ledger()).map((l) => ({ ...l, cost: Number(l.cost) }))).toEqual([
      {
        source: 'evaluator',
        agent_id: exercise.id,
        community_id: alpha,
        connection_id: judgeConnection.id,
        model: 'judge-large',
        status: 'settled',
        input_tokens: 42,
        output_tokens: 7,
        cost: (42 * 1000 + 7 * 2000) / 1e6,
      },
    ]);
    const item = (await inject(admin, 'GET', `/api/content/${exercise.id}`)).body;
    for (const body of [res.body, item, (await inject(admin, 'GET', '/api/ai/connections')).body]) expect(body).not.toContain(JUDGE_KEY);
  });

  it('scores through Anthropic’s protocol with the connection’s first model when none is named', async () => {
    const exercise = await createExercise('Scored by Claude', { evaluatorConnectionId: claudeConnection.id });
    const { res } = await submit(exercise.id, 'For the support lead, in a table.');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ attempt: Attempt }>().attempt.evaluator).toMatchObject({ model: 'claude-judge', offline: false });
    expect(claude.requests).toHaveLength(1);
    expect(claude.requests[0]).toMatchObject({ path: '/v1/messages', apiKey: ANTHROPIC_KEY });
    expect(claude.requests[0]?.body.model).toBe('claude-judge');
    expect(environment.requests).toHaveLength(0);
  });

  it('uses the environment’s provider when the exercise names no connection', async () => {
    const exercise = await createExercise('Scored by default', {});
    expect(exercise.details).toMatchObject({ evaluatorConnectionId: null, evaluatorModel: null });
    const { res } = await submit(exercise.id, 'For the support lead.');
    expect(res.statusCode, res.body).toBe(200);
    expect(environment.requests).toHaveLength(1);
    expect(environment.requests[0]?.body.model).toBe('env-judge');
    expect(judge.requests).toHaveLength(0);
    expect((await ledger())[0]).toMatchObject({ source: 'evaluator', connection_id: null, model: 'env-judge', status: 'settled' });
  });

  it('checks the evaluator’s connection and model when the exercise is saved', async () => {
    const ghost = await inject(admin, 'POST', '/api/content', sampleContent('exercise', 'Ghost', { details: { brief: 'x', rubric, evaluatorConnectionId: '00000000-0000-4000-8000-000000000000' } } as never));
    expect(ghost.statusCode).toBe(400);
    expect(ghost.body).toContain('details.evaluatorConnectionId');
    const wrong = await inject(admin, 'POST', '/api/content', sampleContent('exercise', 'Ghost', { details: { brief: 'x', rubric, evaluatorConnectionId: judgeConnection.id, evaluatorModel: 'claude-judge' } } as never));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('details.evaluatorModel');
    expect(wrong.body).toContain('does not offer the model');
  });

  it('keeps a connection an evaluator uses from being removed, or losing the evaluator’s model', async () => {
    const exercise = await createExercise('Needs the judge', { evaluatorConnectionId: judgeConnection.id, evaluatorModel: 'judge-small' });
    const removed = await inject(admin, 'DELETE', `/api/ai/connections/${judgeConnection.id}`);
    expect(removed.statusCode).toBe(409);
    expect(removed.json<{ error: { message: string } }>().error.message).toContain('the evaluator of “Needs the judge”');
    const narrowed = await inject(admin, 'PATCH', `/api/ai/connections/${judgeConnection.id}`, { models: ['judge-large'] });
    expect(narrowed.statusCode).toBe(409);
    expect(narrowed.json<{ error: { message: string } }>().error.message).toContain('Needs the judge” (judge-small)');
    // Once the exercise chooses otherwise, the connection is free again.
    expect((await inject(admin, 'PATCH', `/api/content/${exercise.id}`, { details: { ...exercise.details, evaluatorConnectionId: null, evaluatorModel: null } })).statusCode).toBe(200);
    const other = (await inject(admin, 'POST', '/api/ai/connections', { name: 'Spare', provider: 'openai', baseUrl: judge.baseUrl, models: ['spare'] })).json<AiConnection>();
    const spareExercise = await createExercise('On the spare', { evaluatorConnectionId: other.id });
    expect((await inject(admin, 'PATCH', `/api/content/${spareExercise.id}`, { details: { ...spareExercise.details, evaluatorConnectionId: null } })).statusCode).toBe(200);
    expect((await inject(admin, 'DELETE', `/api/ai/connections/${other.id}`)).statusCode).toBe(204);
  });

  it('refuses to score at the hard limit before calling the provider, keeps the answer, and scores it once there is budget again', async () => {
    const exercise = await createExercise('Over budget', { evaluatorConnectionId: judgeConnection.id, evaluatorModel: 'judge-large' });
    expect((await inject(admin, 'PUT', `/api/communities/${alpha}/budget`, { monthlyLimit: 0, softLimitPercent: 80, perMemberDailyLimit: null })).statusCode).toBe(200);
    const { id, res } = await submit(exercise.id, 'For the support lead, please.');
    expect(res.statusCode).toBe(429);
    expect(errorCode(res)).toBe('budget_exhausted');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json<{ error: { message: string; details: { scope: string } } }>().error).toMatchObject({
      message: expect.stringMatching(/used its AI budget for this month, so your attempt was not scored\. Your answer is saved/) as unknown,
      details: { scope: 'monthly' },
    });
    expect(judge.requests).toHaveLength(0);
    expect(await ledger()).toEqual([]);
    const kept = (await inject(member, 'GET', `/api/attempts/${id}`)).json<{ attempt: Attempt }>().attempt;
    expect(kept).toMatchObject({ status: 'submitted', answer: 'For the support lead, please.', score: null });
    expect(kept.evaluationError).toMatch(/^budget_exhausted \{.*"scope":"monthly"/);

    expect((await inject(admin, 'PUT', `/api/communities/${alpha}/budget`, { monthlyLimit: 10, softLimitPercent: 80, perMemberDailyLimit: null })).statusCode).toBe(200);
    const retried = await submitAndScore(t.app, member.auth, id);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json<{ attempt: Attempt }>().attempt).toMatchObject({ status: 'evaluated', score: 80, evaluationError: null });
    expect(judge.requests).toHaveLength(1);
  });

  it('says plainly when the connection’s key is refused, keeps the answer, and releases the hold', async () => {
    const exercise = await createExercise('Wrong key', { evaluatorConnectionId: judgeConnection.id, evaluatorModel: 'judge-large' });
    judge.requiredKey = 'sk-rotated-elsewhere';
    const { res } = await submit(exercise.id, 'For the support lead.');
    const kept = res.json<{ attempt: Attempt }>().attempt;
    expect(kept).toMatchObject({ status: 'submitted', answer: 'For the support lead.' });
    expect(kept.evaluationError).toBe('ai_provider_credentials');
    expect(res.body).not.toContain('sk-jud');
    expect((await ledger()).map((l) => [l.status, Number(l.cost)])).toEqual([['settled', 0]]);
  });

  it('never writes a key to the logs', () => {
    const logs = logLines.join('\n');
    expect(logs).toContain('exercise.attempt.scored');
    for (const secret of [JUDGE_KEY, ANTHROPIC_KEY, 'SECRET-']) expect(logs).not.toContain(secret);
  });
});
