import { expect, signIn, test } from './fixtures.js';
import { seriousViolations } from './axe.js';
import { LOADED, shootAtBothWidths } from './layout.js';

/**
 * Issue 25: a chunk that fails to load (a 429 from a proxy, a deploy that removed it, a dropped
 * connection) showed a blank white page. Now: an error screen with a reload button.
 */
test.describe('a chunk that fails to load', () => {
  test('opening a page whose code cannot be fetched shows the error screen, and Reload brings the page back', async ({ page, member }) => {
    let block = true;
    await page.route(/\/assets\/library-page-[\w-]+\.js$/, (route) => (block ? route.fulfill({ status: 429, body: 'Too many requests' }) : route.continue()));
    await signIn(page, member.email, member.password, '/library');
    const screen = page.getByTestId('error-screen');
    await expect(screen).toBeVisible(LOADED);
    await expect(screen).toContainText('Part of this page could not be loaded');
    await shootAtBothWidths(page, 'chunk-error');
    expect(await seriousViolations(page)).toEqual([]);
    block = false;
    await screen.getByRole('button', { name: 'Reload' }).click();
    await expect(page.getByTestId('error-screen')).toHaveCount(0);
    await expect(page.getByRole('main')).toBeVisible();
  });

  test('a shared chunk or its styles failing on a client-side navigation shows the error screen, not a blank page', async ({ page, member }) => {
    await signIn(page, member.email, member.password, '/dashboard');
    await expect(page.getByTestId('dashboard-title')).toBeVisible(LOADED);
    await page.route(/\/assets\/(sandbox-page|chat|markdown)-[\w-]+\.(js|css)$/, (route) => route.abort('connectionreset'));
    await page.getByRole('navigation', { name: 'Main navigation' }).getByText('Sandbox').click();
    await expect(page.getByTestId('error-screen')).toContainText('Part of this page could not be loaded');
    await expect(page.getByRole('button', { name: 'Reload' })).toBeVisible();
  });
});
