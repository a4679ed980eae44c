import { readFile } from 'node:fs/promises';
import { request as playwrightRequest, type APIRequestContext, type Download, type Locator, type Page } from '@playwright/test';
import type { SessionResponse } from '../contracts/auth.js';
import { E2E_BASE_URL } from './e2e-env.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, screenshotPath, signIn, test } from './fixtures.js';

/** The demo data loaded by e2e/start-server.mjs (server/cli/demo-data.ts). */
const DEMO_PASSWORD = 'demo-password-123';
const MANAGER = 'manager@northwind.example';
const ANA = 'ana@northwind.example';
const NORTHWIND_PEOPLE = ['Maria Lopez', 'Ana Ferreira', 'Ben Okafor', 'Chloe Martin', 'Dev Patel', 'Erik Lindqvist'];
const DEMO_COMMUNITIES = ['Northwind Logistics', 'Contoso Health', 'Fabrikam Studios'];

interface Api {
  ctx: APIRequestContext;
  headers: Record<string, string>;
}

async function apiAs(email: string, password: string): Promise<Api> {
  const ctx = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL });
  const res = await ctx.post('/api/auth/login', { data: { email, password } });
  expect(res.status(), `sign in ${email}: ${await res.text()}`).toBe(200);
  const { accessToken } = (await res.json()) as SessionResponse;
  return { ctx, headers: { Authorization: `Bearer ${accessToken}` } };
}

/**
 * A member chats with one of their agents (the `pick`-th), so the activity chart and top agents
 * have data. Once per server: a retried worker must not chat again.
 */
async function chat(email: string, text: string, pick: number): Promise<void> {
  const api = await apiAs(email, DEMO_PASSWORD);
  try {
    const mine = await api.ctx.get('/api/conversations', { headers: api.headers });
    expect(mine.ok(), await mine.text()).toBe(true);
    if (((await mine.json()) as { items: unknown[] }).items.length > 0) return;
    const list = await api.ctx.get('/api/content', { headers: api.headers, params: { kind: 'agent', limit: 20 } });
    expect(list.ok(), await list.text()).toBe(true);
    const { items } = (await list.json()) as { items: Array<{ id: string }> };
    const agent = items[pick % Math.max(1, items.length)];
    if (!agent) throw new Error(`${email} sees no agent in the demo data`);
    const created = await api.ctx.post('/api/conversations', { headers: api.headers, data: { agentId: agent.id } });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const sent = await api.ctx.post(`/api/conversations/${id}/messages`, { headers: api.headers, data: { text }, timeout: 30_000 });
    expect(sent.ok(), await sent.text()).toBe(true);
    await sent.body();
  } finally {
    await api.ctx.dispose();
  }
}

async function userIdOf(email: string): Promise<string> {
  const admin = await apiAs(ADMIN_EMAIL, ADMIN_PASSWORD);
  try {
    const res = await admin.ctx.get('/api/users', { headers: admin.headers, params: { q: email } });
    expect(res.ok(), await res.text()).toBe(true);
    const { items } = (await res.json()) as { items: Array<{ id: string; email: string }> };
    const user = items.find((u) => u.email === email);
    if (!user) throw new Error(`no user ${email}`);
    return user.id;
  } finally {
    await admin.ctx.dispose();
  }
}

async function expectNonZero(locator: Locator): Promise<void> {
  await expect(locator).toHaveText(/^[1-9][\d,.\s]*$/);
}

async function csvOf(page: Page, button: Locator): Promise<{ name: string; text: string }> {
  const downloaded = page.waitForEvent('download');
  await button.click();
  const download: Download = await downloaded;
  const path = await download.path();
  return { name: download.suggestedFilename(), text: (await readFile(path, 'utf8')).replace(/^\uFEFF/, '') };
}

/** Recharts draws into an <svg>: a chart with data has painted shapes in it. */
async function expectChart(panel: Locator, shape: string): Promise<void> {
  await expect(panel.locator('svg.recharts-surface').first()).toBeVisible();
  await expect.poll(() => panel.locator(shape).count()).toBeGreaterThan(0);
}

