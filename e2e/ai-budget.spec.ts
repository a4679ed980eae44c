import { request as playwrightRequest, type Page } from '@playwright/test';
import type { SessionResponse } from '../contracts/auth.js';
import type { AiConnection, ModelPrice } from '../contracts/ai.js';
import type { Conversation } from '../contracts/conversations.js';
import { type FakeProvider, startFakeProvider } from '../server/test/fake-ai-provider.js';
import { E2E_BASE_URL, E2E_PORT } from './e2e-env.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type AdminApi, expect, screenshotPath, signIn, test, uid } from './fixtures.js';
import { seedContent, writingCoach } from './sandbox-fixtures.js';
import { seriousViolations } from './axe.js';

/*
 * The community budget end to end (ARCHITECTURE §9.3, ADR 0013): near its soft threshold the
 * community's manager sees the banner; at the hard limit a member's message is refused before any
 * provider call, they see why and when it resets, and what they typed stays in the box.
 */

const KEY = 'sk-e2e-budget-key-0123456789';
// Its own port, derived from this run's, so checkouts running side by side never share it.
let provider: FakeProvider;

test.beforeAll(async () => {
  provider = await startFakeProvider({ kind: 'answer', tokens: ['Budget', ' answer'] }, E2E_PORT + 7);
  provider.requiredKey = KEY;
});
test.afterAll(async () => {
  await provider.close();
});
test.use({ contextOptions: { reducedMotion: 'reduce' } });

/** Each width is loaded as it is (a phone reloads at its width); `ready` waits for the state to show. */
async function shoot(page: Page, name: string, ready: () => Promise<void>): Promise<void> {
  await page.screenshot({ path: screenshotPath(`${name}-1440`) });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await ready();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: screenshotPath(`${name}-390`) });
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** The price table holds one currency: the model is added in whatever currency it already uses. */
async function priceModel(adminApi: AdminApi, model: string): Promise<void> {
  const current = (await adminApi.send('GET', '/api/ai/prices')).body as ModelPrice[];
  const currency = current[0]?.currency ?? 'USD';
  const saved = await adminApi.send('PUT', '/api/ai/prices', [...current, { model, inputPerMillion: 10_000, outputPerMillion: 10_000, currency }]);
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
}

/** One chat message through the API as `email`, read to its end (the answer is then settled). */
async function chatAs(email: string, password: string, agentId: string, text: string): Promise<void> {
  const ctx = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL });
  try {
    const login = await ctx.post('/api/auth/login', { data: { email, password } });
    const headers = { Authorization: `Bearer ${((await login.json()) as SessionResponse).accessToken}` };
    const conversation = (await (await ctx.post('/api/conversations', { headers, data: { agentId } })).json()) as Conversation;
    const sent = await ctx.post(`/api/conversations/${conversation.id}/messages`, { headers, data: { text } });
    expect(sent.status(), await sent.text()).toBe(200);
  } finally {
    await ctx.dispose();
  }
}

