import { DEMO_PASSWORD } from '../server/cli/demo-data.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, screenshotPath, signIn, test } from './fixtures.js';
import { settled, sidewaysOverflow } from './layout.js';

/**
 * Every main page of each role on a 390 × 844 phone, in English and Spanish (the longer labels):
 * nothing pushes the document sideways. Wide content (tables, code) scrolls inside its own area.
 * Full-page screenshots land in e2e/screenshots/phone-*.png for a person to look at.
 */
const PHONE = { width: 390, height: 844 };

const ROUTES = {
  admin: [
    '/dashboard',
    '/library',
    '/programs',
    '/exercises',
    '/profile',
    '/admin/content/agents',
    '/admin/content/prompts/new',
    '/admin/programs',
    '/admin/communities',
    '/admin/users',
    '/admin/users/import',
    '/admin/flags',
    '/admin/audit',
    '/admin/ai',
    '/admin/errors',
  ],
  manager: ['/dashboard', '/library', '/sandbox', '/programs', '/exercises', '/profile'],
  member: ['/dashboard', '/library', '/sandbox', '/programs', '/exercises', '/profile'],
} as const;

const ACCOUNTS = {
  admin: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
  manager: { email: 'manager@northwind.example', password: DEMO_PASSWORD },
  member: { email: 'ana@northwind.example', password: DEMO_PASSWORD },
} as const;

for (const locale of ['en-US', 'es-ES'] as const) {
  test.describe(`phone layout (${locale})`, () => {
    test.use({ locale, viewport: PHONE });

    for (const role of ['admin', 'manager', 'member'] as const) {
      test(`the ${role}'s pages fit a 390 px phone without sideways scrolling (${locale})`, async ({ page }) => {
        test.setTimeout(300_000);
        await signIn(page, ACCOUNTS[role].email, ACCOUNTS[role].password);
        for (const path of ROUTES[role]) {
          await page.goto(path);
          await settled(page);
          // Soft: one run lists every page that overflows, not just the first.
          await expect.soft.poll(() => sidewaysOverflow(page), { message: `${path} scrolls sideways at 390 px (${role}, ${locale})` }).toBeLessThanOrEqual(0);
          const name = `phone-${role}-${locale.slice(0, 2)}${path.replaceAll('/', '-')}`;
          await page.screenshot({ path: screenshotPath(name), fullPage: true });
        }
      });
    }
  });
}
