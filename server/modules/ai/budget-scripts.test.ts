import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetStatus } from '../../../contracts/ai.js';
import type { ContentItem } from '../../../contracts/content.js';
import { type FakeProvider, startFakeProvider } from '../../test/fake-ai-provider.js';
import { createTestApp, seedCommunity, seedUser, signIn, type SignedIn, type TestApp } from '../../test/test-app.js';
import { sampleContent } from '../../test/content-fixtures.js';

/** Like a real tokenizer: about one token a CJK character, four ASCII characters a token. */
function realisticTokens(body: Record<string, unknown>): number {
  const text = JSON.stringify(body.messages ?? '');
  const ascii = [...text].filter((c) => c.charCodeAt(0) < 0x80).length;
  return Math.ceil(ascii / 4) + (text.length - ascii);
}

describe('budget holds cannot be beaten by the script of the text (issue 26)', () => {
  let fake: FakeProvider;
  let t: TestApp;
  let admin: SignedIn;
  let member: SignedIn;
  let alpha: string;
  let agentId: string;

  const inject = (who: SignedIn, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: who.auth, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

  beforeAll(async () => {
    fake = await startFakeProvider({ kind: 'answer', tokens: ['好', '的', '。'], delayMs: 300 });
    fake.promptTokens = realisticTokens;
    t = await createTestApp({ AI_PROVIDER: 'openai', AI_BASE_URL: fake.baseUrl, AI_MODEL: 'cjk-model', AI_API_KEY: 'test-key-0000', CHAT_MESSAGES_PER_MINUTE: '1000' });
    alpha = await seedCommunity(t.database, 'Alpha');
    await seedUser(t.database, { email: 'admin@example.com', role: 'admin' });
    await seedUser(t.database, { email: 'member@example.com', communities: [{ id: alpha, role: 'member' }] });
    admin = await signIn(t.app, 'admin@example.com');
    member = await signIn(t.app, 'member@example.com');
    expect((await inject(admin, 'PUT', '/api/ai/prices', [{ model: 'cjk-model', inputPerMillion: 1000, outputPerMillion: 1000, currency: 'EUR' }])).statusCode).toBe(200);
    const agent = await inject(admin, 'POST', '/api/content', sampleContent('agent', 'Coach', { details: { systemPrompt: 'Coach.', temperature: 0.2, maxOutputTokens: 20, starterPrompts: [], welcomeMessage: '' } } as never));
    agentId = agent.json<ContentItem>().id;
    expect((await inject(admin, 'PUT', `/api/content/${agentId}/assignments`, { communityIds: [alpha] })).statusCode).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('50 parallel Chinese messages overspend by at most one answer', async () => {
    const limit = 10;
    expect((await inject(admin, 'PUT', `/api/communities/${alpha}/budget`, { monthlyLimit: limit, softLimitPercent: 80, perMemberDailyLimit: null })).statusCode).toBe(200);
    // 1,500 characters: ~1,500 real tokens, ~1.5 EUR an answer; counted at four characters a token it was held at ~0.4.
    const text = '退款政策规定年度计划的退款期限为发票日期起四十五天'.repeat(60);
    const conversations = await Promise.all(Array.from({ length: 50 }, async () => (await inject(member, 'POST', '/api/conversations', { agentId })).json<{ id: string }>()));
    const responses = await Promise.all(conversations.map((c) => inject(member, 'POST', `/api/conversations/${c.id}/messages`, { text })));
    const answered = responses.filter((r) => r.statusCode === 200).length;
    expect(answered).toBeGreaterThan(0);
    // Refused ones are 429 (budget), or on PostgreSQL under 50 at once possibly a busy-database 503/409: never a 500.
    const statuses = [...new Set(responses.map((r) => r.statusCode))];
    expect(statuses.filter((s) => ![200, 409, 429, 503].includes(s)), statuses.join(',')).toEqual([]);
    const oneAnswer = (realisticTokens({ messages: [{ role: 'system', content: 'Coach.' }, { role: 'user', content: text }] }) + 3) / 1000;
    const status = (await inject(member, 'GET', `/api/communities/${alpha}/budget`)).json<BudgetStatus>();
    expect(status.spent, `${answered} answered`).toBeLessThanOrEqual(limit + oneAnswer);
  }, 120_000);
});
