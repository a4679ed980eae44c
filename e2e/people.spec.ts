import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, screenshotPath, signIn, test } from './fixtures.js';

/** The users list says who belongs where: communities, community role, filters and sort. */
test('the users list shows communities and managers, filters by community and role, and sorts by name', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/users');
  const table = page.getByRole('table', { name: 'Users' });
  const maria = table.getByTestId('user-row-manager@northwind.example');
  await expect(maria).toBeVisible({ timeout: 30_000 });
  await expect(maria.getByTestId('manager-badge')).toHaveText('Manager');
  await expect(maria.getByTestId('user-communities')).toContainText('Northwind Logistics (manager)');
  const ana = table.getByTestId('user-row-ana@northwind.example');
  await expect(ana.getByTestId('user-communities')).toHaveText('Northwind Logistics');
  await expect(ana.getByTestId('manager-badge')).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('people-1440'), fullPage: true });

  await page.getByRole('combobox', { name: 'Filter by community', exact: true }).click();
  await page.getByRole('option', { name: 'Northwind Logistics' }).click();
  await page.getByRole('combobox', { name: 'Filter by community role' }).click();
  await page.getByRole('option', { name: 'Managers' }).click();
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table.getByTestId('user-row-manager@northwind.example')).toBeVisible();

  await page.getByRole('combobox', { name: 'Filter by community role' }).click();
  await page.getByRole('option', { name: 'Community members' }).click();
  await expect(table.getByTestId('user-row-ana@northwind.example')).toBeVisible();
  await expect(table.getByTestId('user-row-manager@northwind.example')).toHaveCount(0);
  await expect(table.getByTestId('user-row-priya@contoso.example')).toHaveCount(0);

  await page.getByRole('combobox', { name: 'Sort users' }).click();
  await page.getByRole('option', { name: 'Name A–Z' }).click();
  await expect(table.getByRole('row').nth(1)).toHaveAttribute('data-testid', 'user-row-ana@northwind.example');
  const names = await table.locator('tbody tr td:first-child a').allTextContents();
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));

  await page.setViewportSize({ width: 390, height: 900 });
  await page.screenshot({ path: screenshotPath('people-390'), fullPage: true });
});