test.describe('dashboards on the demo data', () => {
  test.beforeAll(async () => {
    await chat(ANA, 'How do I write a clearer shipment delay email?', 0);
    await chat('ben@northwind.example', 'Summarise our depot meeting notes.', 1);
    await chat('chloe@northwind.example', 'Turn these figures into a short summary.', 2);
    await chat('priya@contoso.example', 'Rewrite this patient letter in plain language.', 0);
    await chat('mia@fabrikam.example', 'Draft a creative brief for a trailer.', 3);
  });

  test('an admin sees every community with numbers and charts, drills into one and exports CSV', async ({ page }) => {
    test.setTimeout(60_000);
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await expect(page.getByTestId('admin-analytics')).toBeVisible();

    await expectNonZero(page.getByTestId('stat-members-value'));
    await expectNonZero(page.getByTestId('stat-active-value'));
    await expectNonZero(page.getByTestId('stat-conversations-value'));
    await expectNonZero(page.getByTestId('stat-messages-value'));
    await expectNonZero(page.getByTestId('stat-completions-value'));
    await expectNonZero(page.getByTestId('stat-prompt-copies-value'));

    await expectChart(page.getByTestId('activity-panel'), 'path.recharts-area-area');
    await expectChart(page.getByTestId('engagement-panel'), 'path.recharts-rectangle');
    await expect(page.getByTestId('top-agent-row').first()).toBeVisible();

    const communities = page.getByTestId('communities-table');
    for (const name of DEMO_COMMUNITIES) await expect(communities).toContainText(name);
    await page.screenshot({ path: screenshotPath('admin-dashboard'), fullPage: true });

    const communitiesCsv = await csvOf(page, page.getByRole('button', { name: 'Download communities as CSV' }));
    expect(communitiesCsv.name).toMatch(/^communities-.*\.csv$/);
    expect(communitiesCsv.text.split('\r\n')[0]).toBe('Community,Members,Active members,Conversations,Completions');
    expect(communitiesCsv.text).toMatch(/\r\nNorthwind Logistics,6,\d+,\d+,\d+\r\n/);

    // Drill-down: the whole dashboard follows the community, and its members are listed.
    await communities.getByRole('button', { name: 'Show Northwind Logistics' }).click();
    await expect(page).toHaveURL(/[?&]community=[0-9a-f-]{36}/);
    await expect(page.getByRole('combobox', { name: 'Community' })).toHaveValue('Northwind Logistics');
    await expect(page.getByTestId('stat-members-value')).toHaveText('6');
    const members = page.getByTestId('members-table');
    await expect(members.getByTestId('member-row')).toHaveCount(NORTHWIND_PEOPLE.length);
    for (const name of NORTHWIND_PEOPLE) await expect(members).toContainText(name);
    await expect(members).not.toContainText('Priya Shah');

    const membersCsv = await csvOf(page, page.getByRole('button', { name: 'Download members as CSV' }));
    expect(membersCsv.name).toMatch(/^members-northwind-logistics-.*\.csv$/);
    expect(membersCsv.text.trimEnd().split('\r\n')).toHaveLength(1 + NORTHWIND_PEOPLE.length);
    expect(membersCsv.text).toContain('ana@northwind.example');

    // Filters live in the URL: a preset survives a reload.
    await page.getByText('7 days', { exact: true }).click();
    await expect(page).toHaveURL(/[?&]range=7d/);
    await page.reload();
    await expect(page.getByTestId('members-table')).toContainText('Ana Ferreira');
    await expect(page.getByRole('radio', { name: '7 days' })).toBeChecked();
    await page.getByTestId('dashboard-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('admin-dashboard-drilldown'), fullPage: true });

    // A reversed custom range is refused on the page, before any request.
    await page.getByText('Custom', { exact: true }).click();
    await page.getByLabel('From').fill('2030-01-10');
    await expect(page.getByText('The start date must not be after the end date.')).toBeVisible();
  });

  test('one failing panel shows its own error with Retry and leaves the others alone', async ({ page }) => {
    let fail = true;
    await page.route('**/api/analytics/top-agents*', (route) =>
      fail
        ? route.fulfill({ status: 500, json: { error: { code: 'internal', message: 'Something went wrong on our side.', requestId: 'r-1' } } })
        : route.fallback(),
    );
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    const topAgents = page.getByTestId('top-agents-panel');
    await expect(topAgents.getByRole('alert')).toBeVisible();
    await expectNonZero(page.getByTestId('stat-members-value'));
    await expectChart(page.getByTestId('engagement-panel'), 'path.recharts-rectangle');
    fail = false;
    await topAgents.getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByTestId('top-agent-row').first()).toBeVisible();
  });

  test('a manager sees only Northwind, its members, and opens a member report', async ({ page }) => {
    await signIn(page, MANAGER, DEMO_PASSWORD);
    await expect(page.getByTestId('manager-analytics')).toBeVisible();
    await expect(page.getByTestId('stat-members-value')).toHaveText('6');
    await expectNonZero(page.getByTestId('stat-completions-value'));
    await expectChart(page.getByTestId('activity-panel'), 'path.recharts-area-area');
    await expectChart(page.getByTestId('engagement-panel'), 'path.recharts-rectangle');
    await expect(page.getByTestId('communities-panel')).toHaveCount(0);
    await expect(page.getByRole('combobox', { name: 'Community' })).toHaveCount(0);

    const members = page.getByTestId('members-table');
    await expect(members.getByTestId('member-row')).toHaveCount(NORTHWIND_PEOPLE.length);
    for (const name of NORTHWIND_PEOPLE) await expect(members).toContainText(name);
    for (const other of ['Priya Shah', 'Mia Chen', 'Grace Kim']) await expect(members).not.toContainText(other);
    // Managers learn too: their own home sits below the team panels.
    await expect(page.getByTestId('member-home')).toBeVisible();
    await page.screenshot({ path: screenshotPath('manager-dashboard'), fullPage: true });

    const csv = await csvOf(page, page.getByRole('button', { name: 'Download members as CSV' }));
    expect(csv.text.split('\r\n')[0]).toBe(
      'Name,Email,Agents completed,Videos completed,Documents completed,Prompts completed,Automations completed,Exercises completed,Completions,Conversations,Last active',
    );

    await members.getByRole('link', { name: 'Report for Ana Ferreira' }).click();
    await expect(page).toHaveURL(/\/reports\/members\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId('member-report-name')).toHaveText('Ana Ferreira');
    await expect(page.getByTestId('member-report')).toContainText('ana@northwind.example');
    await expect(page.getByTestId('member-report')).toContainText('Northwind Logistics');
    await expectNonZero(page.getByTestId('report-completed-value'));
    await expectNonZero(page.getByTestId('report-conversations-value'));
    await expect(page.getByTestId('recent-completions')).toBeVisible();
    await expect(page.locator('svg.recharts-surface').first()).toBeVisible();
    await page.screenshot({ path: screenshotPath('member-report'), fullPage: true });

    // Someone outside their communities is not found, exactly like an id that does not exist.
    await page.goto(`/reports/members/${await userIdOf('priya@contoso.example')}`);
    await expect(page.getByTestId('not-found')).toBeVisible();
    await page.goto('/reports/members/not-a-uuid');
    await expect(page.getByTestId('not-found')).toBeVisible();
  });

  test('a member sees where to continue, what is new and their progress by kind', async ({ page }) => {
    await signIn(page, ANA, DEMO_PASSWORD);
    const home = page.getByTestId('member-home');
    await expect(home).toBeVisible();
    await expect(page.getByTestId('admin-analytics')).toHaveCount(0);
    await expect(page.getByTestId('manager-analytics')).toHaveCount(0);

    const progress = page.getByTestId('progress-by-kind');
    await expect(progress.getByTestId('progress-row').first()).toBeVisible();
    const counts = await progress.getByTestId('progress-count').allTextContents();
    expect(counts.some((c) => /^[1-9]\d* of \d+$/.test(c.trim())), counts.join(' | ')).toBe(true);
    await expect(page.getByTestId('newly-assigned').or(page.getByTestId('in-progress')).first()).toBeVisible();
    await expect(page.getByTestId('recent-conversations')).toBeVisible();
    await expect(page.getByTestId('my-communities')).toContainText('Northwind Logistics');
    await page.screenshot({ path: screenshotPath('member-home'), fullPage: true });

    // The member's own report is theirs to see; analytics panels are not.
    const api = await apiAs(ANA, DEMO_PASSWORD);
    try {
      expect((await api.ctx.get('/api/analytics/summary', { headers: api.headers })).status()).toBe(403);
    } finally {
      await api.ctx.dispose();
    }

    await page.getByTestId('recent-conversations').getByRole('link').first().click();
    await expect(page).toHaveURL(/\/sandbox\/[0-9a-f-]{36}$/);
  });

  test('the admin dashboard reads well in dark mode', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await expectChart(page.getByTestId('engagement-panel'), 'path.recharts-rectangle');
    await expect(page.getByTestId('communities-table')).toContainText('Northwind Logistics');
    await page.screenshot({ path: screenshotPath('admin-dashboard-dark'), fullPage: true });
  });
});
