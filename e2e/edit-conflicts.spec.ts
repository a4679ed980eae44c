import type { Browser, Page } from '@playwright/test';
import { ContentApi } from './content-fixtures.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, screenshotPath, signIn, test, uid } from './fixtures.js';
import { E2E_BASE_URL } from './e2e-env.js';


async function adminPage(browser: Browser, email: string, password: string, to: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: E2E_BASE_URL, reducedMotion: 'reduce' });
  const page = await context.newPage();
  await signIn(page, email, password, to);
  return page;
}

test.describe('no silent overwrites', () => {
  test('two admins edit one agent at once: one save wins, the other is told and keeps their unsaved text after Reload', async ({
    browser,
    adminApi,
  }) => {
    const content = await ContentApi.create();
    const agent = await content.createContent({
      kind: 'agent',
      title: uid('Conflict coach'),
      description: 'The original description.',
      details: { systemPrompt: 'You coach people through edits.' },
    });
    const second = await adminApi.createUser({ role: 'admin', displayName: 'Second Admin' });
    const editor = `/admin/content/agents/${agent.id}`;
    const alice = await adminPage(browser, ADMIN_EMAIL, ADMIN_PASSWORD, editor);
    const bob = await adminPage(browser, second.email, second.password, editor);
    for (const page of [alice, bob]) await expect(page.getByRole('textbox', { name: /^Title/ })).toHaveValue(agent.title);

    // Both edit the version they opened; Alice saves first.
    const aliceTitle = `${agent.title} (Alice)`;
    await alice.getByRole('textbox', { name: /^Title/ }).fill(aliceTitle);
    const bobDescription = 'Bob’s careful rewrite that must not be lost.';
    await bob.getByRole('textbox', { name: /^Description/ }).fill(bobDescription);

    await alice.getByRole('button', { name: 'Save changes' }).click();
    await expect(alice.getByText('Changed by someone else meanwhile')).toHaveCount(0);
    await expect.poll(async () => (await content.getContent(agent.id)).title).toBe(aliceTitle);

    await bob.getByRole('button', { name: 'Save changes' }).click();
    const conflict = bob.getByTestId('edit-conflict');
    await expect(conflict).toContainText('Changed by someone else meanwhile');
    // Refused: Alice's version stands, Bob's text is still in his form.
    expect((await content.getContent(agent.id)).description).toBe('The original description.');
    await expect(bob.getByRole('textbox', { name: /^Description/ })).toHaveValue(bobDescription);
    await bob.setViewportSize({ width: 1440, height: 900 });
    await bob.screenshot({ path: screenshotPath('edit-conflict-agent-1440'), fullPage: true });

    await conflict.getByRole('button', { name: 'Reload' }).click();
    const mine = bob.getByTestId('edit-conflict-mine');
    await expect(mine).toContainText(bobDescription);
    await expect(bob.getByRole('textbox', { name: /^Title/ })).toHaveValue(aliceTitle);
    await bob.setViewportSize({ width: 390, height: 844 });
    await bob.screenshot({ path: screenshotPath('edit-conflict-agent-390'), fullPage: true });

    // Bob puts his text back over Alice's version and saves: both edits are now in.
    await mine.getByRole('button', { name: 'Put my changes back' }).click();
    await bob.getByRole('textbox', { name: /^Title/ }).fill(aliceTitle);
    await bob.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(async () => (await content.getContent(agent.id)).description).toBe(bobDescription);
    expect((await content.getContent(agent.id)).title).toBe(aliceTitle);

    await content.dispose();
    await alice.context().close();
    await bob.context().close();
  });

  test('a community renamed meanwhile: the edit form says so, and Reload shows their name while keeping the typed text', async ({
    page,
    adminApi,
  }) => {
    const community = await adminApi.createCommunity();
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, `/admin/communities/${community.id}`);
    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog');
    const typed = 'Our new description, typed while someone else renamed the community.';
    await dialog.getByLabel('Description').fill(typed);

    const renamed = `${community.name} (renamed)`;
    await adminApi.updateCommunity(community.id, { name: renamed });

    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await expect(dialog.getByTestId('edit-conflict')).toContainText('Changed by someone else meanwhile');
    await dialog.getByRole('button', { name: 'Reload' }).click();
    const reloaded = dialog.getByTestId('edit-conflict-reloaded');
    await expect(reloaded).toContainText(renamed);
    await expect(dialog.getByLabel('Description')).toHaveValue(typed);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: screenshotPath('edit-conflict-community-390') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: screenshotPath('edit-conflict-community-1440') });

    // Saving again is a knowing choice over their version: accepted.
    await dialog.getByLabel('Name').fill(renamed);
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByText(typed)).toBeVisible();
  });

  test('a person renamed meanwhile: the profile form refuses to overwrite, and Reload keeps the typed name', async ({
    page,
    adminApi,
  }) => {
    const person = await adminApi.createUser({ displayName: 'Pat Original' });
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, `/admin/users/${person.id}`);
    const profile = page.getByRole('form', { name: 'Profile' });
    await expect(profile.getByLabel('Name')).toHaveValue('Pat Original');
    await profile.getByLabel('Name').fill('Pat Typed Here');

    await adminApi.updateUser(person.id, { displayName: 'Pat Renamed Elsewhere' });

    await profile.getByRole('button', { name: 'Save changes' }).click();
    await expect(profile.getByTestId('edit-conflict')).toContainText('Changed by someone else meanwhile');
    expect((await adminApi.getUser(person.id))?.displayName).toBe('Pat Renamed Elsewhere');
    await profile.getByRole('button', { name: 'Reload' }).click();
    await expect(profile.getByTestId('edit-conflict-reloaded')).toContainText('Pat Renamed Elsewhere');
    await expect(profile.getByLabel('Name')).toHaveValue('Pat Typed Here');
    await page.screenshot({ path: screenshotPath('edit-conflict-user-1440'), fullPage: true });

    await profile.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(async () => (await adminApi.getUser(person.id))?.displayName).toBe('Pat Typed Here');
  });
});
