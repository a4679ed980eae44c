import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, screenshotPath, signIn, test } from './fixtures.js';
import { seriousViolations } from './axe.js';

test.describe('signing in and out', () => {
  test('an admin signs in through the form, lands on the dashboard, stays signed in after a reload, signs out through the menu and cannot come back with Back', async ({
    page,
  }) => {
    await page.goto('/login');
    await expect(page.getByRole('heading', { name: 'Welcome back' })).toBeVisible();
    await page.screenshot({ path: screenshotPath('login'), fullPage: true });

    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel(/^Password/).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByTestId('dashboard-title')).toContainText('Administrator');
    await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByText('Users')).toBeVisible();
    await page.screenshot({ path: screenshotPath('admin-dashboard'), fullPage: true });

    await page.reload();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByTestId('dashboard-title')).toBeVisible();

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users' }).click();
    await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();

    await page.getByTestId('user-menu').click();
    await expect(page.getByRole('menu').getByText(ADMIN_EMAIL)).toBeVisible();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);

    // Back leads to /dashboard, whose guard sends the signed-out visitor to sign in.
    await page.goBack();
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByTestId('dashboard-title')).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Users' })).toHaveCount(0);
    await page.reload();
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByTestId('dashboard-title')).toHaveCount(0);
  });

  test('a member signs in through the form, sees their community, stays signed in after a reload, signs out through /logout and cannot come back with Back', async ({
    page,
    member,
  }) => {
    await page.goto('/login');
    await page.getByLabel('Email').fill(member.email);
    await page.getByLabel(/^Password/).fill(member.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByTestId('dashboard-title')).toContainText('Mia');
    await expect(page.getByTestId('my-communities')).toContainText(member.community.name);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await expect(nav.getByText('Library')).toBeVisible();
    await expect(nav.getByText('Users')).toHaveCount(0);
    await page.screenshot({ path: screenshotPath('member-dashboard'), fullPage: true });

    await page.reload();
    await expect(page.getByTestId('my-communities')).toContainText(member.community.name);

    await page.goto('/logout');
    await expect(page).toHaveURL(/\/login$/);
    await page.goBack();
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByTestId('dashboard-title')).toHaveCount(0);

    // The server revoked the session too: a reload does not bring it back.
    await page.goto('/dashboard');
    await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
  });

  test('a visitor opening a protected page signs in and lands where they were going', async ({ page }) => {
    await page.goto('/admin/users');
    await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Fusers$/);
    await expect(page.getByText('Sign in to continue where you left off.')).toBeVisible();
    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel(/^Password/).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/admin\/users$/);
    await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  });

  test('a wrong password shows the server’s message and keeps the form', async ({ page, member }) => {
    await page.goto('/login');
    await page.getByLabel('Email').fill(member.email);
    await page.getByLabel(/^Password/).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('Wrong email or password');
    await expect(page).toHaveURL(/\/login$/);
  });

  test('a field error on the sign-in page is readable: nothing serious for axe', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel(/^Password/).fill('whatever-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('Enter a valid email address.')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('a signed-in person opening /login goes straight to their dashboard', async ({ page, member }) => {
    await signIn(page, member.email, member.password, '/login');
    await expect(page).toHaveURL(/\/dashboard$/);
  });

  test('at phone width the navigation sits behind a burger and closes after choosing a page', async ({ page, member }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, member.email, member.password);
    await expect(page.getByTestId('dashboard-title')).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await expect(nav).not.toBeInViewport();
    await page.getByRole('button', { name: 'Toggle navigation' }).click();
    await expect(nav).toBeInViewport();
    await page.screenshot({ path: screenshotPath('member-phone-navigation') });
    await nav.getByRole('link', { name: 'Library' }).click();
    await expect(page.getByRole('heading', { name: 'Library', exact: true })).toBeVisible();
    await expect(nav).not.toBeInViewport();
    await page.goto('/dashboard');
    await expect(page.getByTestId('my-communities')).toBeVisible();
    await page.screenshot({ path: screenshotPath('member-phone-dashboard'), fullPage: true });
  });
});