test('the manager sees the budget banner near the limit; at the limit a member’s message is refused, explained and kept', async ({ page, browser, member, adminApi }) => {
  test.setTimeout(120_000);
  const model = uid('budget-model').toLowerCase();
  const connection = await adminApi.send('POST', '/api/ai/connections', { name: uid('Budget connection'), provider: 'openai', baseUrl: provider.baseUrl, apiKey: KEY, models: [model] });
  expect(connection.status, JSON.stringify(connection.body)).toBe(201);
  await priceModel(adminApi, model);
  const agent = await seedContent(
    { ...writingCoach(uid('Budget coach')), details: { ...writingCoach().details, connectionId: (connection.body as AiConnection).id, model, maxOutputTokens: 50 } } as Parameters<typeof seedContent>[0],
    [member.community.id],
  );
  const manager = await adminApi.createUser({ displayName: 'Mo Manager', communityIds: [member.community.id] });
  await adminApi.setMember(member.community.id, manager.id, 'manager');

  // One answer costs (42 + 2 tokens) × 0.01 = 0.44 of a monthly limit of 1: past the 40 % threshold.
  const budget = (monthlyLimit: number) => adminApi.send('PUT', `/api/communities/${member.community.id}/budget`, { monthlyLimit, softLimitPercent: 40, perMemberDailyLimit: null });
  expect((await budget(1)).status).toBe(200);
  await chatAs(member.email, member.password, agent.id, 'Spend a little, please.');

  await signIn(page, manager.email, manager.password, '/dashboard');
  const banner = page.getByTestId('budget-banner');
  await expect(banner).toContainText('AI budget nearly used', { timeout: 30_000 });
  await expect(banner).toContainText(member.community.name);
  await expect(banner).toContainText('(44%)');
  expect(await seriousViolations(page)).toEqual([]);
  await shoot(page, 'ai-budget-banner', () => expect(banner).toContainText('AI budget nearly used', { timeout: 30_000 }));

  // The limit lowered below what was spent: the hard limit is reached.
  expect((await budget(0.4)).status).toBe(200);
  const requestsBefore = provider.requests.length;
  const memberContext = await browser.newContext({ reducedMotion: 'reduce', viewport: { width: 1440, height: 900 } });
  const memberPage = await memberContext.newPage();
  await signIn(memberPage, member.email, member.password, `/sandbox?agent=${agent.id}`);
  const typed = 'Please help me write a short thank-you note to the facilities team.';
  const box = memberPage.getByRole('textbox', { name: 'Message' });
  const refusal = memberPage.getByTestId('budget-refusal');
  const sendRefused = async () => {
    await box.fill(typed);
    await box.press('Enter');
    await expect(refusal).toBeVisible({ timeout: 20_000 });
    await expect(box).toHaveValue(typed);
  };
  await sendRefused();
  await expect(refusal).toContainText('Not sent: the AI budget is used up');
  await expect(refusal).toContainText(/used its AI budget for this month\. You can send messages again from .+\. Your message is still in the box below\./);
  // Nothing was saved and the provider never heard of it.
  await expect(memberPage.locator('[data-testid="message"]')).toHaveCount(0);
  expect(provider.requests.length).toBe(requestsBefore);
  expect(await seriousViolations(memberPage)).toEqual([]);
  // On a phone, in the conversation the first try created: refused again, the same way.
  await shoot(memberPage, 'ai-budget-refused', sendRefused);
  expect(provider.requests.length).toBe(requestsBefore);

  // The Prompt Lab is refused the same way, its prompt kept.
  await memberPage.goto('/lab');
  await memberPage.getByRole('combobox', { name: 'Models' }).click();
  await memberPage.getByRole('option', { name: new RegExp(`^${model} · `) }).click();
  await memberPage.keyboard.press('Escape');
  const prompt = memberPage.getByRole('textbox', { name: 'Prompt' });
  await prompt.fill('Explain a budget in one sentence.');
  await memberPage.getByRole('button', { name: 'Compare' }).click();
  const notSent = memberPage.getByRole('alert').filter({ hasText: 'Not sent' });
  await expect(notSent).toContainText(/used its AI budget for this month, so this message was not sent\. It resets at the start of next month/, { timeout: 20_000 });
  await expect(prompt).toHaveValue('Explain a budget in one sentence.');
  expect(provider.requests.length).toBe(requestsBefore);

  // The manager's banner now says the budget is used up.
  await page.reload();
  await expect(page.getByTestId('budget-banner')).toContainText('AI budget used up', { timeout: 30_000 });
  await memberContext.close();
});

test('a model without a price is named on the connection and budget pages, and an admin blocks it', async ({ page, adminApi }) => {
  const model = uid('unpriced-model');
  const connection = await adminApi.send('POST', '/api/ai/connections', { name: uid('Unpriced connection'), provider: 'openai', baseUrl: provider.baseUrl, apiKey: KEY, models: [model] });
  expect(connection.status, JSON.stringify(connection.body)).toBe(201);
  const community = await adminApi.createCommunity();
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, `/admin/communities/${community.id}`);
  const warning = page.getByTestId('unpriced-warning');
  await expect(warning).toContainText(model, { timeout: 30_000 });
  await expect(warning).toContainText('count as 0 against this budget');
  await page.getByRole('radio', { name: 'Block models without a price' }).check();
  await page.getByRole('textbox', { name: /^Monthly limit/ }).fill('25');
  await page.getByRole('button', { name: 'Save budget' }).click();
  await expect(warning).toContainText('handles them as chosen below');
  await expect(page.getByRole('radio', { name: 'Block models without a price' })).toBeChecked();
  await warning.scrollIntoViewIfNeeded();
  await shoot(page, 'ai-budget-unpriced', () => expect(page.getByTestId('unpriced-warning')).toContainText(model, { timeout: 30_000 }));
  const saved = await adminApi.send('GET', `/api/communities/${community.id}/budget`);
  expect(saved.body).toMatchObject({ budget: { monthlyLimit: 25, blockUnpricedModels: true, defaultPrice: null } });

  await page.goto('/admin/ai');
  await expect(page.getByTestId('unpriced-models')).toContainText(model, { timeout: 30_000 });
  await shoot(page, 'ai-connections-unpriced', () => expect(page.getByTestId('unpriced-models')).toContainText(model, { timeout: 30_000 }));
  // Removed again, so the other specs' connection pages list only their own models.
  expect((await adminApi.send('DELETE', `/api/ai/connections/${(connection.body as AiConnection).id}`)).status).toBe(204);
});
