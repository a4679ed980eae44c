import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AiConnection, BudgetInput, BudgetStatus, ConnectionTestResult, Costs, LabModels, LabRun } from '../../../contracts/ai.js';
import type { ChatMessage, Conversation } from '../../../contracts/conversations.js';
import type { ContentItem } from '../../../contracts/content.js';
import { type FakeProvider, parseUiStream, startFakeProvider, streamedText } from '../../test/fake-ai-provider.js';
import { createTestApp, errorCode, seedCommunity, seedUser, signIn, type SignedIn, sql, type TestApp } from '../../test/test-app.js';
import { sampleContent } from '../../test/content-fixtures.js';

const OPENAI_KEY = 'sk-openai-SECRET-0123456789abcdef';
const ANTHROPIC_KEY = 'sk-ant-SECRET-fedcba9876543210';
const tokens = ['Hello', ' from', ' the', ' model'];

/** A port nothing listens on: a provider that is down. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 1;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('AI connections, cost and budgets against local OpenAI and Anthropic servers', () => {
  let openai: FakeProvider;
  let anthropic: FakeProvider;
  let t: TestApp;
  const logLines: string[] = [];
  let admin: SignedIn;
  let manager: SignedIn;
  let member: SignedIn;
  let otherMember: SignedIn;
  let alpha: string;
  let beta: string;
  let openaiConnection: AiConnection;
  let anthropicConnection: AiConnection;
  let openaiAgent: string;
  let anthropicAgent: string;

  const inject = (who: SignedIn, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: who.auth, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

  async function createAgent(title: string, details: Record<string, unknown>): Promise<ContentItem> {
    const response = await inject(admin, 'POST', '/api/content', sampleContent('agent', title, { details: { systemPrompt: `You are ${title}.`, temperature: 0.2, maxOutputTokens: 100, starterPrompts: [], welcomeMessage: '', ...details } } as never));
    expect(response.statusCode, response.body).toBe(201);
    return response.json<ContentItem>();
  }

  async function chat(who: SignedIn, agentId: string, text: string) {
    const created = await inject(who, 'POST', '/api/conversations', { agentId });
    expect(created.statusCode, created.body).toBe(201);
    const conversation = created.json<Conversation>();
    const response = await inject(who, 'POST', `/api/conversations/${conversation.id}/messages`, { text });
    return { conversation, response };
  }

  const messagesOf = async (who: SignedIn, conversationId: string) =>
    (await inject(who, 'GET', `/api/conversations/${conversationId}/messages`)).json<{ items: ChatMessage[] }>().items;

  const setBudget = (communityId: string, budget: BudgetInput) =>
    inject(admin, 'PUT', `/api/communities/${communityId}/budget`, { softLimitPercent: 80, perMemberDailyLimit: null, ...budget });

  beforeAll(async () => {
    openai = await startFakeProvider({ kind: 'answer', tokens });
    anthropic = await startFakeProvider({ kind: 'answer', tokens });
    openai.requiredKey = OPENAI_KEY;
    anthropic.requiredKey = ANTHROPIC_KEY;
    t = await createTestApp({ LOG_LEVEL: 'debug', OFFLINE_TOKEN_DELAY_MS: '0', CHAT_MESSAGES_PER_MINUTE: '1000', AI_STALL_TIMEOUT_MS: '2000' }, undefined, { write: (line) => logLines.push(line) });
    alpha = await seedCommunity(t.database, 'Alpha');
    beta = await seedCommunity(t.database, 'Beta');
    await seedUser(t.database, { email: 'admin@example.com', role: 'admin' });
    await seedUser(t.database, { email: 'manager@example.com', communities: [{ id: alpha, role: 'manager' }] });
    await seedUser(t.database, { email: 'member@example.com', communities: [{ id: alpha, role: 'member' }] });
    await seedUser(t.database, { email: 'other@example.com', communities: [{ id: beta, role: 'member' }] });
    admin = await signIn(t.app, 'admin@example.com');
    manager = await signIn(t.app, 'manager@example.com');
    member = await signIn(t.app, 'member@example.com');
    otherMember = await signIn(t.app, 'other@example.com');

    const o = await inject(admin, 'POST', '/api/ai/connections', { name: 'OpenAI test', provider: 'openai', baseUrl: openai.baseUrl, apiKey: OPENAI_KEY, models: ['gpt-test', 'gpt-other'] });
    expect(o.statusCode, o.body).toBe(201);
    openaiConnection = o.json<AiConnection>();
    const a = await inject(admin, 'POST', '/api/ai/connections', { name: 'Anthropic test', provider: 'anthropic', baseUrl: anthropic.baseUrl, apiKey: ANTHROPIC_KEY, models: ['claude-test'] });
    expect(a.statusCode, a.body).toBe(201);
    anthropicConnection = a.json<AiConnection>();

    const prices = await inject(admin, 'PUT', '/api/ai/prices', [
      { model: 'gpt-test', inputPerMillion: 1000, outputPerMillion: 2000, currency: 'EUR' },
      { model: 'claude-test', inputPerMillion: 3000, outputPerMillion: 15000, currency: 'EUR' },
    ]);
    expect(prices.statusCode, prices.body).toBe(200);

    openaiAgent = (await createAgent('GPT coach', { connectionId: openaiConnection.id, model: 'gpt-test' })).id;
    anthropicAgent = (await createAgent('Claude coach', { connectionId: anthropicConnection.id, model: 'claude-test' })).id;
    for (const id of [openaiAgent, anthropicAgent]) {
      expect((await inject(admin, 'PUT', `/api/content/${id}/assignments`, { communityIds: [alpha, beta] })).statusCode).toBe(200);
    }
  });
  afterAll(async () => {
    await t.close();
    await openai.close();
    await anthropic.close();
  });
  beforeEach(async () => {
    openai.behaviour = { kind: 'answer', tokens };
    anthropic.behaviour = { kind: 'answer', tokens };
    openai.requiredKey = OPENAI_KEY;
    anthropic.requiredKey = ANTHROPIC_KEY;
    // Each test sets the budgets it needs; none carries over.
    await t.database.handle.db.deleteFrom('community_budgets').execute();
    await t.database.handle.db.deleteFrom('ai_usage').execute();
  });

  describe('connections', () => {
    it('stores the key encrypted, answers only apiKeySet, and keeps the key column from the app role', async () => {
      expect(openaiConnection).toMatchObject({ name: 'OpenAI test', provider: 'openai', apiKeySet: true, models: ['gpt-test', 'gpt-other'] });
      const list = await inject(admin, 'GET', '/api/ai/connections');
      expect(list.statusCode).toBe(200);
      expect(list.json<{ items: AiConnection[] }>().items.map((c) => c.name)).toEqual(['Anthropic test', 'OpenAI test']);
      for (const body of [list.body, JSON.stringify(openaiConnection), (await inject(admin, 'GET', `/api/ai/connections/${openaiConnection.id}`)).body]) {
        expect(body).not.toContain(OPENAI_KEY);
        expect(body).not.toContain(ANTHROPIC_KEY);
        expect(body).not.toMatch(/apiKey"|api_key/);
      }
      const stored = await sql<{ api_key_encrypted: string }>`select api_key_encrypted from ai_connections where id = ${openaiConnection.id}::uuid`.execute(t.database.handle.db);
      expect(stored.rows[0]?.api_key_encrypted).toMatch(/^v1\./);
      expect(stored.rows[0]?.api_key_encrypted).not.toContain('SECRET');

      // Even an admin's transaction, as the app role, cannot read the ciphertext column.
      const attempt = t.database.handle.db.transaction().execute(async (trx) => {
        await sql`select set_config('app.user_id', ${admin.userId}::text, true), set_config('app.role', 'admin', true), set_config('role', 'aigym_app', true)`.execute(trx);
        return sql`select api_key_encrypted from ai_connections`.execute(trx);
      });
      await expect(attempt).rejects.toThrow(/permission denied/);
    });

    it('keeps, replaces or removes the key on edit, never answering it', async () => {
      const created = (await inject(admin, 'POST', '/api/ai/connections', { name: 'Local Ollama', provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:11434/v1', models: ['llama3.1'] })).json<AiConnection>();
      expect(created.apiKeySet).toBe(false);
      const renamed = await inject(admin, 'PATCH', `/api/ai/connections/${created.id}`, { name: 'Ollama' });
      expect(renamed.json<AiConnection>()).toMatchObject({ name: 'Ollama', apiKeySet: false });
      const keyed = await inject(admin, 'PATCH', `/api/ai/connections/${created.id}`, { apiKey: 'ollama-key-XYZ-123456' });
      expect(keyed.json<AiConnection>().apiKeySet).toBe(true);
      expect(keyed.body).not.toContain('ollama-key-XYZ');
      const kept = await inject(admin, 'PATCH', `/api/ai/connections/${created.id}`, { models: ['llama3.1', 'qwen2.5'] });
      expect(kept.json<AiConnection>()).toMatchObject({ apiKeySet: true, models: ['llama3.1', 'qwen2.5'] });
      const cleared = await inject(admin, 'PATCH', `/api/ai/connections/${created.id}`, { apiKey: null });
      expect(cleared.json<AiConnection>().apiKeySet).toBe(false);
      // The audit trail records that a key changed, never the key.
      const audit = await inject(admin, 'GET', '/api/audit');
      expect(audit.statusCode).toBe(200);
      expect(audit.body).toContain('ai_connection.update');
      for (const secret of ['ollama-key-XYZ', OPENAI_KEY, ANTHROPIC_KEY]) expect(audit.body).not.toContain(secret);
      expect((await inject(admin, 'DELETE', `/api/ai/connections/${created.id}`)).statusCode).toBe(204);
      expect((await inject(admin, 'GET', `/api/ai/connections/${created.id}`)).statusCode).toBe(404);
    });

    it('is managed by admins only', async () => {
      for (const who of [manager, member]) {
        expect((await inject(who, 'GET', '/api/ai/connections')).statusCode).toBe(403);
        expect((await inject(who, 'POST', '/api/ai/connections', { name: 'Mine', provider: 'openai', models: ['x'] })).statusCode).toBe(403);
        expect((await inject(who, 'PATCH', `/api/ai/connections/${openaiConnection.id}`, { name: 'Hijacked' })).statusCode).toBe(403);
        expect((await inject(who, 'DELETE', `/api/ai/connections/${openaiConnection.id}`)).statusCode).toBe(403);
        expect((await inject(who, 'POST', `/api/ai/connections/${openaiConnection.id}/test`, {})).statusCode).toBe(403);
      }
      expect((await inject(admin, 'GET', `/api/ai/connections/${openaiConnection.id}`)).json<AiConnection>().name).toBe('OpenAI test');
    });

    it('refuses a duplicate name, no model, and a connection in use', async () => {
      const duplicate = await inject(admin, 'POST', '/api/ai/connections', { name: 'openai TEST', provider: 'openai', models: ['x'] });
      expect(duplicate.statusCode).toBe(409);
      expect((await inject(admin, 'POST', '/api/ai/connections', { name: 'Empty', provider: 'openai', models: [] })).statusCode).toBe(400);
      const inUse = await inject(admin, 'DELETE', `/api/ai/connections/${openaiConnection.id}`);
      expect(inUse.statusCode).toBe(409);
      expect(inUse.json<{ error: { message: string } }>().error.message).toContain('GPT coach');
      const dropModel = await inject(admin, 'PATCH', `/api/ai/connections/${openaiConnection.id}`, { models: ['gpt-other'] });
      expect(dropModel.statusCode).toBe(409);
      expect(dropModel.json<{ error: { message: string } }>().error.message).toContain('gpt-test');
    });

    it('tests a connection: latency when it answers, the provider’s refusal in plain words without the key, and an unreachable host', async () => {
      const ok = await inject(admin, 'POST', `/api/ai/connections/${anthropicConnection.id}/test`, {});
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json<ConnectionTestResult>()).toMatchObject({ ok: true });
      expect(ok.json<ConnectionTestResult>().latencyMs).toBeGreaterThanOrEqual(0);

      openai.requiredKey = 'sk-the-real-one';
      const refused = (await inject(admin, 'POST', `/api/ai/connections/${openaiConnection.id}/test`, { model: 'gpt-other' })).json<ConnectionTestResult>();
      expect(refused.ok).toBe(false);
      expect(refused.error).toMatch(/refused the API key \(HTTP 401\)/);
      expect(refused.error).toContain('Incorrect API key provided');
      expect(refused.error).not.toContain('sk-ope');
      // The web words the code in the admin's language (a Spanish admin reads "El proveedor rechazó la clave de API").
      expect(refused).toMatchObject({ code: 'ai_probe_key_refused', details: { status: 401, said: expect.stringContaining('Incorrect API key provided') } });
      expect(JSON.stringify(refused)).not.toContain(OPENAI_KEY);

      const port = await deadPort();
      const down = (
        await inject(admin, 'POST', '/api/ai/connections', { name: 'Down', provider: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: 'sk-down-123456789', models: ['m'] })
      ).json<AiConnection>();
      const unreachable = (await inject(admin, 'POST', `/api/ai/connections/${down.id}/test`, {})).json<ConnectionTestResult>();
      expect(unreachable).toMatchObject({ ok: false });
      expect(unreachable.error).toMatch(/could not be reached at http:\/\/127\.0\.0\.1:\d+\/v1: the connection was refused/);
      expect(unreachable).toMatchObject({ code: 'ai_probe_connection_refused', details: {} });
      await inject(admin, 'DELETE', `/api/ai/connections/${down.id}`);
    });

    it('checks an agent’s connection and model when it is saved', async () => {
      const missing = await inject(admin, 'POST', '/api/content', sampleContent('agent', 'Ghost', { details: { systemPrompt: 'x', connectionId: '00000000-0000-4000-8000-000000000000', model: 'm' } } as never));
      expect(missing.statusCode).toBe(400);
      expect(missing.body).toContain('details.connectionId');
      const wrongModel = await inject(admin, 'POST', '/api/content', sampleContent('agent', 'Ghost', { details: { systemPrompt: 'x', connectionId: openaiConnection.id, model: 'claude-test' } } as never));
      expect(wrongModel.statusCode).toBe(400);
      expect(wrongModel.body).toContain('does not offer the model');
      const item = (await inject(admin, 'GET', `/api/content/${openaiAgent}`)).json<ContentItem>();
      expect(item.details).toMatchObject({ connectionId: openaiConnection.id, model: 'gpt-test' });
    });
  });

  describe('chatting through connections', () => {
    it('answers two agents on two connections in one conversation list, with each provider’s usage and cost recorded', async () => {
      openai.requests.length = 0;
      anthropic.requests.length = 0;
      const viaOpenai = await chat(member, openaiAgent, 'Hello GPT');
      const viaAnthropic = await chat(member, anthropicAgent, 'Hello Claude');
      expect(streamedText(viaOpenai.response.body)).toBe(tokens.join(''));
      expect(streamedText(viaAnthropic.response.body)).toBe(tokens.join(''));
      expect(openai.requests).toHaveLength(1);
      expect(anthropic.requests).toHaveLength(1);
      expect(openai.requests[0]).toMatchObject({ path: '/v1/chat/completions', apiKey: OPENAI_KEY });
      expect(openai.requests[0]?.body.model).toBe('gpt-test');
      expect(anthropic.requests[0]).toMatchObject({ path: '/v1/messages', apiKey: ANTHROPIC_KEY });
      expect(anthropic.requests[0]?.body.model).toBe('claude-test');

      const list = (await inject(member, 'GET', '/api/conversations')).json<{ items: Conversation[] }>().items;
      expect(list.map((c) => c.agentTitle)).toEqual(expect.arrayContaining(['GPT coach', 'Claude coach']));

      const [, gptAnswer] = await messagesOf(member, viaOpenai.conversation.id);
      const [, claudeAnswer] = await messagesOf(member, viaAnthropic.conversation.id);
      // The fakes report 42 input tokens and one output token per streamed token.
      expect(gptAnswer).toMatchObject({ role: 'assistant', model: 'gpt-test', inputTokens: 42, outputTokens: 4, cost: (42 * 1000 + 4 * 2000) / 1e6 });
      expect(claudeAnswer).toMatchObject({ role: 'assistant', model: 'claude-test', inputTokens: 42, outputTokens: 4, cost: (42 * 3000 + 4 * 15000) / 1e6 });
      const finish = parseUiStream(viaAnthropic.response.body).find((c) => c.type === 'finish');
      expect(finish?.messageMetadata).toMatchObject({ cost: (42 * 3000 + 4 * 15000) / 1e6 });

      const ledger = await t.database.handle.db.selectFrom('ai_usage').select(['community_id', 'model', 'status', 'cost', 'connection_id']).orderBy('created_at').execute();
      expect(ledger.map((l) => ({ ...l, cost: Number(l.cost) }))).toEqual([
        { community_id: alpha, model: 'gpt-test', status: 'settled', cost: 0.05, connection_id: openaiConnection.id },
        { community_id: alpha, model: 'claude-test', status: 'settled', cost: 0.186, connection_id: anthropicConnection.id },
      ]);
    });

    it('keeps the member’s message and says so plainly when the key is wrong or the provider is down', async () => {
      anthropic.requiredKey = 'sk-ant-rotated';
      const refused = await chat(member, anthropicAgent, 'Are you there?');
      expect(refused.response.statusCode).toBe(200);
      const error = parseUiStream(refused.response.body).find((c) => c.type === 'error');
      expect(error?.errorText).toBe('ai_provider_credentials');
      const [question, answer] = await messagesOf(member, refused.conversation.id);
      expect(question).toMatchObject({ role: 'user', text: 'Are you there?' });
      expect(answer).toMatchObject({ status: 'error', cost: null });

      openai.behaviour = { kind: 'http-error', status: 503, message: 'overloaded' };
      const down = await chat(member, openaiAgent, 'Still there?');
      expect(parseUiStream(down.response.body).find((c) => c.type === 'error')?.errorText).toBe('ai_provider_http {"status":503}');
      expect((await messagesOf(member, down.conversation.id))[0]).toMatchObject({ role: 'user', text: 'Still there?' });
      // A failed answer holds nothing: the ledger is settled at zero.
      const held = await t.database.handle.db.selectFrom('ai_usage').select(['status', 'cost']).execute();
      expect(held.every((h) => h.status === 'settled' && Number(h.cost) === 0)).toBe(true);
    });
  });

  describe('budgets', () => {
    it('refuses at the hard limit before calling the provider, with Retry-After and nothing saved', async () => {
      expect((await setBudget(alpha, { monthlyLimit: 0 })).statusCode).toBe(200);
      openai.requests.length = 0;
      const { conversation, response } = await chat(member, openaiAgent, 'Over budget?');
      expect(response.statusCode).toBe(429);
      expect(errorCode(response)).toBe('budget_exhausted');
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect(response.json<{ error: { message: string } }>().error.message).toMatch(/used its AI budget for this month.*resets/);
      expect(openai.requests).toHaveLength(0);
      expect(await messagesOf(member, conversation.id)).toEqual([]);
      // Another community's budget is its own.
      const other = await chat(otherMember, openaiAgent, 'Beta is fine');
      expect(other.response.statusCode).toBe(200);
      expect(openai.requests).toHaveLength(1);
    });

    it('lets at most the answers in flight past the limit when messages arrive together', async () => {
      // Each answer is held at (prompt/4 × 1000 + 100 × 2000) / 1e6 ≥ 0.2 EUR and settles at 0.05 EUR:
      // whether the others arrive while the first is in flight or after it, it alone reaches the limit.
      expect((await setBudget(alpha, { monthlyLimit: 0.04 })).statusCode).toBe(200);
      openai.requests.length = 0;
      openai.behaviour = { kind: 'answer', tokens, delayMs: 30 };
      const conversations = await Promise.all(
        Array.from({ length: 5 }, async () => (await inject(member, 'POST', '/api/conversations', { agentId: openaiAgent })).json<Conversation>()),
      );
      const responses = await Promise.all(conversations.map((c) => inject(member, 'POST', `/api/conversations/${c.id}/messages`, { text: 'Race!' })));
      const statuses = responses.map((r) => r.statusCode).sort();
      expect(statuses).toEqual([200, 429, 429, 429, 429]);
      expect(openai.requests).toHaveLength(1);
      const status = (await inject(member, 'GET', `/api/communities/${alpha}/budget`)).json<BudgetStatus>();
      // Overshot by exactly the one answer that was in flight.
      expect(status).toMatchObject({ currency: 'EUR', hardReached: true });
      expect(status.spent).toBeCloseTo(0.05, 6);
    });

    it('mails managers and admins once, each in their language, when the soft threshold is crossed, and flags it for the banner', async () => {
      expect((await setBudget(alpha, { monthlyLimit: 1, softLimitPercent: 10 })).statusCode).toBe(200);
      expect((await inject(manager, 'PUT', '/api/profile/language', { language: 'es' })).statusCode).toBe(200);
      const before = (await inject(member, 'GET', `/api/communities/${alpha}/budget`)).json<BudgetStatus>();
      expect(before).toMatchObject({ softReached: false, hardReached: false, spent: 0, budget: { monthlyLimit: 1, softLimitPercent: 10, perMemberDailyLimit: null } });
      const outbox = path.join(t.dataDir, 'outbox');
      const alerts = () => {
        try {
          return readdirSync(outbox)
            .map((f) => JSON.parse(readFileSync(path.join(outbox, f), 'utf8')) as { to: string; subject: string; text: string })
            .filter((m) => /^(AI budget alert|Alerta de presupuesto de IA): /.test(m.subject));
        } catch {
          return [];
        }
      };
      const earlier = alerts().length;
      expect((await chat(member, openaiAgent, 'one')).response.statusCode).toBe(200);
      expect((await chat(member, openaiAgent, 'two')).response.statusCode).toBe(200);
      // Queued with the spend that crossed the threshold, sent by the runner (ADR 0047): two, not four.
      await expect.poll(() => alerts().length - earlier, { timeout: 30_000, interval: 100 }).toBe(2);
      const sent = alerts().slice(earlier);
      expect(sent.map((m) => m.to).sort()).toEqual(['admin@example.com', 'manager@example.com']);
      const to = (email: string) => sent.find((m) => m.to === email);
      expect(to('admin@example.com')?.subject).toBe('AI budget alert: Alpha');
      expect(to('admin@example.com')?.text).toMatch(/Alpha has used \d+% of its monthly AI budget \(€0\.\d\d of €1\.00\)/);
      // The manager chose Spanish: their alert, its numbers and its money are in Spanish.
      expect(to('manager@example.com')?.subject).toBe('Alerta de presupuesto de IA: Alpha');
      expect(to('manager@example.com')?.text).toMatch(/Alpha ha usado el \d+\s%\sde su presupuesto mensual de IA \(0,\d\d\s€ de 1,00\s€\)/);
      const after = (await inject(manager, 'GET', `/api/communities/${alpha}/budget`)).json<BudgetStatus>();
      expect(after.softReached).toBe(true);
      expect(after.spent).toBeCloseTo(0.1, 6);
    });

    it('applies a member’s daily allowance', async () => {
      expect((await setBudget(alpha, { monthlyLimit: 100, perMemberDailyLimit: 0.01 })).statusCode).toBe(200);
      expect((await chat(member, openaiAgent, 'first')).response.statusCode).toBe(200);
      const second = await chat(member, openaiAgent, 'second');
      expect(second.response.statusCode).toBe(429);
      expect(second.response.json<{ error: { message: string } }>().error.message).toMatch(/allowance for today.*midnight UTC/);
      // The manager is a separate member with an allowance of their own.
      expect((await chat(manager, openaiAgent, 'mine')).response.statusCode).toBe(200);
    });

    it('refuses or prices a model without a price as the community chose, and warns admins about it (issue 25)', async () => {
      const unpricedAgent = (await createAgent('Unpriced coach', { connectionId: openaiConnection.id, model: 'gpt-other' })).id;
      expect((await inject(admin, 'PUT', `/api/content/${unpricedAgent}/assignments`, { communityIds: [alpha] })).statusCode).toBe(200);
      const put = await setBudget(alpha, { monthlyLimit: 100 });
      expect(put.statusCode, put.body).toBe(200);
      const warned = put.json<BudgetStatus>();
      expect(warned.unpricedModels).toEqual(['gpt-other']);
      expect(warned.budget).toMatchObject({ blockUnpricedModels: false, defaultPrice: null });
      // Members cannot read connections: their budget answer names no model.
      expect((await inject(member, 'GET', `/api/communities/${alpha}/budget`)).json<BudgetStatus>().unpricedModels).toEqual([]);

      expect((await setBudget(alpha, { monthlyLimit: 100, blockUnpricedModels: true })).statusCode).toBe(200);
      openai.requests.length = 0;
      const blocked = await chat(member, unpricedAgent, 'Free ride?');
      expect(blocked.response.statusCode).toBe(409);
      expect(errorCode(blocked.response)).toBe('model_unpriced');
      expect(blocked.response.json<{ error: { message: string } }>().error.message).toMatch(/“gpt-other” has no price/);
      expect(openai.requests).toHaveLength(0);
      // Priced models are unaffected by the block.
      expect((await chat(member, openaiAgent, 'priced')).response.statusCode).toBe(200);

      const priced = await setBudget(alpha, { monthlyLimit: 100, defaultPrice: { inputPerMillion: 500, outputPerMillion: 700 } });
      expect(priced.json<BudgetStatus>().budget?.defaultPrice).toEqual({ inputPerMillion: 500, outputPerMillion: 700 });
      const costed = await chat(member, unpricedAgent, 'At the default price');
      expect(costed.response.statusCode).toBe(200);
      const [, answer] = await messagesOf(member, costed.conversation.id);
      expect(answer).toMatchObject({ model: 'gpt-other', cost: (42 * 500 + 4 * 700) / 1e6 });
      // A default price that is half a price is refused.
      expect((await inject(admin, 'PUT', `/api/communities/${alpha}/budget`, { monthlyLimit: 1, defaultPrice: { inputPerMillion: 1 } })).statusCode).toBe(400);
    });

    it('is set by admins only and read by the community’s own people', async () => {
      expect((await setBudget(alpha, { monthlyLimit: 50 })).json<BudgetStatus>().budget?.monthlyLimit).toBe(50);
      expect((await inject(manager, 'PUT', `/api/communities/${alpha}/budget`, { monthlyLimit: 1000 })).statusCode).toBe(403);
      expect((await inject(otherMember, 'GET', `/api/communities/${alpha}/budget`)).statusCode).toBe(404);
      expect((await inject(admin, 'PUT', `/api/communities/${alpha}/budget`, { monthlyLimit: -1 })).statusCode).toBe(400);
      expect((await inject(admin, 'PUT', `/api/communities/00000000-0000-4000-8000-000000000000/budget`, { monthlyLimit: 1 })).statusCode).toBe(404);
    });
  });

  describe('prices and cost analytics', () => {
    it('lets admins replace the price table in one currency', async () => {
      expect((await inject(member, 'PUT', '/api/ai/prices', [])).statusCode).toBe(403);
      const mixed = await inject(admin, 'PUT', '/api/ai/prices', [
        { model: 'a', inputPerMillion: 1, outputPerMillion: 1, currency: 'EUR' },
        { model: 'b', inputPerMillion: 1, outputPerMillion: 1, currency: 'USD' },
      ]);
      expect(mixed.statusCode).toBe(400);
      const prices = (await inject(member, 'GET', '/api/ai/prices')).json<Array<{ model: string }>>();
      expect(prices.map((p) => p.model)).toEqual(['claude-test', 'gpt-test']);
    });

    it('reports cost by community, agent and member, scoped for managers, with CSV', async () => {
      await chat(member, openaiAgent, 'cost one');
      await chat(member, anthropicAgent, 'cost two');
      await chat(otherMember, openaiAgent, 'cost three');
      const all = (await inject(admin, 'GET', '/api/analytics/costs')).json<Costs>();
      expect(all.currency).toBe('EUR');
      expect(all.total.answers).toBe(3);
      expect(all.total.cost).toBeCloseTo(0.05 + 0.186 + 0.05, 6);
      expect(all.byCommunity.map((c) => [c.name, c.cost])).toEqual([
        ['Alpha', 0.236],
        ['Beta', 0.05],
      ]);
      expect(all.byAgent.map((a) => [a.title, a.answers])).toEqual([
        ['Claude coach', 1],
        ['GPT coach', 2],
      ]);

      const managed = await inject(manager, 'GET', '/api/analytics/costs');
      expect(managed.statusCode).toBe(200);
      const mine = managed.json<Costs>();
      expect(mine.byCommunity.map((c) => c.name)).toEqual(['Alpha']);
      expect(mine.byMember.map((m) => m.displayName)).toEqual(['member']);
      expect((await inject(manager, 'GET', `/api/analytics/costs?communityId=${beta}`)).statusCode).toBe(404);
      expect((await inject(member, 'GET', '/api/analytics/costs')).statusCode).toBe(403);

      const csv = await inject(admin, 'GET', `/api/analytics/costs?format=csv&communityId=${alpha}`);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.headers['content-disposition']).toMatch(/attachment; filename="ai-costs-/);
      expect(csv.body.startsWith('\uFEFF')).toBe(true);
      const lines = csv.body.trim().split('\r\n');
      expect(lines[0]).toBe('group,id,name,answers,input_tokens,output_tokens,cost_eur');
      expect(lines).toContain(`community,${alpha},Alpha,2,84,8,0.236000`);
    });
  });

  describe('the Prompt Lab', () => {
    it('streams one prompt to three models in parallel and saves each answer with its cost', async () => {
      const models = (await inject(member, 'GET', '/api/lab/models')).json<LabModels>();
      expect(models.items).toEqual(
        expect.arrayContaining([
          { connectionId: null, connectionName: 'Built-in', model: 'offline-demo', offline: true },
          { connectionId: openaiConnection.id, connectionName: 'OpenAI test', model: 'gpt-test', offline: false },
          { connectionId: anthropicConnection.id, connectionName: 'Anthropic test', model: 'claude-test', offline: false },
        ]),
      );
      openai.requests.length = 0;
      anthropic.requests.length = 0;
      const response = await inject(member, 'POST', '/api/lab/compare', {
        prompt: 'Name a colour.',
        targets: [
          { connectionId: null, model: 'offline-demo' },
          { connectionId: openaiConnection.id, model: 'gpt-test' },
          { connectionId: anthropicConnection.id, model: 'claude-test' },
        ],
      });
      expect(response.statusCode, `${response.body}\n${logLines.filter((l) => l.includes('"level":50')).join('\n')}`).toBe(200);
      const chunks = parseUiStream(response.body);
      const textOf = (id: string) =>
        chunks
          .filter((c) => c.type === 'text-delta' && c.id === id)
          .map((c) => String(c.delta))
          .join('');
      expect(textOf('answer-0')).toContain('“Name a colour.”');
      expect(textOf('answer-1')).toBe(tokens.join(''));
      expect(textOf('answer-2')).toBe(tokens.join(''));
      expect(openai.requests[0]?.body.messages).toEqual([{ role: 'user', content: 'Name a colour.' }]);
      expect(anthropic.requests).toHaveLength(1);
      const done = chunks.filter((c) => c.type === 'data-answer').map((c) => c.data as { position: number; status: string; cost: number | null });
      expect(done.map((d) => d.position).sort()).toEqual([0, 1, 2]);
      expect(done.every((d) => d.status === 'complete')).toBe(true);

      const runs = (await inject(member, 'GET', '/api/lab/runs')).json<{ items: LabRun[] }>().items;
      expect(runs[0]?.prompt).toBe('Name a colour.');
      expect(runs[0]?.answers.map((a) => [a.position, a.model, a.cost])).toEqual([
        [0, 'offline-demo', null],
        [1, 'gpt-test', 0.05],
        [2, 'claude-test', 0.186],
      ]);
      // Runs are their owner's only.
      expect((await inject(otherMember, 'GET', '/api/lab/runs')).json<{ items: LabRun[] }>().items).toEqual([]);
    });

    it('answers with the offline model in the member’s language', async () => {
      const response = await t.app.inject({ method: 'POST', url: '/api/lab/compare', headers: { ...member.auth, 'accept-language': 'es' }, payload: { prompt: 'Dame ideas de nombres.', targets: [{ connectionId: null, model: 'offline-demo' }] } });
      expect(response.statusCode).toBe(200);
      const text = parseUiStream(response.body)
        .filter((c) => c.type === 'text-delta')
        .map((c) => String(c.delta))
        .join('');
      expect(text).toContain('Así abordaría «Dame ideas de nombres.»:');
      expect(text).toContain('**Pide muchas opciones**');
    });

    it('refuses a model that is not offered in the Prompt Lab, more than three, and an exhausted budget', async () => {
      await inject(admin, 'PATCH', `/api/ai/connections/${anthropicConnection.id}`, { promptLab: false });
      try {
        const hidden = await inject(member, 'POST', '/api/lab/compare', { prompt: 'x', targets: [{ connectionId: anthropicConnection.id, model: 'claude-test' }] });
        expect(hidden.statusCode).toBe(404);
        const unknown = await inject(member, 'POST', '/api/lab/compare', { prompt: 'x', targets: [{ connectionId: openaiConnection.id, model: 'not-listed' }] });
        expect(unknown.statusCode).toBe(404);
      } finally {
        await inject(admin, 'PATCH', `/api/ai/connections/${anthropicConnection.id}`, { promptLab: true });
      }
      const four = Array.from({ length: 4 }, () => ({ connectionId: null, model: 'offline-demo' }));
      expect((await inject(member, 'POST', '/api/lab/compare', { prompt: 'x', targets: four })).statusCode).toBe(400);
      await setBudget(alpha, { monthlyLimit: 0 });
      openai.requests.length = 0;
      const broke = await inject(member, 'POST', '/api/lab/compare', { prompt: 'x', targets: [{ connectionId: openaiConnection.id, model: 'gpt-test' }] });
      expect(broke.statusCode).toBe(429);
      expect(openai.requests).toHaveLength(0);
    });
  });

  it('never writes a key to the logs', () => {
    const logs = logLines.join('\n');
    expect(logs.length).toBeGreaterThan(1000);
    expect(logs).toContain('ai.connection.test');
    for (const secret of [OPENAI_KEY, ANTHROPIC_KEY, 'SECRET-']) expect(logs).not.toContain(secret);
  });
});
