import { request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test';
import type { SessionResponse } from '../contracts/auth.js';
import type { Flag } from '../contracts/flags.js';
import { E2E_BASE_URL } from './e2e-env.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, screenshotPath, signIn, test, uid } from './fixtures.js';

/** A signed-in API client of its own (not the browser's session), for set-up, checks and clean-up. */
async function apiAs(email: string, password: string): Promise<{ ctx: APIRequestContext; auth: { Authorization: string } }> {
  const ctx = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL });
  const res = await ctx.post('/api/auth/login', { data: { email, password } });
  expect(res.status(), `sign in ${email}: ${await res.text()}`).toBe(200);
  const session = (await res.json()) as SessionResponse;
  return { ctx, auth: { Authorization: `Bearer ${session.accessToken}` } };
}

async function getFlag(api: { ctx: APIRequestContext; auth: { Authorization: string } }, key: string): Promise<Flag> {
  const res = await api.ctx.get('/api/flags', { headers: api.auth });
  expect(res.status()).toBe(200);
  const flag = ((await res.json()) as { items: Flag[] }).items.find((f) => f.key === key);
  if (!flag) throw new Error(`No ${key} flag on the server.`);
  return flag;
}

/** Wait for the PATCH a control sends, so the next step sees the server's new state. */
function flagPatch(page: Page, key: string) {
  return page.waitForResponse(
    (r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname === `/api/flags/${key}`,
  );
}

test.describe('operations', () => {
  test('switching the sandbox flag off in the admin page hides the sandbox and makes its API answer 404 without a restart; switching it on brings it back', async ({
    page,
    browser,
    member,
  }) => {
    const admin = await apiAs(ADMIN_EMAIL, ADMIN_PASSWORD);
    const original = await getFlag(admin, 'sandbox');
    const memberContext = await browser.newContext();
    let memberApi: Awaited<ReturnType<typeof apiAs>> | null = null;
    const digestKey = `weekly_digest_${Date.now().toString(36)}`;
    try {
      // Start from "on for everyone", whatever an earlier run left behind.
      if (!original.enabled || original.rolloutPercentage !== 100 || original.communityIds.length > 0) {
        const res = await admin.ctx.patch('/api/flags/sandbox', {
          headers: admin.auth,
          data: { enabled: true, rolloutPercentage: 100, communityIds: [] },
        });
        expect(res.status()).toBe(200);
      }

      // A second, targeted flag, so the page shows a partial rollout to a community as well.
      const pilot = await admin.ctx.post('/api/communities', {
        headers: admin.auth,
        data: { name: `Acme Pilot ${Date.now().toString(36).slice(-4)}`, description: 'Early adopters.' },
      });
      expect(pilot.status(), await pilot.text()).toBe(201);
      const seeded = await admin.ctx.post('/api/flags', {
        headers: admin.auth,
        data: {
          key: digestKey,
          description: 'Weekly email digest of new content in a member’s communities.',
          enabled: true,
          rolloutPercentage: 25,
          communityIds: [((await pilot.json()) as { id: string }).id],
        },
      });
      expect(seeded.status(), await seeded.text()).toBe(201);

      memberApi = await apiAs(member.email, member.password);
      const memberPage = await memberContext.newPage();
      await signIn(memberPage, member.email, member.password, '/dashboard');
      const memberNav = memberPage.getByRole('navigation', { name: 'Main navigation' });
      await expect(memberNav.getByRole('link', { name: 'Sandbox' })).toBeVisible();
      expect((await memberApi.ctx.get('/api/conversations', { headers: memberApi.auth })).status()).toBe(200);

      // The admin switches the sandbox off.
      await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/flags');
      await expect(page.getByRole('heading', { name: 'Feature flags' })).toBeVisible();
      const row = page.getByTestId('flag-row-sandbox');
      const toggle = row.getByRole('switch', { name: 'Enable sandbox' });
      await expect(toggle).toBeChecked();
      await expect(row.getByTestId('flag-reach-sandbox')).toHaveText('On for everyone');
      // Developer controls wait behind "Advanced"; switching a member feature off first says who loses it.
      await expect(page.getByRole('columnheader', { name: 'Rollout' })).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'New flag' })).toHaveCount(0);
      await toggle.press('Space');
      const confirm = page.getByRole('dialog', { name: 'Switch off AI Sandbox and Prompt Lab?' });
      await expect(confirm.getByTestId('flag-switch-off-impact')).toHaveText(/^Members of all \d+ communities will no longer see the AI Sandbox and Prompt Lab\.$/);
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await expect(confirm).toHaveCount(0);
      await expect(toggle).toBeChecked();
      await expect(toggle).toBeFocused();
      await toggle.press('Space');
      const off = flagPatch(page, 'sandbox');
      await page.getByRole('dialog').getByRole('button', { name: 'Switch off' }).click();
      expect((await off).status()).toBe(200);
      await expect(toggle).not.toBeChecked();
      await expect(row.getByTestId('flag-reach-sandbox')).toHaveText('Off for everyone');
      await expect(page.getByText('AI Sandbox and Prompt Lab is now off.')).toBeVisible();

      // The member, already signed in, reloads: no Sandbox in the navigation, a clear page, 404 from the API.
      await memberPage.reload();
      await expect(memberNav.getByRole('link', { name: 'Dashboard' })).toBeVisible();
      await expect(memberNav.getByRole('link', { name: 'Sandbox' })).toHaveCount(0);
      await memberPage.goto('/sandbox');
      await expect(memberPage.getByTestId('feature-unavailable')).toBeVisible();
      await expect(memberPage.getByText('AI Sandbox and Prompt Lab is not available to you right now')).toBeVisible();
      await memberPage.screenshot({ path: screenshotPath('feature-unavailable-1440'), fullPage: true });
      await memberPage.goto('/lab');
      await expect(memberPage.getByTestId('feature-unavailable')).toBeVisible();
      expect((await memberApi.ctx.get('/api/conversations', { headers: memberApi.auth })).status()).toBe(404);

      // And back on.
      const on = flagPatch(page, 'sandbox');
      await toggle.press('Space');
      expect((await on).status()).toBe(200);
      await expect(toggle).toBeChecked();
      await expect(page.getByText('AI Sandbox and Prompt Lab is now on.')).toBeVisible();

      await memberPage.reload();
      await expect(memberNav.getByRole('link', { name: 'Sandbox' })).toBeVisible();
      await expect(memberPage.getByTestId('feature-unavailable')).toHaveCount(0);
      expect((await memberApi.ctx.get('/api/conversations', { headers: memberApi.auth })).status()).toBe(200);

      await toggle.blur();
      await expect(page.getByTestId(`flag-reach-${digestKey}`)).toHaveText('On for 25% of members of 1 community');
      await page.getByRole('button', { name: 'Advanced' }).click();
      await expect(page.getByRole('columnheader', { name: 'Rollout' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'New flag' })).toBeVisible();
      await expect(page.locator('.mantine-Notification-root')).toHaveCount(0, { timeout: 10_000 });
      await page.screenshot({ path: screenshotPath('flags'), fullPage: true });

      // The audit log has both changes, newest first, each with a readable before/after.
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Audit' }).click();
      await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
      await page.getByRole('combobox', { name: 'Action' }).fill('flag.update');
      await page.keyboard.press('Escape');
      const updates = page.locator('[data-testid^="audit-row-"][data-action="flag.update"]');
      await expect(page.locator('[data-testid^="audit-row-"]').first()).toHaveAttribute('data-action', 'flag.update');
      await expect(updates.nth(1)).toBeVisible();
      await expect(updates.first().getByTestId('audit-sentence')).toHaveText('Administrator changed the flag “sandbox”');

      await updates.nth(1).getByRole('button', { name: 'Show changes of flag.update' }).click();
      const offDetails = page.locator('[data-testid^="audit-details-"]').first();
      const enabledOff = offDetails.getByTestId('diff-enabled');
      await expect(enabledOff).toContainText('Changed');
      await expect(enabledOff.locator('[data-tone="old"]')).toHaveText('true');
      await expect(enabledOff.locator('[data-tone="new"]')).toHaveText('false');
      await expect(offDetails.getByTestId('diff-key')).toHaveCount(0);
      await offDetails.getByRole('button', { name: /unchanged fields/ }).click();
      await expect(offDetails.getByRole('table', { name: 'Unchanged fields' })).toContainText('rolloutPercentage');

      await updates.nth(0).getByRole('button', { name: 'Show changes of flag.update' }).click();
      const onDetails = page.locator('[data-testid^="audit-details-"]').first();
      await expect(onDetails.getByTestId('diff-enabled').locator('[data-tone="old"]')).toHaveText('false');
      await expect(onDetails.getByTestId('diff-enabled').locator('[data-tone="new"]')).toHaveText('true');
      // Only the older entry stays open for the picture.
      await updates.nth(0).getByRole('button', { name: 'Hide changes of flag.update' }).click();
      await expect(page.locator('[data-testid^="audit-details-"]')).toHaveCount(1);
      await page.screenshot({ path: screenshotPath('audit'), fullPage: true });
    } finally {
      // Other specs share this server: the sandbox is on again whatever happened above.
      const res = await admin.ctx.patch('/api/flags/sandbox', {
        headers: admin.auth,
        data: { enabled: true, rolloutPercentage: original.rolloutPercentage || 100, communityIds: original.communityIds },
      });
      expect(res.status(), `restore sandbox flag: ${await res.text()}`).toBe(200);
      await admin.ctx.delete(`/api/flags/${digestKey}`, { headers: admin.auth });
      await memberContext.close();
      await memberApi?.ctx.dispose();
      await admin.ctx.dispose();
    }
  });

  test('an admin creates, targets and deletes a flag; a taken key shows the server’s message and a failed switch rolls back', async ({
    page,
    adminApi,
  }) => {
    const community = await adminApi.createCommunity(`Pilot ${uid('c')}`);
    const key = `beta_${Date.now().toString(36)}`;
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/flags');
    await expect(page.getByTestId('flag-row-sandbox')).toBeVisible();

    // Client-side validation mirrors the contract. Creating flags is a developer's task, under "Advanced".
    await page.getByRole('button', { name: 'Advanced' }).click();
    await page.getByRole('button', { name: 'New flag' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: /^Key/ }).fill('Bad Key');
    await dialog.getByRole('button', { name: 'Create flag' }).click();
    await expect(dialog.getByText(/Use 2–63 lower-case letters/)).toBeVisible();

    await dialog.getByRole('textbox', { name: /^Key/ }).fill(key);
    await dialog.getByRole('textbox', { name: 'Description' }).fill('A new dashboard for the pilot community.');
    await dialog.getByRole('textbox', { name: 'Rollout' }).fill('50');
    await dialog.getByRole('button', { name: 'Create flag' }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByTestId(`flag-row-${key}`);
    await expect(row).toContainText('A new dashboard for the pilot community.');
    await expect(row.getByRole('switch', { name: `Enable ${key}` })).not.toBeChecked();
    await expect(row).toContainText('50%');

    // The same key again: the server's 409 message lands on the key field.
    await page.getByRole('button', { name: 'New flag' }).click();
    await dialog.getByRole('textbox', { name: /^Key/ }).fill(key);
    await dialog.getByRole('button', { name: 'Create flag' }).click();
    await expect(dialog.getByText('A flag with that key already exists.')).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();

    // Target a community.
    const patched = flagPatch(page, key);
    await row.getByLabel(`Communities for ${key}`).click();
    await page.getByRole('option', { name: community.name }).click();
    expect((await patched).status()).toBe(200);
    await page.keyboard.press('Escape');
    await expect(row.getByTestId(`flag-reach-${key}`)).toHaveText('Off for everyone');

    // A switch the server refuses goes back, with an explanation.
    await page.route(`**/api/flags/${key}`, (route) =>
      route.request().method() === 'PATCH'
        ? route.fulfill({
            status: 500,
            contentType: 'application/json',
            body: JSON.stringify({ error: { code: 'internal', message: 'Something went wrong on our side.', requestId: 'req-test' } }),
          })
        : route.fallback(),
    );
    const toggle = row.getByRole('switch', { name: `Enable ${key}` });
    await toggle.press('Space');
    await expect(page.getByText(`${key} was not changed`)).toBeVisible();
    await expect(toggle).not.toBeChecked();
    await page.unroute(`**/api/flags/${key}`);

    const on = flagPatch(page, key);
    await toggle.press('Space');
    expect((await on).status()).toBe(200);
    await expect(row.getByTestId(`flag-reach-${key}`)).toHaveText('On for 50% of members of 1 community');

    // Delete, after confirming.
    await row.getByRole('button', { name: `Actions for ${key}` }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete flag' }).click();
    await expect(page.getByTestId(`flag-row-${key}`)).toHaveCount(0);
  });
});
