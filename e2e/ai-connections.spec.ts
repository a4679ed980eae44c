import { type FakeProvider, startFakeProvider } from '../server/test/fake-ai-provider.js';
import { expect, screenshotPath, signIn, test, uid, ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures.js';
import { E2E_PORT } from './e2e-env.js';
import { seedContent, writingCoach } from './sandbox-fixtures.js';

// Local servers speaking OpenAI's and Anthropic's real wire protocols, on ports beside the suite's
// server (E2E_PORT), so two checkouts can run their suites side by side.
const OPENAI_KEY = 'sk-e2e-openai-key-123456';
const ANTHROPIC_KEY = 'sk-e2e-anthropic-key-654321';
const words = (tag: string) => Array.from({ length: 24 }, (_, i) => `${tag}${i} `);

let openai: FakeProvider;
let anthropic: FakeProvider;

test.beforeAll(async () => {
  openai = await startFakeProvider({ kind: 'answer', tokens: words('gpt'), delayMs: 40 }, E2E_PORT + 8);
  anthropic = await startFakeProvider({ kind: 'answer', tokens: words('claude'), delayMs: 40 }, E2E_PORT + 9);
  openai.requiredKey = OPENAI_KEY;
  anthropic.requiredKey = ANTHROPIC_KEY;
});
test.afterAll(async () => {
  await openai.close();
  await anthropic.close();
});
test.use({ contextOptions: { reducedMotion: 'reduce' } });

test('an admin adds a connection, tests it, gives it to an agent, and a member chats through it', async ({ page, member, browser }) => {
  test.setTimeout(120_000);
  const agent = await seedContent(writingCoach(uid('Coach')), [member.community.id]);
  const name = uid('OpenAI');

  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/ai');
  await page.getByRole('button', { name: 'Add connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add an AI connection' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Base URL').fill(openai.baseUrl);
  await dialog.getByLabel('API key').fill(OPENAI_KEY);
  await dialog.getByRole('combobox', { name: 'Models' }).fill('gpt-e2e');
  await dialog.getByRole('combobox', { name: 'Models' }).press('Enter');
  await dialog.getByRole('button', { name: 'Save connection' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByTestId(`connection-${name}`);
  await expect(row.getByText('Key set')).toBeVisible();
  await expect(page.getByText(OPENAI_KEY)).toHaveCount(0);
  await row.getByRole('button', { name: 'Test connection' }).click();
  await expect(row.getByText(/Works · \d+ ms/)).toBeVisible();
  await page.screenshot({ path: screenshotPath('ai-connections-1440') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: screenshotPath('ai-connections-390') });
  await page.setViewportSize({ width: 1440, height: 900 });

  // The agent editor offers the connection and its models.
  await page.goto(`/admin/content/agents/${agent.id}`);
  await page.getByRole('combobox', { name: 'AI connection' }).click();
  await page.getByRole('option', { name }).click();
  await expect(page.getByRole('combobox', { name: 'Model', exact: true })).toHaveValue('gpt-e2e');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText(/saved/i).first()).toBeVisible();
  await page.screenshot({ path: screenshotPath('ai-agent-editor-1440') });

  // The member's chat goes through the local OpenAI server with the stored key.
  openai.requests.length = 0;
  const memberContext = await browser.newContext({ reducedMotion: 'reduce', viewport: { width: 1440, height: 900 } });
  const memberPage = await memberContext.newPage();
  await signIn(memberPage, member.email, member.password, `/sandbox?agent=${agent.id}`);
  const box = memberPage.getByRole('textbox', { name: 'Message' });
  await box.fill('Hello through my connection');
  await box.press('Enter');
  const answer = memberPage.locator('[data-testid="message"][data-role="assistant"]').first();
  await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
  await expect(answer).toContainText('gpt23');
  expect(openai.requests.at(-1)?.apiKey).toBe(OPENAI_KEY);
  expect(openai.requests.at(-1)?.body.model).toBe('gpt-e2e');
  await memberContext.close();

  // The community's budget, and the cost panel on the dashboard.
  await page.goto(`/admin/communities/${member.community.id}`);
  await page.getByRole('textbox', { name: /Monthly limit/ }).fill('25');
  await page.getByRole('button', { name: 'Save budget' }).click();
  await expect(page.getByText('Budget saved.')).toBeVisible();
  await expect(page.getByText(/Spent this month/)).toBeVisible();
  await page.getByText('AI budget').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('ai-budget-1440') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: screenshotPath('ai-budget-390') });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/dashboard');
  const costs = page.getByTestId('costs-panel');
  await expect(costs).toContainText('AI cost', { timeout: 30_000 });
  await expect(costs.getByRole('table', { name: 'Cost by agent' })).toContainText(agent.title, { timeout: 15_000 });
  await costs.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('ai-costs-1440') });
});

test('a member compares three models side by side in the Prompt Lab', async ({ page, member, adminApi }) => {
  test.setTimeout(120_000);
  void adminApi;
  // Two lab connections created through the API (the previous test covers the form).
  const admin = await page.request.post('/api/auth/login', { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
  const token = ((await admin.json()) as { accessToken: string }).accessToken;
  const headers = { Authorization: `Bearer ${token}` };
  const gptName = uid('GPT lab');
  const claudeName = uid('Claude lab');
  for (const data of [
    { name: gptName, provider: 'openai', baseUrl: openai.baseUrl, apiKey: OPENAI_KEY, models: ['gpt-lab'] },
    { name: claudeName, provider: 'anthropic', baseUrl: anthropic.baseUrl, apiKey: ANTHROPIC_KEY, models: ['claude-lab'] },
  ]) {
    const created = await page.request.post('/api/ai/connections', { headers, data });
    expect(created.status(), await created.text()).toBe(201);
  }
  await page.context().clearCookies();

  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, member.email, member.password, '/lab');
  const models = page.getByRole('combobox', { name: 'Models' });
  for (const label of [/offline-demo/, new RegExp(`gpt-lab · ${gptName}`), new RegExp(`claude-lab · ${claudeName}`)]) {
    await models.click();
    await page.getByRole('option', { name: label }).click();
  }
  await page.keyboard.press('Escape');
  await page.getByRole('textbox', { name: 'Prompt' }).fill('Explain a LEFT JOIN in one sentence.');
  await page.getByRole('button', { name: 'Compare' }).click();

  // All three stream at once: each column has text before any has finished.
  for (const i of [0, 1, 2]) await expect(page.getByTestId(`lab-column-${i}`)).toBeVisible();
  await expect(page.getByTestId('lab-column-1')).toContainText('gpt0');
  await expect(page.getByTestId('lab-column-2')).toContainText('claude0');
  for (const i of [0, 1, 2]) await expect(page.getByTestId(`lab-status-${i}`)).toHaveText('Done', { timeout: 20_000 });
  await expect(page.getByTestId('lab-column-0')).toContainText('“Explain a LEFT JOIN in one sentence.”');
  await expect(page.getByTestId('lab-column-1')).toContainText('gpt23');
  await expect(page.getByTestId('lab-column-2')).toContainText('claude23');
  await page.screenshot({ path: screenshotPath('prompt-lab-1440'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: screenshotPath('prompt-lab-390'), fullPage: true });
});
