import type { Page } from '@playwright/test';
import { generate } from 'otplib';
import { startTestIdentityProvider, type TestIdentityProvider } from '../server/test/oidc-provider.js';
import { E2E_BASE_URL, E2E_PORT } from './e2e-env.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, screenshotPath, signIn, test, uid } from './fixtures.js';
import { seriousViolations } from './axe.js';

/**
 * Sign-in beyond the password (issue 15): a community's own OpenID provider — a real one,
 * oidc-provider, on the next port, with its own login form — and two-factor codes computed with
 * otplib as an authenticator app would. Screenshots at 1440 and 390 wide; axe on every new screen.
 */

let idp: TestIdentityProvider;

test.beforeAll(async () => {
  idp = await startTestIdentityProvider({ port: E2E_PORT + 1, redirectUris: [`${E2E_BASE_URL}/api/auth/sso/callback`] });
});
test.afterAll(async () => {
  await idp.close();
});

async function shots(page: Page, name: string): Promise<void> {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: screenshotPath(`${name}-${width}`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function expectAccessible(page: Page, what: string): Promise<void> {
  expect(await seriousViolations(page), what).toEqual([]);
}

const codeAt = (secret: string, offset = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset * 30 });

test.describe('single sign-on per community', () => {
  test('a person of an organisation with its own sign-in is routed there by email, signs in on the provider’s form and lands on the dashboard as a new member of that community', async ({
    page,
    adminApi,
  }) => {
    const community = await adminApi.createCommunity(uid('Fabrikam SSO'));
    const domain = `${uid('sso').toLowerCase()}.example`;
    const configured = await adminApi.send('PUT', `/api/communities/${community.id}/sso`, {
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      domains: [domain],
    });
    expect(configured.status, JSON.stringify(configured.body)).toBe(200);
    const email = `lena@${domain}`;
    idp.accounts.set(email, { email, email_verified: true, name: 'Lena Provider' });

    await page.goto('/login');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Email').blur();
    const continueButton = page.getByRole('button', { name: "Continue with your organisation's sign-in" });
    await expect(continueButton).toBeVisible();
    await expect(page.getByLabel(/^Password/)).toHaveCount(0);
    await expectAccessible(page, 'login, routed to the organisation');
    await shots(page, 'login-email-step-sso');

    await continueButton.click();
    // The provider's own login form (oidc-provider), on its own origin.
    await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
    await expect(page.locator('input[name="login"]')).toHaveValue(email);
    await page.locator('input[name="password"]').fill('whatever-the-idp-accepts');
    await page.getByRole('button', { name: 'Sign-in' }).click();

    await expect(page).toHaveURL(/\/dashboard$/, { timeout: 30_000 });
    await expect(page.getByTestId('dashboard-title')).toContainText('Lena', { timeout: 30_000 });
    await expect(page.getByTestId('my-communities')).toContainText(community.name);

    // The same one identity: the admin finds her among the users, a member of that community.
    const users = await adminApi.send('GET', `/api/users?q=${encodeURIComponent(email)}`);
    const found = (users.body as { items: Array<{ id: string; email: string; role: string }> }).items;
    expect(found).toEqual([expect.objectContaining({ email, role: 'member' })]);
  });

  test('a refused single sign-on comes back to the sign-in page with a clear message', async ({ page }) => {
    await page.goto('/api/auth/sso/callback?state=not-issued-here&code=x');
    await expect(page).toHaveURL(/\/login\?ssoError=sso_state_invalid$/);
    await expect(page.getByRole('alert')).toContainText('already used or has expired');
  });

  test('admins set up a community’s sign-in on its page; the secret is never shown again', async ({ page, adminApi }) => {
    const community = await adminApi.createCommunity(uid('Contoso SSO'));
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, `/admin/communities/${community.id}`);
    const card = page.getByTestId('sso-settings');
    // A busy machine can take a while to load the admin page's chunks and data.
    await expect(card.getByText('Redirect URI to register at the provider')).toBeVisible({ timeout: 30_000 });
    await card.getByLabel('Issuer URL').fill(idp.issuer);
    await card.getByLabel('Client ID').fill('contoso-portal');
    await card.getByLabel('Client secret').fill('a-very-secret-value');
    const domain = `${uid('contoso').toLowerCase()}.example`;
    await card.getByLabel('Email domains').fill(domain);
    await card.getByLabel('Email domains').press('Enter');
    await card.getByRole('button', { name: 'Save single sign-on' }).click();
    await expect(card.getByText('On', { exact: true })).toBeVisible();
    await expect(card.getByText('A secret is stored (encrypted).')).toBeVisible();
    await expect(card.getByLabel('Client secret')).toHaveValue('');
    await expect(page.getByText('a-very-secret-value')).toHaveCount(0);
    await card.scrollIntoViewIfNeeded();
    await expectAccessible(page, 'community page with SSO settings');
    await shots(page, 'sso-settings');
  });
});

