import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, screenshotPath, signIn, test } from './fixtures.js';

/**
 * The admin lists built on the shared list kit, at desktop and phone width: a table that never
 * scrolls sideways on a phone (secondary columns step aside), row actions reachable, and the
 * skip link first in the tab order.
 */
const pages = [
  { path: '/admin/users', table: 'Users', name: 'list-users' },
  { path: '/admin/communities', table: 'Communities', name: 'list-communities' },
  { path: '/admin/content/videos', table: 'Videos', name: 'list-content-videos' },
  { path: '/admin/flags', table: 'Feature flags', name: 'list-flags' },
  { path: '/admin/audit', table: 'Audit log', name: 'list-audit' },
];

for (const width of [1440, 390]) {
  test(`admin lists fit a ${width} px screen without sideways scrolling`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/dashboard');
    for (const { path, table, name } of pages) {
      await page.goto(path);
      const grid = page.getByRole('table', { name: table });
      // A busy machine may take a while for the first page of rows.
      await expect(grid).toBeVisible({ timeout: 30_000 });
      await expect(grid.getByRole('row').nth(1)).toBeVisible({ timeout: 30_000 });
      const overflow = await page.evaluate(() => {
        const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
        return root.scrollWidth - root.clientWidth;
      });
      expect(overflow, `${path} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
      const tableOverflow = await grid.evaluate((el) => el.scrollWidth - (el.parentElement?.clientWidth ?? el.clientWidth));
      expect(tableOverflow, `${path} table is wider than its card at ${width} px`).toBeLessThanOrEqual(1);
      await page.screenshot({ path: screenshotPath(`${name}-${width}`), fullPage: true });
    }
  });
}

test('the skip link is the first stop for the keyboard and moves focus to the page', async ({ page }) => {
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/users');
  await expect(page.getByRole('table', { name: 'Users' })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main-content')).toBeFocused();
});

test('focus returns to the row menu button when its menu closes with Escape', async ({ page }) => {
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/users');
  const row = page.getByTestId('user-row-ana@northwind.example');
  await expect(row).toBeVisible({ timeout: 30_000 });
  const menuButton = row.getByRole('button', { name: 'Actions for ana@northwind.example' });

  // A row menu closed with Escape.
  await menuButton.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Delete' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(menuButton).toBeFocused();
});

// A dialog mounted only while open ("Add person") gives focus back when it closes (Dialog).
test('focus returns to the page button after the dialog it opened closes with Escape', async ({ page }) => {
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/users');
  const add = page.getByRole('button', { name: 'Add person' });
  await add.click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(add).toBeFocused();
});

// The menu item that opened the dialog is gone once the menu closed: focus goes to the row's menu
// button (RowActions), for a dialog that stays mounted (Delete) and one mounted while open (Edit).
test('focus returns to the row menu button after a dialog opened from the menu closes', async ({ page }) => {
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/users');
  const menuButton = page.getByTestId('user-row-ana@northwind.example').getByRole('button', { name: 'Actions for ana@northwind.example' });
  await menuButton.click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(menuButton).toBeFocused();
});

test('focus returns to the row menu button after an edit dialog mounted from the menu closes with Escape', async ({ page }) => {
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/communities');
  const grid = page.getByRole('table', { name: 'Communities' });
  await expect(grid.getByRole('row').nth(1)).toBeVisible({ timeout: 30_000 });
  const menuButton = grid.getByRole('button', { name: /^Actions for / }).first();
  await menuButton.click();
  await page.getByRole('menuitem', { name: 'Edit' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(menuButton).toBeFocused();
});
