import type { Page } from '@playwright/test';
import { seriousViolations } from './axe.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, screenshotPath, signIn, test, uid } from './fixtures.js';
import { seedContent } from './sandbox-fixtures.js';

/** Issue 25, the trainer's and learner's walk-through: nothing a trainer saves or a learner finishes is a dead end. */

async function shoot(page: Page, name: string, ready: () => Promise<void>): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
  await page.setViewportSize({ width: 1440, height: 900 });
  await ready();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: screenshotPath(`${name}-1440`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await ready();
  expect(await seriousViolations(page)).toEqual([]);
  // Nothing wider than the phone.
  expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: screenshotPath(`${name}-390`), fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
}

const settled = (page: Page) => expect(page.locator('.mantine-Notification-root')).toHaveCount(0, { timeout: 15_000 });

const doc = (title: string, text: string) => ({ kind: 'document' as const, title, description: 'Walk-through reading.', details: { bodyHtml: `<p>${text}</p>` } });

test.use({ contextOptions: { reducedMotion: 'reduce' } });

test('a program whose content is not assigned says so on the program and in the list, and one click assigns it', async ({ page, adminApi }) => {
  test.setTimeout(180_000);
  const community = await adminApi.createCommunity(uid('Riverside'));
  await adminApi.createUser({ displayName: 'Rita Learner', communityIds: [community.id] });
  const reading = await seedContent(doc(uid('Prompt hygiene'), 'Keep prompts short and specific.'), []);
  const title = uid('Onboarding path');

  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/programs/new');
  await page.getByRole('textbox', { name: 'Title' }).fill(title);
  const picker = page.getByTestId('step-picker');
  await picker.getByRole('textbox', { name: 'Search content to add' }).fill(reading.title);
  await picker.getByRole('button', { name: `Add “${reading.title}”` }).click();
  await page.getByText('Published', { exact: true }).click();
  await page.getByRole('combobox', { name: 'Communities' }).click();
  await page.getByRole('option', { name: community.name }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Create program' }).click();

  // Saved, but not assigned: a notice that stays, naming the content and the community.
  const notice = page.getByTestId('unassigned-notice');
  await expect(notice).toContainText(`Not assigned to ${community.name}: nobody there is enrolled`);
  await expect(notice).toContainText(`Step 1 “${reading.title}”: not assigned to ${community.name}`);
  await expect(page).toHaveURL(/\/admin\/programs\/[0-9a-f-]{36}$/);
  await settled(page);
  await shoot(page, 'walk-builder-not-assigned', async () => {
    await expect(notice).toBeVisible();
  });
  const programId = page.url().split('/').pop() ?? '';

  // One click assigns the content to the community, and the program with it: the notice goes.
  await page.getByTestId('assign-content').click();
  await expect(page.getByTestId('unassigned-notice')).toHaveCount(0);
  await page.goto(`/admin/programs?q=${encodeURIComponent(title)}`);
  const row = page.getByTestId('program-row').filter({ hasText: title });
  await expect(row).toBeVisible();
  await expect(row.getByTestId('no-community-badge')).toHaveCount(0);
  await expect(row.getByTestId('unassigned-badge')).toHaveCount(0);

  // Later the content is taken away from the community.
  const unassigned = await page.request.put(`/api/content/${reading.id}/assignments`, { headers: { Authorization: `Bearer ${await adminToken(page)}` }, data: { communityIds: [] } });
  expect(unassigned.ok()).toBe(true);
  await page.goto(`/admin/programs/${programId}`);

  // The program's page and the list now warn, naming the content, each with the one action that fixes it.
  await expect(page.getByTestId('unassigned-notice')).toContainText(`Members of ${community.name} cannot open every step`);
  await shoot(page, 'walk-builder-content-unassigned', async () => {
    await expect(page.getByTestId('unassigned-notice')).toBeVisible();
  });
  await page.goto(`/admin/programs?q=${encodeURIComponent(title)}`);
  await expect(row.getByTestId('unassigned-badge')).toBeVisible();
  await expect(row.getByTestId('unassigned-items')).toContainText(reading.title);
  await shoot(page, 'walk-programs-list-unassigned', async () => {
    await expect(row.getByTestId('unassigned-badge')).toBeVisible();
  });
  // The row's own action puts it right.
  await row.getByRole('button', { name: `Actions for ${title}` }).click();
  await page.getByRole('menuitem', { name: 'Assign the missing content' }).click();
  await expect(row.getByTestId('unassigned-badge')).toHaveCount(0);
});

async function adminToken(page: Page): Promise<string> {
  const login = await page.request.post('/api/auth/login', { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
  return ((await login.json()) as { accessToken: string }).accessToken;
}

test('a learner finishing a step sees the next one, and after the last one the completion with the certificate', async ({ page, adminApi, browser }) => {
  test.setTimeout(180_000);
  const community = await adminApi.createCommunity(uid('Harbour'));
  const member = await adminApi.createUser({ displayName: 'Lia Learner', communityIds: [community.id] });
  const first = await seedContent(doc(uid('Step one reading'), 'Start here.'), [community.id]);
  const second = await seedContent(doc(uid('Step two reading'), 'Then this.'), [community.id]);
  const token = await adminToken(page);
  const created = await page.request.post('/api/programs', {
    headers: { Authorization: `Bearer ${token}` },
    data: { title: uid('Two readings'), status: 'published', sequential: true, steps: [{ contentId: first.id }, { contentId: second.id }] },
  });
  expect(created.status()).toBe(201);
  const program = (await created.json()) as { id: string; title: string };
  expect((await page.request.put(`/api/programs/${program.id}/assignments`, { headers: { Authorization: `Bearer ${token}` }, data: { communityIds: [community.id] } })).status()).toBe(200);

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
  const learner = await context.newPage();
  await signIn(learner, member.email, member.password, `/programs/${program.id}`);
  await learner.getByTestId('next-step-link').click();
  await expect(learner).toHaveURL(new RegExp(`/library/${first.id}\\?program=${program.id}$`));
  await expect(learner.getByTestId('step-bar')).toContainText(`Step 1 of 2 in “${program.title}”`);
  await learner.getByRole('button', { name: 'Mark complete' }).click();
  const done = learner.getByTestId('step-done');
  await expect(done).toContainText('Step 1 of 2 done');
  await settled(learner);
  await shoot(learner, 'walk-step-done', async () => {
    await expect(done).toBeVisible();
  });
  await done.getByTestId('step-bar-next').click();
  await expect(learner).toHaveURL(new RegExp(`/library/${second.id}\\?program=${program.id}$`));
  await learner.getByRole('button', { name: 'Mark complete' }).click();
  const complete = learner.getByTestId('program-complete');
  await expect(complete).toContainText(`You completed “${program.title}”`);
  await expect(complete.getByTestId('certificate-download')).toBeVisible({ timeout: 15_000 });
  await settled(learner);
  await shoot(learner, 'walk-program-complete', async () => {
    await expect(complete.getByTestId('certificate-download')).toBeVisible();
  });
  await context.close();
});

test('a cited uploaded file opens at the cited passage for the member, and not for another community', async ({ page, adminApi, browser }) => {
  test.setTimeout(180_000);
  const community = await adminApi.createCommunity(uid('Citadel'));
  const member = await adminApi.createUser({ displayName: 'Cora Citer', communityIds: [community.id] });
  const outsider = await adminApi.createUser({ displayName: 'Otto Outsider', communityIds: [(await adminApi.createCommunity(uid('Elsewhere'))).id] });
  const token = await adminToken(page);
  const upload = await page.request.post('/api/knowledge/files', {
    headers: { Authorization: `Bearer ${token}` },
    multipart: { file: { name: 'travel-policy.txt', mimeType: 'text/plain', buffer: Buffer.from('Travel policy.\n\nBook trains for trips under four hours. Hotels may cost up to 120 euros a night.') } },
  });
  expect(upload.status(), await upload.text()).toBe(201);
  const fileId = ((await upload.json()) as { file: { id: string } }).file.id;
  await expect
    .poll(async () => ((await (await page.request.get(`/api/knowledge/files/${fileId}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { file: { status: string } }).file.status, { timeout: 30_000 })
    .toBe('ready');
  const agent = await seedContent(
    { kind: 'agent', title: uid('Travel desk'), description: 'Answers travel questions.', details: { systemPrompt: 'You answer travel policy questions.', knowledge: { contentIds: [], fileIds: [fileId], strict: false } } },
    [community.id],
  );

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
  const learner = await context.newPage();
  await signIn(learner, member.email, member.password, `/sandbox?agent=${agent.id}`);
  const box = learner.getByRole('textbox', { name: 'Message' });
  await box.fill('How much may a hotel cost a night?');
  await box.press('Enter');
  const answer = learner.locator('[data-testid="message"][data-role="assistant"]').first();
  await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
  await answer.getByTestId('citations').getByRole('button', { name: 'travel-policy.txt' }).click();
  const drawer = learner.getByRole('dialog');
  await expect(drawer.getByRole('region', { name: 'Cited passage' })).toContainText('120 euros');
  await shoot(learner, 'walk-cited-file', async () => {
    await expect(drawer.getByRole('region', { name: 'Cited passage' })).toBeVisible();
  });
  await context.close();

  // Someone who cannot use the agent gets the generic 404, as for an id that does not exist.
  const login = await page.request.post('/api/auth/login', { data: { email: outsider.email, password: outsider.password } });
  const outsiderToken = ((await login.json()) as { accessToken: string }).accessToken;
  const refused = await page.request.get(`/api/knowledge/files/${fileId}/passages`, { headers: { Authorization: `Bearer ${outsiderToken}` } });
  expect(refused.status()).toBe(404);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('not_found');
});
