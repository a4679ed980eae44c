import { shootAtBothWidths } from './layout.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, latestMailTo, screenshotPath, signIn, test, uid } from './fixtures.js';

test.describe('administration', () => {
  test('an admin manages communities and users end to end in the browser', async ({ page, adminApi }) => {
    // A little existing data, so the lists look like a real workspace.
    // Unique names: a retry of this test runs against the data its first attempt left behind.
    const acmeName = `Acme Corporation ${uid()}`;
    const acme = await adminApi.createCommunity(acmeName, 'Sales and support teams learning prompt craft.');
    await adminApi.createCommunity(`Globex Learning ${uid()}`, 'Engineering leads exploring AI agents.');
    await adminApi.createUser({ displayName: 'Grace Hopper', communityIds: [acme.id] });

    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/communities');
    await expect(page.getByRole('heading', { name: 'Communities' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Communities' })).toContainText(acmeName);
    await page.screenshot({ path: screenshotPath('communities'), fullPage: true });

    // Create a community.
    const communityName = `Initech ${uid('pilot')}`;
    await page.getByRole('button', { name: 'New community' }).click();
    const modal = page.getByRole('dialog');
    await modal.getByLabel('Name').fill(communityName);
    await modal.getByLabel('Description').fill('Finance team pilot.');
    await modal.getByRole('button', { name: 'Create community' }).click();
    await expect(page).toHaveURL(/\/admin\/communities\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { name: communityName })).toBeVisible();
    const communityUrl = page.url();

    // Edit it.
    const renamed = `${communityName} (renamed)`;
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill(renamed);
    await page.getByRole('dialog').getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('heading', { name: renamed })).toBeVisible();

    // Create a user with a password.
    const withPassword = `${uid('pat')}@example.com`;
    await page.goto('/admin/users');
    await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
    await page.getByRole('button', { name: 'Add person' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: /^Email/ }).fill(withPassword);
    await dialog.getByRole('textbox', { name: /^Name/ }).fill('Pat Password');
    await dialog.getByText('Set a password now').click();
    await dialog.getByLabel(/^Password/).fill('pat-password-123');
    await shootAtBothWidths(page, 'user-create-dialog');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId(`user-row-${withPassword}`)).toContainText('Active');

    // Invite a user (no password → invitation email).
    const invited = `${uid('ian')}@example.com`;
    await page.getByRole('button', { name: 'Add person' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: /^Email/ }).fill(invited);
    await dialog.getByRole('textbox', { name: /^Name/ }).fill('Ian Invite');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId(`user-row-${invited}`)).toContainText('Invited');
    expect((await latestMailTo(invited)).text).toContain('/invite/');
    await expect(page.locator('.mantine-Notification-root')).toHaveCount(0, { timeout: 10_000 });
    await page.screenshot({ path: screenshotPath('users'), fullPage: true });

    // Filters and search.
    await page.getByLabel('Search users').fill('Pat Password');
    await expect(page.getByTestId(`user-row-${withPassword}`)).toBeVisible();
    await expect(page.getByTestId(`user-row-${invited}`)).toHaveCount(0);
    await page.getByLabel('Search users').fill('');
    await page.getByRole('combobox', { name: 'Filter by status' }).click();
    await page.getByRole('option', { name: 'Invited' }).click();
    await expect(page.getByTestId(`user-row-${invited}`)).toBeVisible();
    await expect(page.getByTestId(`user-row-${withPassword}`)).toHaveCount(0);
    await page.goto('/admin/users');

    // Add the user to the community as a manager, then change the role.
    await page.goto(communityUrl);
    // Typed before the page has finished loading, the search can be cleared under the test (seen
    // once on a busy machine): wait for the member list, then type until the person is offered.
    await expect(page.getByText('No members yet')).toBeVisible();
    const picker = page.getByRole('combobox', { name: 'Add a person' });
    const offered = page.getByRole('option', { name: new RegExp(withPassword) });
    await expect(async () => {
      await picker.fill('Pat Password');
      await expect(offered).toBeVisible({ timeout: 5_000 });
    }).toPass();
    await offered.click();
    await page.getByRole('combobox', { name: 'Role for the new member' }).click();
    await page.getByRole('option', { name: 'Manager' }).click();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const members = page.getByRole('table', { name: 'Members' });
    await expect(members).toContainText('Pat Password');
    await expect(page.getByRole('combobox', { name: 'Role of Pat Password' })).toHaveValue('Manager');

    await page.getByRole('combobox', { name: 'Role of Pat Password' }).click();
    await page.getByRole('option', { name: 'Member' }).click();
    await expect(page.getByText('Pat Password is now a member.')).toBeVisible();
    await page.reload();
    await expect(page.getByRole('combobox', { name: 'Role of Pat Password' })).toHaveValue('Member');

    // The user's own page shows the membership.
    await members.getByRole('link', { name: 'Pat Password' }).click();
    await expect(page.getByRole('table', { name: 'Memberships' })).toContainText(renamed);

    // Suspend, then delete, from the users list.
    await page.goto('/admin/users');
    const row = page.getByTestId(`user-row-${withPassword}`);
    await row.getByRole('button', { name: `Actions for ${withPassword}` }).click();
    await page.getByRole('menuitem', { name: 'Suspend' }).click();
    await expect(row).toContainText('Suspended');

    await row.getByRole('button', { name: `Actions for ${withPassword}` }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete user' }).click();
    await expect(page.getByTestId(`user-row-${withPassword}`)).toHaveCount(0);

    // Delete the community.
    await page.goto(communityUrl);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete community' }).click();
    await expect(page).toHaveURL(/\/admin\/communities$/);
    await expect(page.getByRole('table', { name: 'Communities' })).not.toContainText(renamed);
  });
});
