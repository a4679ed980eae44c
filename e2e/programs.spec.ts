import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../server/cli/demo-data.js';
import { stubClipboard } from './content-fixtures.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, screenshotPath, signIn, test, uid } from './fixtures.js';
import { seriousViolations } from './axe.js';

/** Demo content (server/cli/demo-data.ts) visible to Northwind: a document, a prompt and an exercise. */
const DOCUMENT = 'Your First Week with AI: A Practical Guide';
const PROMPT = 'Summarise for a Specific Audience';
const EXERCISE = 'Workout: Summarise a Customer Complaint';
const MANAGER = 'manager@northwind.example';
/** A final answer the offline evaluator passes (see e2e/exercises.spec.ts). */
const ANSWER =
  'Summarise this customer email for the support lead, who must decide the next action quickly. Use at most five bullet points with an 80-word limit, one issue per bullet. Quote order numbers, dates and amounts exactly and do not invent anything. Note the customer tone and how urgent a reply is.';


/** Screenshots at 1440 and 390 wide, full page; `ready` is what must show before each. */
async function shoot(page: Page, name: string, ready: () => Promise<void>): Promise<void> {
  // From the top, so the sticky header is not drawn over the middle of a full-page shot.
  await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
  await page.setViewportSize({ width: 1440, height: 900 });
  await ready();
  await page.screenshot({ path: screenshotPath(`${name}-1440`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await ready();
  await page.screenshot({ path: screenshotPath(`${name}-390`), fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function northwindId(page: Page): Promise<string> {
  const login = await page.request.post('/api/auth/login', { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const res = await page.request.get('/api/communities?q=Northwind', { headers: { Authorization: `Bearer ${accessToken}` } });
  const { items } = (await res.json()) as { items: { id: string; name: string }[] };
  const northwind = items.find((c) => c.name === 'Northwind Logistics');
  if (!northwind) throw new Error('The demo data has no Northwind Logistics community.');
  return northwind.id;
}

async function addStep(page: Page, title: string): Promise<void> {
  const picker = page.getByTestId('step-picker');
  await picker.getByRole('textbox', { name: 'Search content to add' }).fill(title);
  await picker.getByRole('button', { name: `Add “${title}”` }).click();
  await expect(picker.getByRole('button', { name: `“${title}” is already a step` })).toBeDisabled();
}

async function openProgram(page: Page, programId: string, percent: number): Promise<void> {
  await page.goto(`/programs/${programId}`);
  await expect(page.getByTestId('program-summary').getByTestId('program-percent')).toHaveText(`${percent}%`);
}

test.use({ contextOptions: { reducedMotion: 'reduce' } });

test('an admin builds a three-step program; a member works through it, downloads the certificate, and anyone can verify it signed out', async ({ page, adminApi, browser }) => {
  test.setTimeout(180_000);
  const communityId = await northwindId(page);
  const member = await adminApi.createUser({ displayName: 'Pia Program', communityIds: [communityId] });
  const title = uid('AI basics');

  // The admin builds the program: steps picked across kinds, reordered by keyboard, assigned to Northwind.
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/programs');
  await page.getByRole('link', { name: 'New program' }).click();
  // The builder has its content and communities before anything is typed (they arrive just after it shows).
  await expect(page.getByTestId('step-picker').getByRole('button', { name: /^Add / }).first()).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Communities' })).toBeEnabled();
  await page.getByRole('textbox', { name: 'Title' }).fill(title);
  await page.getByRole('textbox', { name: 'Description' }).fill('Read, copy, practise: your first AI week.');
  await addStep(page, PROMPT);
  await addStep(page, DOCUMENT);
  await addStep(page, EXERCISE);
  await page.getByRole('button', { name: `Move “${DOCUMENT}” up` }).focus();
  await page.keyboard.press('Enter');
  const steps = page.getByTestId('builder-step');
  await expect(steps.nth(0)).toContainText(DOCUMENT);
  await expect(steps.nth(1)).toContainText(PROMPT);
  await expect(steps.nth(2)).toContainText(EXERCISE);
  await page.getByText('Published', { exact: true }).click();
  await page.getByRole('combobox', { name: 'Communities' }).click();
  await page.getByRole('option', { name: 'Northwind Logistics' }).click();
  await page.getByRole('textbox', { name: 'Due after enrolment (days)' }).fill('14');
  await page.getByRole('textbox', { name: 'Valid for (days)' }).fill('365');
  await page.getByRole('button', { name: 'Create program' }).click();
  await expect(page).toHaveURL(/\/admin\/programs\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  const programId = page.url().split('/').pop() ?? '';
  await expect(page.getByText(/^Last saved/)).toBeVisible();
  await expect(page.getByTestId('assignment-error')).toHaveCount(0);
  expect(await seriousViolations(page), 'builder').toEqual([]);
  await shoot(page, 'program-builder', () => expect(page.getByTestId('builder-step')).toHaveCount(3));
  await page.goto('/admin/programs');
  await expect(page.getByTestId('program-row').filter({ hasText: title })).toBeVisible();
  expect(await seriousViolations(page), 'admin list').toEqual([]);
  await page.screenshot({ path: screenshotPath('program-admin-list-1440'), fullPage: true });

  // The member: the dashboard card and My programs offer the next step; later steps are locked and say why.
  await page.context().clearCookies();
  await stubClipboard(page);
  await signIn(page, member.email, member.password, '/dashboard');
  const card = page.getByTestId('my-programs-card').getByTestId('program-card').filter({ hasText: title });
  await expect(card.getByTestId('next-step-link')).toHaveText(`Next: ${DOCUMENT}`);
  await expect(card.getByTestId('due-badge')).toHaveAttribute('data-state', 'due');
  await page.getByRole('link', { name: 'My programs' }).first().click();
  await expect(page).toHaveURL(/\/programs$/);
  await expect(page.getByTestId('my-programs').getByTestId('program-card').filter({ hasText: title })).toBeVisible();
  expect(await seriousViolations(page), 'my programs').toEqual([]);
  await shoot(page, 'my-programs', () => expect(page.getByTestId('my-programs')).toBeVisible());

  await openProgram(page, programId, 0);
  const memberSteps = page.getByTestId('program-step');
  await expect(memberSteps.nth(0)).toHaveAttribute('data-state', 'available');
  await expect(memberSteps.nth(1)).toHaveAttribute('data-state', 'locked');
  await expect(memberSteps.nth(1).getByTestId('step-explanation')).toContainText(`Finish “${DOCUMENT}” first`);
  expect(await seriousViolations(page), 'program detail').toEqual([]);
  await shoot(page, 'program-detail', () => expect(page.getByTestId('program-steps')).toBeVisible());

  // Step 1: read the document and mark it complete.
  await page.getByTestId('next-step-link').click();
  await expect(page).toHaveURL(new RegExp(`/library/[0-9a-f-]{36}\\?program=${programId}$`)); // the step knows its program (next step, completion)
  await page.getByRole('button', { name: 'Mark complete' }).click();
  await expect(page.getByTestId('progress-panel')).toContainText('Completed');
  await openProgram(page, programId, 33);

  // Step 2: copy the prompt.
  await expect(memberSteps.nth(0)).toHaveAttribute('data-state', 'done');
  await page.getByTestId('next-step-link').click();
  const recorded = page.waitForResponse((r) => r.url().includes('/progress') && r.request().method() === 'POST' && r.ok());
  await page.getByRole('button', { name: 'Copy prompt' }).click();
  await recorded;
  await openProgram(page, programId, 67);

  // Step 3: the exercise is practice (§10.1), so a scored attempt completes the step; no pass is decided.
  await page.getByTestId('next-step-link').click();
  await expect(page.getByTestId('brief')).toBeVisible();
  await page.getByRole('button', { name: 'Start attempt' }).click();
  const box = page.getByTestId('practice').getByRole('textbox', { name: 'Message' });
  await box.fill('Help me summarise a complaint email for my support lead.');
  await box.press('Enter');
  await expect(page.getByTestId('practice').locator('[data-status="complete"]').first()).toBeVisible({ timeout: 30_000 });
  await page.getByRole('textbox', { name: 'Your final answer' }).fill(ANSWER);
  await page.getByRole('button', { name: 'Submit for scoring' }).click();
  await expect(page.getByTestId('attempt-result').getByTestId('pass-badge')).toHaveText('Practice', { timeout: 20_000 });

  // 100%: the certificate is a real PDF, and its verification page works for anyone.
  await openProgram(page, programId, 100);
  await expect(page.getByTestId('program-summary').getByTestId('due-badge')).toHaveAttribute('data-state', 'completed');
  const downloadButton = page.getByTestId('program-summary').getByTestId('certificate-download');
  await expect(downloadButton).toBeVisible({ timeout: 20_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), downloadButton.click()]);
  const pdf = readFileSync(await download.path());
  expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
  const verifyHref = await page.getByTestId('verification-link').getAttribute('href');
  expect(verifyHref).toMatch(/^\/verify\/.+/);

  const stranger = await browser.newContext({ reducedMotion: 'reduce' });
  const anonymous = await stranger.newPage();
  await anonymous.goto(verifyHref ?? '');
  const result = anonymous.getByTestId('verify-result');
  await expect(result).toHaveAttribute('data-outcome', 'valid');
  await expect(anonymous.getByTestId('verify-outcome')).toHaveText('Valid certificate');
  await expect(result).toContainText('Pia Program');
  await expect(result).toContainText(title);
  await expect(anonymous).toHaveURL(new RegExp(`${verifyHref ?? ''}$`));
  expect(await seriousViolations(anonymous), 'verify').toEqual([]);
  await shoot(anonymous, 'verify-valid', () => expect(result).toBeVisible());
  await anonymous.goto('/verify/not-a-real-code-0000000000000000');
  await expect(anonymous.getByTestId('verify-result')).toHaveAttribute('data-outcome', 'unknown');
  await anonymous.screenshot({ path: screenshotPath('verify-unknown-390'), fullPage: true });
  await stranger.close();

  // The community's manager: members × steps with the member done, the funnel, and the CSV.
  await page.context().clearCookies();
  await signIn(page, MANAGER, DEMO_PASSWORD, `/programs/${programId}/progress`);
  const row = page.getByTestId('member-progress-row').filter({ hasText: 'Pia Program' });
  await expect(row).toContainText('100%');
  await expect(page.getByTestId('funnel-step')).toHaveCount(3);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(readFileSync(await csv.path(), 'utf8')).toContain('Pia Program');
  expect(await seriousViolations(page), 'manager progress').toEqual([]);
  await shoot(page, 'program-progress', async () => {
    await expect(page.getByTestId('funnel')).toBeVisible();
  });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId('member-progress-card').filter({ hasText: 'Pia Program' })).toBeVisible();
  const scrollWidth = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(390);
});

test('adding a step after a member finished asks the admin whether they must do it', async ({ page, adminApi }) => {
  const communityId = await northwindId(page);
  const contentId = async (title: string) => {
    const { body } = await adminApi.send('GET', `/api/content?q=${encodeURIComponent(title)}&limit=5`);
    const item = (body as { items: Array<{ id: string; title: string }> }).items.find((c) => c.title === title);
    if (!item) throw new Error(`The demo data has no “${title}”.`);
    return item.id;
  };
  const created = await adminApi.send('POST', '/api/programs', { title: uid('Prompt habits'), status: 'published', steps: [{ contentId: await contentId(PROMPT) }] });
  const programId = (created.body as { id: string }).id;
  // Assigned after the member exists, so they are enrolled; copying the prompt then finishes the program.
  const finisher = await adminApi.createUser({ displayName: 'Fin Finisher', communityIds: [communityId] });
  expect((await adminApi.send('PUT', `/api/programs/${programId}/assignments`, { communityIds: [communityId] })).status).toBe(200);
  const login = await page.request.post('/api/auth/login', { data: { email: finisher.email, password: finisher.password } });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const copied = await page.request.post(`/api/content/${await contentId(PROMPT)}/progress`, { headers: { Authorization: `Bearer ${accessToken}` }, data: { action: 'copied' } });
  expect(copied.status()).toBe(200);

  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, `/admin/programs/${programId}`);
  await addStep(page, DOCUMENT);
  await page.getByRole('button', { name: 'Save changes' }).click();
  const dialog = page.getByRole('dialog', { name: 'Must they do the new step?' });
  await expect(dialog).toContainText(/already finished this program/);
  await expect(dialog).toContainText(DOCUMENT);
  expect(await seriousViolations(page), 'completed members dialog').toEqual([]);
  // The dialog as seen in the window (a full-page shot of a scroll-locked page says nothing about it).
  for (const [width, height] of [[1440, 900], [390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await expect(dialog.getByRole('button', { name: 'Keep their completion' })).toBeInViewport();
    await page.screenshot({ path: screenshotPath(`program-completed-members-dialog-${width}`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await dialog.getByRole('button', { name: 'Keep their completion' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/^Saved “/)).toBeVisible();
  await expect(page.getByTestId('builder-step')).toHaveCount(2);
});
