import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, screenshotPath, signIn, test, uid } from './fixtures.js';

/** The demo data loaded by e2e/start-server.mjs (server/cli/demo-data.ts). */
const DEMO_PASSWORD = 'demo-password-123';
const MEMBER = 'dev@northwind.example';
const MANAGER = 'manager@northwind.example';
const EXERCISE = 'Workout: Summarise a Customer Complaint';
const ANSWER =
  'Summarise this customer email for the support lead, who must decide the next action quickly. Use at most five bullet points with an 80-word limit, one issue per bullet. Quote order numbers, dates and amounts exactly and do not invent anything. Note the customer tone and how urgent a reply is.';

test.use({ contextOptions: { reducedMotion: 'reduce' } });

test('a member practises an exercise, is scored with feedback and no verdict, shares it, and their manager sees the score and the transcript', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, MEMBER, DEMO_PASSWORD, '/exercises');
  const card = page.getByTestId('exercise-card').filter({ hasText: EXERCISE });
  await card.getByRole('link', { name: 'Practise' }).click();
  await expect(page.getByTestId('brief')).toContainText('600-word email');

  await page.getByRole('button', { name: 'Start attempt' }).click();
  const practice = page.getByTestId('practice');
  await expect(practice.getByTestId('conversation-title')).toHaveText(`Practice: ${EXERCISE}`);
  const box = practice.getByRole('textbox', { name: 'Message' });
  await box.fill('Help me summarise a complaint email for my support lead.');
  await box.press('Enter');
  await expect(practice.locator('[data-status="complete"]').first()).toBeVisible({ timeout: 30_000 });

  await page.getByRole('textbox', { name: 'Your final answer' }).fill(ANSWER);
  await page.screenshot({ path: screenshotPath('exercise-practice-1440'), fullPage: true });
  await page.getByRole('button', { name: 'Submit for scoring' }).click();

  const result = page.getByTestId('attempt-result');
  // A practice exercise (§10.1): a score and feedback, never a pass decided by the offline evaluator.
  await expect(result.getByTestId('pass-badge')).toHaveText('Practice', { timeout: 20_000 });
  await expect(result.getByTestId('criterion-score')).toHaveCount(4);
  await expect(result.getByText('Offline evaluator')).toBeVisible();
  await expect(result.getByText('Your words').first()).toBeVisible();
  await expect(page.getByTestId('next-step')).toBeVisible();
  const score = Number(await result.getByTestId('overall-score').textContent());
  expect(score).toBeGreaterThanOrEqual(0);

  const share = page.getByTestId('share-toggle');
  await expect(share).toContainText('Maria Lopez (Northwind Logistics)');
  await share.getByRole('switch').click();
  await expect(share.getByRole('switch')).toBeChecked();
  await expect(share).toContainText('Can read it now');
  await expect(page.getByTestId('attempt-history').locator('tbody tr')).toHaveCount(1);
  await page.screenshot({ path: screenshotPath('exercise-result-1440'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(result.getByTestId('pass-badge')).toBeVisible();
  await page.screenshot({ path: screenshotPath('exercise-result-390'), fullPage: true });

  // The manager: scores of their members, and this member's shared practice conversation.
  await page.context().clearCookies();
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, MANAGER, DEMO_PASSWORD, '/exercises');
  await page.getByTestId('exercise-card').filter({ hasText: EXERCISE }).getByRole('link', { name: 'Results' }).click();
  const row = page.getByTestId('member-results').locator('tbody tr').filter({ hasText: 'Dev Patel' });
  await expect(row).toContainText(String(score));
  // A practice exercise has no verdict: scored, never "Not yet".
  await expect(row).toContainText('Practice · scored');
  await page.screenshot({ path: screenshotPath('exercise-results-1440'), fullPage: true });
  await row.getByRole('button', { name: 'Open' }).click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByTestId('transcript')).toContainText('Help me summarise a complaint email');
  await expect(drawer.getByTestId('overall-score')).toHaveText(String(score));
  await page.screenshot({ path: screenshotPath('exercise-review-1440') });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(drawer.getByTestId('transcript')).toBeVisible();
  await page.screenshot({ path: screenshotPath('exercise-review-390') });
});

test('the content studio builds an exercise with a rubric and shows how an attempt will be scored', async ({ page }) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/content/exercises/new');
  const title = uid('Exercise');
  await page.getByRole('textbox', { name: 'Title' }).fill(title);
  await page.getByRole('textbox', { name: 'Brief' }).fill('Write a prompt that gets a meeting summary with actions.');
  await page.getByRole('textbox', { name: 'Criterion 1' }).fill('Asks for owners');
  await page.getByRole('textbox', { name: 'What good looks like' }).first().fill('Every action names an owner.');
  await page.getByRole('button', { name: 'Add criterion' }).click();
  await page.getByRole('textbox', { name: 'Criterion 2' }).fill('Asks for dates');
  await page.getByRole('textbox', { name: 'What good looks like' }).nth(1).fill('Every action has a due date.');
  const preview = page.getByTestId('scoring-preview');
  // Weights 1 and 3: the first criterion counts for a quarter of the overall score.
  await expect(preview).toContainText('25%');
  await expect(preview).toContainText('75%');
  await expect(preview).toContainText('gets 25 overall, which does not pass.');
  await page.screenshot({ path: screenshotPath('exercise-studio-1440'), fullPage: true });
  await page.getByRole('button', { name: 'Create exercise' }).click();
  // Creating writes the item, its search text and the audit trail: give a busy machine time.
  await expect(page).toHaveURL(/\/admin\/content\/exercises\/[0-9a-f-]{36}/, { timeout: 20_000 });
  await expect(page.getByRole('textbox', { name: 'Criterion 2' })).toHaveValue('Asks for dates');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(preview).toBeVisible();
  await page.screenshot({ path: screenshotPath('exercise-studio-390'), fullPage: true });
});
