import type { Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../server/cli/demo-data.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, signIn, test } from './fixtures.js';
import { seriousViolations } from './axe.js';
import { settled } from './layout.js';

/**
 * axe-core on every route, for each role, in both colour schemes: no serious or critical violation
 * (WCAG 2.2 A/AA, which includes text contrast). Pages are checked once loaded: no loader left.
 */

async function check(page: Page, path: string, scheme: 'light' | 'dark'): Promise<void> {
  await page.goto(path);
  await settled(page);
  // Soft: one run lists every page's violations, not just the first.
  expect.soft(await seriousViolations(page), `${path} (${scheme})`).toEqual([]);
}

const schemes = ['light', 'dark'] as const;

for (const scheme of schemes) {
  test.describe(`accessibility (${scheme})`, () => {
    test.use({ colorScheme: scheme });
    test.beforeEach(async ({ page }) => {
      await page.addInitScript((value) => {
        (globalThis as unknown as { localStorage: { setItem(key: string, value: string): void } }).localStorage.setItem('mantine-color-scheme-value', value);
      }, scheme);
    });

    test(`signed-out pages have no serious or critical violations (${scheme})`, async ({ page }) => {
      test.setTimeout(120_000);
      for (const path of ['/login', '/forgot-password', '/reset-password?token=not-a-real-token', '/no-such-page']) await check(page, path, scheme);
    });

    test(`an admin's pages have no serious or critical violations (${scheme})`, async ({ page }) => {
      test.setTimeout(240_000);
      await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
      for (const path of [
        '/dashboard',
        '/admin/content/agents',
        '/admin/content/videos/new',
        '/admin/communities',
        '/admin/users',
        '/admin/users/import',
        '/admin/flags',
        '/admin/audit',
        '/admin/ai',
        '/admin/errors',
        '/exercises',
      ]) {
        await check(page, path, scheme);
      }
    });

    test(`a manager's and a member's pages have no serious or critical violations (${scheme})`, async ({ page }) => {
      test.setTimeout(180_000);
      await signIn(page, 'manager@northwind.example', DEMO_PASSWORD);
      for (const path of ['/dashboard', '/library', '/sandbox', '/lab', '/exercises']) await check(page, path, scheme);
      await page.context().clearCookies();
      await signIn(page, 'ana@northwind.example', DEMO_PASSWORD);
      for (const path of ['/dashboard', '/library', '/sandbox', '/lab', '/exercises']) await check(page, path, scheme);
    });
  });
}
