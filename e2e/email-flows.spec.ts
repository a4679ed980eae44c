import { expect, latestMailTo, linkIn, test, uid } from './fixtures.js';

test.describe('email flows through the outbox', () => {
  test('a person who forgot their password resets it through the emailed link and signs in with the new one', async ({
    page,
    adminApi,
  }) => {
    const user = await adminApi.createUser({ displayName: 'Rosa Reset' });
    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await expect(page).toHaveURL(/\/forgot-password$/);
    // The address changes as the page's code starts loading; the sign-in form (with its own Email
    // field) stays on screen until the new page renders, so wait for the new page itself.
    await expect(page.getByRole('form', { name: 'Reset your password' })).toBeVisible();
    await page.getByLabel('Email').fill(user.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.getByText('Check your inbox')).toBeVisible();

    const mail = await latestMailTo(user.email);
    await page.goto(linkIn(mail, 'reset'));
    const newPassword = 'a-brand-new-password-42';
    await page.getByLabel(/^New password/).fill(newPassword);
    await page.getByLabel('Repeat the new password').fill(newPassword);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect(page.getByText('Password changed')).toBeVisible();

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel(/^Password/).fill(newPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('dashboard-title')).toContainText('Rosa');
  });

  test('a used or made-up reset link says so and offers a new one', async ({ page }) => {
    await page.goto('/reset-password?token=made-up-token-that-is-long-enough');
    await page.getByLabel(/^New password/).fill('whatever-password-1');
    await page.getByLabel('Repeat the new password').fill('whatever-password-1');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect(page.getByText('This link doesn’t work')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Request a new link' })).toBeVisible();
  });

  test('an invited person accepts the invitation, chooses a password and lands on their dashboard', async ({
    page,
    adminApi,
  }) => {
    const community = await adminApi.createCommunity();
    const invited = await adminApi.createUser({
      email: `${uid('invitee')}@example.com`,
      displayName: 'Invited Person',
      password: null,
      communityIds: [community.id],
    });
    const mail = await latestMailTo(invited.email);
    await page.goto(linkIn(mail, 'invite'));
    await expect(page.getByRole('heading', { name: 'You’re invited' })).toBeVisible();
    await page.getByLabel('Your name').fill('Ivy Invited');
    await page.getByLabel('Choose a password').fill('ivy-password-123');
    await page.getByLabel('Repeat the password').fill('ivy-password-123');
    await page.getByRole('button', { name: 'Join AI GYM' }).click();

    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByTestId('dashboard-title')).toContainText('Ivy');
    await expect(page.getByTestId('my-communities')).toContainText(community.name);
    const detail = await adminApi.getUser(invited.id);
    expect(detail?.status).toBe('active');
  });
});
