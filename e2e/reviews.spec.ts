import type { APIRequestContext, Page } from '@playwright/test';
import { seriousViolations } from './axe.js';
import { createGradedExercise } from './content-fixtures.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, screenshotPath, signIn, test, uid } from './fixtures.js';

/**
 * §10.1 in the browser (ADR 0036): a learner's attempt is appealed into the review queue; the trainer
 * reviews it per criterion with the score and pass shown live, revokes the learner's certificate from
 * the program's progress report, and the public verification page says it is revoked and since when.
 */
test.use({ contextOptions: { reducedMotion: 'reduce' } });

async function shoot(page: Page, name: string, ready: () => Promise<void>): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
  await page.setViewportSize({ width: 1440, height: 900 });
  await ready();
  await page.screenshot({ path: screenshotPath(`${name}-1440`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await ready();
  await page.screenshot({ path: screenshotPath(`${name}-390`), fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function tokenOf(request: APIRequestContext, email: string, password: string): Promise<{ Authorization: string }> {
  const res = await request.post('/api/auth/login', { data: { email, password } });
  expect(res.status(), await res.text()).toBe(200);
  return { Authorization: `Bearer ${((await res.json()) as { accessToken: string }).accessToken}` };
}

test('a trainer reviews an appealed attempt per criterion and revokes the certificate; /verify shows it revoked', async ({ page, adminApi, browser }) => {
  test.setTimeout(180_000);
  const community = await adminApi.createCommunity(uid('Reviewed'));
  const learner = await adminApi.createUser({ displayName: 'Rita Review', communityIds: [community.id] });
  const admin = await tokenOf(page.request, ADMIN_EMAIL, ADMIN_PASSWORD);
  const exerciseTitle = uid('Summarise a complaint');
  const exerciseId = await createGradedExercise(page.request, admin, exerciseTitle, community.id);
  const programTitle = uid('Complaint handling');
  const program = await page.request.post('/api/programs', { headers: admin, data: { title: programTitle, status: 'published', steps: [{ contentId: exerciseId }] } });
  expect(program.status(), await program.text()).toBe(201);
  const programId = ((await program.json()) as { id: string }).id;
  expect((await page.request.put(`/api/programs/${programId}/assignments`, { headers: admin, data: { communityIds: [community.id] } })).status()).toBe(200);

  // The learner practises, is scored, and appeals one criterion (their certificate is issued on the way).
  const me = await tokenOf(page.request, learner.email, learner.password);
  const started = await page.request.post(`/api/exercises/${exerciseId}/attempts`, { headers: me });
  const attemptId = ((await started.json()) as { attempt: { id: string } }).attempt.id;
  const submitted = await page.request.post(`/api/attempts/${attemptId}/submit`, { headers: me, data: { answer: 'Summarise this complaint in three bullet points for the support lead.' } });
  // 202: scored in the background; the attempt is followed until it is.
  expect(submitted.status(), await submitted.text()).toBe(202);
  await expect
    .poll(async () => ((await (await page.request.get(`/api/attempts/${attemptId}`, { headers: me })).json()) as { attempt: { status: string } }).attempt.status)
    .toBe('evaluated');
  // The appeal, from the attempt's result in the learner's own browser.
  const learnerContext = await browser.newContext({ reducedMotion: 'reduce' });
  const learnerPage = await learnerContext.newPage();
  await signIn(learnerPage, learner.email, learner.password, `/exercises/${exerciseId}`);
  await learnerPage.getByTestId('appeal-open').click();
  await learnerPage.getByRole('combobox', { name: 'Criterion' }).click();
  await learnerPage.getByRole('option', { name: 'Asks for a format' }).click();
  await learnerPage.getByRole('textbox', { name: 'Why is its score wrong? (one sentence)' }).fill('I asked for bullet points in so many words.');
  await shoot(learnerPage, 'reviews-appeal-form', () => expect(learnerPage.getByTestId('appeal-form')).toBeVisible());
  expect(await seriousViolations(learnerPage)).toEqual([]);
  await learnerPage.getByRole('button', { name: 'Send the appeal' }).click();
  await expect(learnerPage.getByTestId('appeal-state')).toContainText('You appealed “Asks for a format”');
  await learnerContext.close();
  const certificates = (await (await page.request.get('/api/certificates', { headers: me })).json()) as { items: Array<{ code: string; programTitle: string }> };
  const certificate = certificates.items.find((c) => c.programTitle === programTitle);
  expect(certificate, 'the practice step completed the program').toBeDefined();

  // The trainer's queue: the appeal, with its reason and age.
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/reviews');
  const item = page.getByTestId('review-item').filter({ hasText: exerciseTitle });
  await expect(item).toHaveAttribute('data-reason', 'appeal');
  await expect(item).toContainText('Appeal');
  await expect(item).toContainText('I asked for bullet points in so many words.');
  await shoot(page, 'reviews-queue', () => expect(item).toBeVisible());
  expect(await seriousViolations(page)).toEqual([]);

  // Per criterion, the total and the pass follow live: (80 × 2 + 40) / 3 = 67, a pass at 60.
  await item.getByRole('link').click();
  await expect(page.getByRole('heading', { name: /Review: Rita Review/ })).toBeVisible();
  await expect(page.getByText('The learner appealed')).toBeVisible();
  await page.getByRole('textbox', { name: 'Your score for “Names the audience” (0–100)' }).fill('80');
  await page.getByRole('textbox', { name: 'Your score for “Asks for a format” (0–100)' }).fill('40');
  const total = page.getByTestId('review-total');
  await expect(total).toContainText('Score 67 (pass mark 60)');
  await expect(total).toContainText('Passes');
  await page.getByRole('textbox', { name: 'Your score for “Names the audience” (0–100)' }).fill('20');
  await expect(total).toContainText('Score 27 (pass mark 60)');
  await expect(total).toContainText('Does not pass');
  await page.getByRole('textbox', { name: 'Your score for “Names the audience” (0–100)' }).fill('80');
  await page.getByRole('textbox', { name: 'Why' }).fill('The bullet points were asked for; the audience was named.');
  await shoot(page, 'reviews-form', () => expect(total).toContainText('Score 67'));
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Save the review' }).click();
  await expect(page).toHaveURL(/\/reviews$/);
  await expect(page.getByTestId('review-item').filter({ hasText: exerciseTitle })).toHaveCount(0);
  const reviewed = (await (await page.request.get(`/api/attempts/${attemptId}`, { headers: me })).json()) as { attempt: { review: { score: number; passed: boolean } } };
  expect(reviewed.attempt.review).toMatchObject({ score: 67, passed: true });

  // Revoke from the program's progress report, with a reason.
  await page.goto(`/programs/${programId}/progress`);
  await page.getByRole('button', { name: "Revoke Rita Review's certificate" }).first().click();
  const dialog = page.getByRole('dialog', { name: "Revoke Rita Review's certificate" });
  await dialog.getByRole('textbox', { name: 'Reason' }).fill('The answer was written by a colleague.');
  await dialog.getByRole('button', { name: 'Revoke the certificate' }).click();
  await expect(page.getByText('Certificate revoked').filter({ visible: true }).first()).toBeVisible();
  await shoot(page, 'reviews-progress-revoked', () => expect(page.getByText('Certificate revoked').filter({ visible: true }).first()).toBeVisible());

  // Anyone, signed out: revoked, and since when.
  const anonymous = await browser.newContext({ reducedMotion: 'reduce' });
  const verify = await anonymous.newPage();
  await verify.goto(`/verify/${certificate?.code ?? ''}`);
  await expect(verify.getByTestId('verify-result')).toHaveAttribute('data-outcome', 'revoked');
  await expect(verify.getByTestId('verify-outcome')).toHaveText('Revoked certificate');
  await expect(verify.getByText('Revoked on')).toBeVisible();
  await expect(verify.getByTestId('verify-evidence')).toContainText(exerciseTitle);
  await shoot(verify, 'reviews-verify-revoked', () => expect(verify.getByTestId('verify-outcome')).toBeVisible());
  expect(await seriousViolations(verify)).toEqual([]);
  await anonymous.close();
});