test.describe('two-factor sign-in', () => {
  test('a member with an authenticator signs in with a code from it, and can switch to a recovery code', async ({ page, member }) => {
    // Enrol through the API, as the profile page does.
    const api = page.request;
    const session = await api.post('/api/auth/login', { data: { email: member.email, password: member.password } });
    const { accessToken } = (await session.json()) as { accessToken: string };
    const auth = { Authorization: `Bearer ${accessToken}` };
    const setup = await api.post('/api/profile/two-factor/setup', { headers: auth, data: { currentPassword: member.password } });
    const { secret } = (await setup.json()) as { secret: string };
    const confirm = await api.post('/api/profile/two-factor/confirm', { headers: auth, data: { code: await codeAt(secret) } });
    expect(confirm.status()).toBe(200);
    await api.post('/api/auth/logout', { headers: auth });
    await page.context().clearCookies();

    await page.goto('/login');
    await page.getByLabel('Email').fill(member.email);
    await page.getByLabel(/^Password/).fill(member.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Enter your authentication code' })).toBeVisible();
    await expectAccessible(page, 'login, code step');
    await shots(page, 'login-code-step');

    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await expect(page.getByLabel('Recovery code')).toBeVisible();
    await shots(page, 'login-recovery-step');
    await page.getByRole('button', { name: 'Use a code from your app' }).click();

    await page.getByLabel('Authentication code').fill('000000' === (await codeAt(secret, 1)) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByRole('alert')).toContainText('Code not accepted');

    // The code that confirmed enrolment was this step's: the next one is what the app shows now.
    await page.getByLabel('Authentication code').fill(await codeAt(secret, 1));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByTestId('dashboard-title')).toContainText('Mia');
  });

  test('the profile page: name, password, two-factor set-up with a QR code and recovery codes shown once', async ({ page, member }) => {
    await signIn(page, member.email, member.password, '/dashboard');
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Profile' }).click();
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByRole('heading', { name: 'Your profile' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('two-factor').getByRole('button', { name: 'Set up two-factor' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('heading', { name: 'Language' })).toBeVisible();
    await expectAccessible(page, 'profile');
    await shots(page, 'profile');

    await page.getByLabel('Display name').fill('Mia Renamed');
    await page.getByRole('button', { name: 'Save name' }).click();
    await expect(page.getByTestId('user-menu')).toContainText('Mia Renamed');

    const twoFactor = page.getByTestId('two-factor');
    // Setting up two-factor asks for the password: an access token alone is not enough (issue 26).
    await twoFactor.getByLabel('Current password').fill(member.password);
    await shots(page, 'profile-two-factor-password');
    await twoFactor.getByRole('button', { name: 'Set up two-factor' }).click();
    await expect(twoFactor.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
    // The "Name saved." toast is gone: the screen is the set-up alone.
    await expect(page.getByText('Name saved.')).toHaveCount(0, { timeout: 15_000 });
    const secret = (await twoFactor.getByTestId('totp-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await expectAccessible(page, 'profile, two-factor set-up');
    await shots(page, 'profile-two-factor-setup');
    await twoFactor.getByLabel('Code from your app').fill(await codeAt(secret));
    await twoFactor.getByRole('button', { name: 'Turn on' }).click();
    await expect(twoFactor.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10);
    await shots(page, 'profile-recovery-codes');
    await twoFactor.getByRole('button', { name: 'I have saved them' }).click();
    await expect(twoFactor.getByText(/You have 10 unused recovery codes/)).toBeVisible();
    await expect(twoFactor.getByTestId('recovery-codes')).toHaveCount(0);
  });
});
