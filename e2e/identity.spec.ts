import type { Page } from '@playwright/test';
import { startTestSamlIdp, type TestSamlIdp } from '../server/test/saml-idp.js';
import { seriousViolations } from './axe.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, screenshotPath, signIn, test, uid } from './fixtures.js';
import { shootAtBothWidths } from './layout.js';

/**
 * Identity lifecycle (issue 30): an admin sets up a community's SAML sign-in and provisioning token
 * on the community page, and a person signs in through a real SAML round trip — the local identity
 * provider (server/test/saml-idp.ts, signing with node-saml's own code) shows its form and posts a
 * signed assertion back. Screenshots at 1440 and 390 wide, in English and Spanish; axe clean.
 */

let idp: TestSamlIdp;

test.beforeAll(async () => {
  idp = await startTestSamlIdp();
});
test.afterAll(async () => {
  await idp.close();
});

async function expectAccessible(page: Page, what: string): Promise<void> {
  expect(await seriousViolations(page), what).toEqual([]);
}

/** The whole page (from the top, nothing focused, so the fixed header stays where it belongs), then the two cards on a phone. */
async function shootCards(page: Page, name: string): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as { scrollTo(x: number, y: number): void; document: { activeElement: { blur?: () => void } | null } };
    g.document.activeElement?.blur?.();
    g.scrollTo(0, 0);
  });
  await shootAtBothWidths(page, name);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('saml-settings').screenshot({ path: screenshotPath(`${name}-saml-card-390`) });
  await page.getByTestId('scim-settings').screenshot({ path: screenshotPath(`${name}-scim-card-390`) });
  await page.setViewportSize({ width: 1440, height: 900 });
}

test.describe('identity lifecycle, in English', () => {
  test('an admin sets up SAML and a provisioning token; a person then signs in through the identity provider', async ({ page, adminApi, browser }) => {
    test.setTimeout(120_000);
    const community = await adminApi.createCommunity(uid('Woodgrove SAML'));
    const domain = `${uid('saml').toLowerCase()}.example`;
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, `/admin/communities/${community.id}`);

    const saml = page.getByTestId('saml-settings');
    await expect(saml.getByText('Values for your identity provider')).toBeVisible({ timeout: 30_000 });
    await expect(saml.getByText(`/api/auth/saml/${community.id}/acs`)).toBeVisible();
    await saml.getByLabel('Identity provider metadata (XML)').fill(idp.metadataXml);
    await saml.getByLabel('Email domains').fill(domain);
    await saml.getByLabel('Email domains').press('Enter');
    await saml.getByRole('button', { name: 'Save SAML sign-in' }).click();
    await expect(saml.getByTestId('saml-idp')).toContainText(idp.entityId);
    await expect(saml.getByText('On', { exact: true })).toBeVisible();
    await expect(saml.getByRole('link', { name: 'Test sign-in' })).toHaveAttribute('href', new RegExp(`/api/auth/saml/${community.id}/start$`));

    const scim = page.getByTestId('scim-settings');
    await expect(scim.getByText('No sync yet.')).toBeVisible();
    await scim.getByRole('button', { name: 'Create token' }).click();
    await expect(scim.getByTestId('scim-token')).toContainText('scim_');
    await expect(scim.getByRole('button', { name: 'Copy token' })).toBeVisible();
    await expect(scim.getByRole('button', { name: 'Replace token' })).toBeVisible();
    await saml.scrollIntoViewIfNeeded();
    await expectAccessible(page, 'community page with SAML and provisioning');
    await shootCards(page, 'identity-settings');

    // A person of that organisation, in a browser of their own: the test sign-in link's round trip.
    const context = await browser.newContext({ reducedMotion: 'reduce' });
    const person = await context.newPage();
    try {
      await person.goto(`/api/auth/saml/${community.id}/start`);
      await expect(person).toHaveURL(new RegExp(`^${idp.ssoUrl}\\?SAMLRequest=`));
      await person.getByLabel('Email').fill(`lena@${domain}`);
      await person.getByRole('button', { name: 'Sign in at the identity provider' }).click();
      await expect(person).toHaveURL(/\/dashboard$/, { timeout: 30_000 });
      await expect(person.getByTestId('dashboard-title')).toContainText('lena', { timeout: 30_000 });
      await expect(person.getByTestId('my-communities')).toContainText(community.name);
    } finally {
      await context.close();
    }
  });

  test('a replayed or forged SAML answer comes back to the sign-in page with a clear message', async ({ page }) => {
    await page.goto('/login');
    const community = '00000000-0000-4000-8000-000000000000';
    // A form post as an identity provider makes it, to a community with no SAML set up.
    await page.evaluate((id) => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = `/api/auth/saml/${id}/acs`;
      const input = document.createElement('input');
      input.name = 'SAMLResponse';
      input.value = 'PGZvcmdlZC8+';
      form.append(input);
      document.body.append(form);
      form.submit();
    }, community);
    await expect(page).toHaveURL(/\/login\?ssoError=sso_not_configured$/);
    await expect(page.getByRole('alert')).toBeVisible();
  });
});

test.describe('identity lifecycle, in Spanish', () => {
  test.use({ locale: 'es-ES' });

  test('the SAML and provisioning cards read in Spanish', async ({ page, adminApi }) => {
    const community = await adminApi.createCommunity(uid('Woodgrove ES'));
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, `/admin/communities/${community.id}`);
    const saml = page.getByTestId('saml-settings');
    await expect(saml.getByText('Valores para tu proveedor de identidad')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('scim-settings').getByRole('button', { name: 'Crear token' })).toBeVisible();
    await saml.scrollIntoViewIfNeeded();
    await expectAccessible(page, 'community page in Spanish');
    await shootCards(page, 'identity-settings-es');
  });
});
