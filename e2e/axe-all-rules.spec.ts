import type { Page } from '@playwright/test';
import { seriousViolationsAllRules } from './axe.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, AdminApi, expect, signIn, test } from './fixtures.js';
import { settled, shootAtBothWidths } from './layout.js';

/**
 * Issue 25: axe with every rule, experimental ones included (label-content-name-mismatch among
 * them), on every main page and with the dialogs, drawers, menus and toasts a trainer opens.
 * One walk per person collects every finding and fails once, naming each page state: the walk is
 * cheaper than a test per page (one sign-in, no reloads between states).
 */
type Finding = { state: string; violations: Awaited<ReturnType<typeof seriousViolationsAllRules>> };

async function check(page: Page, state: string, found: Finding[]): Promise<void> {
  const violations = await seriousViolationsAllRules(page);
  if (violations.length > 0) {
    found.push({ state, violations });
    // Printed as found, so one run names every state even when a later one times out.
    console.log(JSON.stringify({ state, violations }, null, 1));
  }
}

async function visit(page: Page, path: string, found: Finding[]): Promise<void> {
  await page.goto(path);
  await settled(page);
  await check(page, path, found);
}

test.describe('axe with all rules (experimental included)', () => {
  test('the dashboard, its account menu, and the pages a trainer uses', async ({ page }) => {
    test.setTimeout(180_000);
    const found: Finding[] = [];
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/dashboard');
    await settled(page);
    await check(page, '/dashboard', found);
    await shootAtBothWidths(page, 'all-rules-dashboard');
    await page.getByTestId('user-menu').click();
    await expect(page.getByRole('menu')).toBeVisible();
    await check(page, 'account menu', found);
    await page.keyboard.press('Escape');
    for (const path of ['/library', '/sandbox', '/lab', '/exercises', '/reviews', '/profile', '/admin/content/agents', '/admin/content/exercises/new']) {
      await visit(page, path, found);
    }
    expect(found).toEqual([]);
  });

  test('the admin pages', async ({ page }) => {
    test.setTimeout(180_000);
    const community = await (await AdminApi.create()).createCommunity();
    const found: Finding[] = [];
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/programs');
    await settled(page);
    await check(page, '/admin/programs', found);
    for (const path of [
      '/admin/programs/new',
      `/admin/communities/${community.id}`,
      '/admin/users/import',
      '/admin/flags',
      '/admin/audit',
      '/admin/errors',
      '/admin/no-such-page',
    ]) {
      await visit(page, path, found);
    }
    expect(found).toEqual([]);
  });

  test('dialogs, a toast, and the drawers at phone width', async ({ page }) => {
    test.setTimeout(180_000);
    const found: Finding[] = [];
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/communities');
    await settled(page);
    await check(page, '/admin/communities', found);
    await page.getByRole('button', { name: 'New community' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await check(page, 'new community dialog', found);
    await dialog.getByLabel('Name').fill(`Axe ${Date.now()}`);
    await dialog.getByRole('button', { name: 'Create community' }).click();
    await expect(dialog).toHaveCount(0);
    // Creating a community leaves a toast (its × button named, as every close button); it closes itself.
    const toast = page.locator('.mantine-Notification-root').first();
    await expect(toast).toBeVisible();
    await check(page, 'toast', found);
    await expect(toast).toHaveCount(0);

    await visit(page, '/admin/users', found);
    await page.getByRole('button', { name: 'Add person' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await check(page, 'add person dialog', found);
    await page.keyboard.press('Escape');

    await visit(page, '/admin/ai', found);
    await page.getByRole('button', { name: 'Add connection' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await check(page, 'add connection dialog', found);
    await page.keyboard.press('Escape');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/dashboard');
    await settled(page);
    await page.getByRole('button', { name: 'Toggle navigation' }).click();
    await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
    await check(page, 'navigation drawer (390)', found);
    expect(found).toEqual([]);
  });

  test('a member’s pages', async ({ page }) => {
    const api = await AdminApi.create();
    const community = await api.createCommunity();
    const member = await api.createUser({ communityIds: [community.id] });
    const found: Finding[] = [];
    await signIn(page, member.email, member.password, '/dashboard');
    await settled(page);
    await check(page, 'member /dashboard', found);
    for (const path of ['/library', '/sandbox', '/exercises', '/programs', '/profile']) await visit(page, path, found);
    expect(found).toEqual([]);
  });
});

test('the people import result shows each refused row’s reason at phone width', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/users/import');
  await settled(page);
  await page.getByText('Paste CSV').click();
  await page.getByRole('textbox', { name: 'CSV' }).fill('email;display name\nnot-an-email;Sofía Núñez\n');
  await page.getByRole('button', { name: 'Preview' }).click();
  const results = page.getByRole('table', { name: /results/i });
  // The reason, not the (hidden at this width) reason column: the copy folded under the email.
  const reason = results.getByText('not a valid email address').filter({ visible: true });
  await expect(reason).toBeVisible({ timeout: 30_000 });
  // Within the phone's width, without scrolling the table sideways (the old reason column sat past 390 px).
  const box = await reason.boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
  expect(await seriousViolationsAllRules(page)).toEqual([]);
  await shootAtBothWidths(page, 'import-result');
});
