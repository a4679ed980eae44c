import { readFile } from 'node:fs/promises';
import { seriousViolations } from './axe.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, screenshotPath, signIn, test, uid } from './fixtures.js';
import { LOADED, settled, shootAtBothWidths } from './layout.js';

// Data governance (issue 31, ADR 0042): a member downloads their data and sees works-council mode;
// an admin sets retention and the mode on the community page and erases a person after typing
// their email. English, then Spanish.
test.use({ contextOptions: { reducedMotion: 'reduce' } });

test('a member downloads their data and sees that works-council mode is on', async ({ page, adminApi }) => {
  test.setTimeout(120_000);
  const community = await adminApi.createCommunity(uid('Works council'));
  const member = await adminApi.createUser({ displayName: 'Dana Export', communityIds: [community.id] });
  expect((await adminApi.send('PATCH', `/api/communities/${community.id}`, { privacyMode: 'works-council' })).status).toBe(200);

  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, member.email, member.password, '/profile');
  const card = page.getByTestId('profile-data');
  await expect(card.getByRole('heading', { name: 'Your data' })).toBeVisible(LOADED);
  await expect(card.getByTestId('works-council-notice')).toContainText(`${community.name} is in works-council mode`);
  await settled(page);

  const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Download my data' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^aigym-export-\d{4}-\d{2}-\d{2}\.json$/);
  const file = await download.path();
  const data = JSON.parse(await readFile(file, 'utf8')) as { format: string; profile: { email: string }; memberships: Array<{ communityName: string; privacyMode: string }> };
  expect(data.format).toBe('aigym-export/1');
  expect(data.profile.email).toBe(member.email);
  expect(data.memberships).toEqual([expect.objectContaining({ communityName: community.name, privacyMode: 'works-council' })]);

  expect(await seriousViolations(page)).toEqual([]);
  await page.evaluate(() => {
    const g = globalThis as unknown as { scrollTo(x: number, y: number): void; document: { activeElement: { blur?: () => void } | null } };
    g.document.activeElement?.blur?.();
    g.scrollTo(0, 0);
  });
  await shootAtBothWidths(page, 'privacy-profile');
});

test('an admin sets retention and works-council mode, then erases a person after typing their email', async ({ page, adminApi }) => {
  test.setTimeout(150_000);
  const community = await adminApi.createCommunity(uid('Retention'));
  const person = await adminApi.createUser({ displayName: 'Erin Erase', communityIds: [community.id] });

  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, `/admin/communities/${community.id}`);
  const privacy = page.getByTestId('community-privacy');
  await expect(privacy.getByText('Privacy', { exact: true })).toBeVisible(LOADED);
  await privacy.getByLabel('Conversations (days)').fill('30');
  await privacy.getByLabel('Exercise attempts (days)').fill('180');
  await privacy.getByText('Works council', { exact: true }).click();
  await expect(privacy.getByText('Managers see only totals for groups of five or more people', { exact: false })).toBeVisible();
  await privacy.getByRole('button', { name: 'Save privacy settings' }).click();
  await expect(page.getByText('Privacy settings saved.')).toBeVisible();
  await expect
    .poll(async () => (await adminApi.send('GET', `/api/communities/${community.id}`)).body)
    .toMatchObject({ privacyMode: 'works-council', retention: { conversationsDays: 30, attemptsDays: 180, filesDays: null } });
  await settled(page);
  expect(await seriousViolations(page)).toEqual([]);
  await shootAtBothWidths(page, 'privacy-community');

  await page.goto(`/admin/users/${person.id}`);
  const erase = page.getByTestId('erase-person');
  await expect(erase.getByText('Erase this person', { exact: true })).toBeVisible(LOADED);
  await settled(page);
  await shootAtBothWidths(page, 'privacy-user');
  await erase.getByRole('button', { name: 'Erase person…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Erase this person for good?' });
  const submit = dialog.getByRole('button', { name: 'Erase for good' });
  await expect(submit).toBeDisabled();
  await dialog.getByLabel(`Type ${person.email} to confirm`).fill('someone-else@example.com');
  await expect(submit).toBeDisabled();
  await dialog.getByLabel(`Type ${person.email} to confirm`).fill(person.email);
  await expect(submit).toBeEnabled();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: screenshotPath('privacy-erase-dialog-1440') });
  await submit.click();
  await expect(page).toHaveURL(/\/admin\/users$/, LOADED);
  await expect(page.getByText(/The person was erased\. The activity log calls them erased-[0-9a-f]{12}\./)).toBeVisible();
  await expect.poll(() => adminApi.getUser(person.id)).toBeNull();
});

test.describe('in Spanish', () => {
  test.use({ locale: 'es-ES', contextOptions: { reducedMotion: 'reduce' } });

  test('the member’s data card and the community’s privacy card read in Spanish', async ({ page, adminApi, browser }) => {
    test.setTimeout(120_000);
    const community = await adminApi.createCommunity(uid('Comité'));
    const member = await adminApi.createUser({ displayName: 'Lucía Datos', communityIds: [community.id] });
    expect((await adminApi.send('PATCH', `/api/communities/${community.id}`, { privacyMode: 'works-council' })).status).toBe(200);

    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page, member.email, member.password, '/profile');
    const card = page.getByTestId('profile-data');
    await expect(card.getByRole('heading', { name: 'Tus datos' })).toBeVisible(LOADED);
    await expect(card.getByTestId('works-council-notice')).toContainText(`${community.name} está en modo comité de empresa`);
    await expect(card.getByRole('button', { name: 'Descargar mis datos' })).toBeVisible();
    await settled(page);
    expect(await seriousViolations(page)).toEqual([]);
    await page.evaluate(() => {
    const g = globalThis as unknown as { scrollTo(x: number, y: number): void; document: { activeElement: { blur?: () => void } | null } };
    g.document.activeElement?.blur?.();
    g.scrollTo(0, 0);
  });
    await shootAtBothWidths(page, 'privacy-profile-es');

    const admin = await browser.newContext({ locale: 'es-ES', reducedMotion: 'reduce' });
    const adminPage = await admin.newPage();
    await adminPage.setViewportSize({ width: 1440, height: 900 });
    await signIn(adminPage, ADMIN_EMAIL, ADMIN_PASSWORD, `/admin/communities/${community.id}`);
    const privacy = adminPage.getByTestId('community-privacy');
    await expect(privacy.getByText('Privacidad', { exact: true })).toBeVisible(LOADED);
    await expect(privacy.getByLabel('Conversaciones (días)')).toBeVisible();
    await expect(privacy.getByRole('button', { name: 'Guardar ajustes de privacidad' })).toBeVisible();
    await settled(adminPage);
    expect(await seriousViolations(adminPage)).toEqual([]);
    await shootAtBothWidths(adminPage, 'privacy-community-es');
    await adminPage.goto(`/admin/users/${member.id}`);
    await expect(adminPage.getByTestId('erase-person').getByRole('button', { name: 'Borrar persona…' })).toBeVisible(LOADED);
    await admin.close();
  });
});
