import type { Locator } from '@playwright/test';
import { DEMO_PASSWORD } from '../server/cli/demo-data.js';
import { ContentApi } from './content-fixtures.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, AdminApi, expect, screenshotPath, signIn, test, uid } from './fixtures.js';
import { settled, shootAtBothWidths, sidewaysOverflow } from './layout.js';

/**
 * Every main page of each role on a 390 × 844 phone, in English and Spanish (the longer labels):
 * nothing pushes the document sideways. Wide content (tables, code) scrolls inside its own area.
 * Full-page screenshots land in e2e/screenshots/phone-*.png for a person to look at.
 */
const PHONE = { width: 390, height: 844 };
const LONG = { timeout: 30_000 };

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

/** The right edge of the furthest-reaching thing inside `area`, scrolled-away content included. */
function furthestRight(area: Locator): Promise<number> {
  return area.evaluate((root) => {
    let right = 0;
    for (const el of [root, ...Array.from(root.querySelectorAll('*'))]) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.height > 0) right = Math.max(right, box.right);
    }
    return right;
  });
}

async function northwindId(api: AdminApi): Promise<string> {
  const { body } = await api.send('GET', '/api/communities?q=Northwind');
  const northwind = (body as { items: { id: string; name: string }[] }).items.find((c) => c.name === 'Northwind Logistics');
  if (!northwind) throw new Error('The demo data has no Northwind Logistics community.');
  return northwind.id;
}

/** Issue 25's phone findings, each pinned by what the walk-through measured at 390 px. */
test.describe('phone fixes (issue 25)', () => {
  test.use({ viewport: PHONE });

  test('a rubric criterion’s name is edited in a usable input', async ({ page }) => {
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/content/exercises/new');
    await settled(page);
    const name = page.getByRole('textbox', { name: 'Criterion 1' });
    // Was about 60 px: the weight and the buttons shared its row.
    await expect.poll(async () => (await name.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(200);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  });

  test('the step picker shows a long title whole', async ({ page }) => {
    const content = await ContentApi.create();
    const title = uid('Summarise a customer complaint for the support lead, with order numbers quoted exactly');
    await content.createContent({ kind: 'agent', title, description: 'A long title for the phone.', details: { systemPrompt: 'You help.' } });
    await content.dispose();
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/programs/new');
    await settled(page);
    const picker = page.getByTestId('step-picker');
    await picker.getByRole('textbox', { name: 'Search content to add' }).fill(title);
    const shown = picker.getByTestId('picker-result').getByText(title, { exact: true });
    await expect(shown).toBeVisible({ timeout: 20_000 });
    // Not clamped to a line (or any number of lines): nothing of the title is cut off.
    const cut = await shown.evaluate((el) => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1);
    expect(cut).toBe(false);
    const box = await shown.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  });

  test('the people import result shows each refused row’s reason', async ({ page }) => {
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/users/import');
    await settled(page);
    await page.getByText('Paste CSV').click();
    await page.getByRole('textbox', { name: 'CSV' }).fill('email,display name\nnot-an-email,Sofía Núñez\n');
    await page.getByRole('button', { name: 'Preview' }).click();
    const reason = page.getByRole('table', { name: /results/i }).getByText('not a valid email address').filter({ visible: true });
    await expect(reason).toBeVisible({ timeout: 30_000 });
    const box = await reason.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  });

  test('the manager’s members panel fits the phone without a sideways-scrolling table', async ({ page }) => {
    await signIn(page, ACCOUNTS.manager.email, ACCOUNTS.manager.password, '/dashboard');
    await settled(page);
    const panel = page.getByTestId('members-panel');
    await expect(panel.getByTestId('member-card').first()).toBeVisible(LONG);
    const width = (await panel.boundingBox())?.width ?? 0;
    const left = (await panel.boundingBox())?.x ?? 0;
    // Was a 900 px table scrolling inside a 316 px panel: now nothing in the panel reaches past its edge.
    expect(await furthestRight(panel)).toBeLessThanOrEqual(left + width + 1);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('phone-manager-members-390') });
  });

  test('the learner’s practice chat sits right under the final answer', async ({ page }) => {
    const api = await AdminApi.create();
    const learner = await api.createUser({ communityIds: [await northwindId(api)] });
    await api.dispose();
    await signIn(page, learner.email, learner.password, '/exercises');
    await settled(page);
    await page.getByTestId('exercise-card').filter({ hasText: 'Workout: Summarise a Customer Complaint' }).getByRole('link', { name: 'Practise' }).click();
    await page.getByRole('button', { name: 'Start attempt' }).click();
    const practice = page.getByTestId('practice');
    await expect(practice.getByRole('textbox', { name: 'Message' })).toBeVisible(LONG);
    const answer = await page.getByRole('textbox', { name: 'Your final answer' }).boundingBox();
    const chat = await practice.boundingBox();
    if (!answer || !chat) throw new Error('The answer box or the practice chat is not drawn.');
    // Was about 1,200 px below it (after the attempt history); now only the submit row lies between.
    expect(chat.y - (answer.y + answer.height)).toBeLessThanOrEqual(160);
    expect(chat.y).toBeGreaterThan(answer.y);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await shootAtBothWidths(page, 'workout-practice');
  });
});
