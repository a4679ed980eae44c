import type { Page } from '@playwright/test';
import type { Community } from '../contracts/communities.js';
import { DEMO_PASSWORD } from '../server/cli/demo-data.js';
import { seriousViolations } from './axe.js';
import { expect, screenshotPath, signIn, test, uid } from './fixtures.js';

/** Demo data (server/cli/demo-data.ts): Maria manages Northwind, which has this exercise. */
const MANAGER = 'manager@northwind.example';
const EXERCISE = 'Workout: Summarise a Customer Complaint';
const SKILL = 'Names the audience and purpose';
/** The offline evaluator scores this low on most criteria… */
const WEAK = 'Summarise this customer email.';
/** …and passes this one (see e2e/exercises.spec.ts). */
const STRONG =
  'Summarise this customer email for the support lead, who must decide the next action quickly. Use at most five bullet points with an 80-word limit, one issue per bullet. Quote order numbers, dates and amounts exactly and do not invent anything. Note the customer tone and how urgent a reply is.';

test.use({ contextOptions: { reducedMotion: 'reduce' } });

async function submitAttempt(page: Page, answer: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Your final answer' }).fill(answer);
  await page.getByRole('button', { name: 'Submit for scoring' }).click();
  await expect(page.getByTestId('attempt-result').getByTestId('overall-score')).toBeVisible({ timeout: 20_000 });
}

/** Full-page shots at 1440 and 390 wide, from the top; `ready` must show before each. */
async function shoot(page: Page, name: string, ready: () => Promise<void>): Promise<void> {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await ready();
    await page.screenshot({ path: screenshotPath(`${name}-${width}`), fullPage: true });
  }
}

test('a member’s workout scores become skills on their dashboard, and their manager sees them', async ({ page, adminApi }) => {
  test.setTimeout(120_000);
  const communities = await adminApi.send('GET', '/api/communities?q=Northwind');
  const northwind = (communities.body as { items: Community[] }).items.find((c) => c.name === 'Northwind Logistics');
  if (!northwind) throw new Error('the demo community Northwind Logistics is missing');
  const name = `Skye ${uid('skills')}`;
  const member = await adminApi.createUser({ displayName: name, communityIds: [northwind.id] });

  // Nothing scored yet: the card says where skills come from and leads to the workouts.
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, member.email, member.password);
  const card = page.getByTestId('skills-card');
  await expect(card.getByText('No skills yet')).toBeVisible();
  await card.getByRole('link', { name: 'Go to exercises' }).click();

  // A weak attempt, then a strong one: every criterion gets two scores, most of them rising.
  await page.getByTestId('exercise-card').filter({ hasText: EXERCISE }).getByRole('link', { name: 'Practise' }).click();
  await page.getByRole('button', { name: 'Start attempt' }).click();
  await submitAttempt(page, WEAK);
  await page.getByRole('button', { name: 'Try again' }).click();
  await submitAttempt(page, STRONG);
  // Practice (§10.1): scored with feedback, no verdict.
  await expect(page.getByTestId('attempt-result').getByTestId('pass-badge')).toHaveText('Practice');

  await page.goto('/dashboard');
  const skill = card.getByTestId('skill').filter({ hasText: SKILL });
  await expect(card.getByTestId('skill')).toHaveCount(4);
  await expect(skill).toContainText('2 attempts');
  await expect(skill.getByTestId('score-trend')).toHaveAttribute('data-trend', 'up');
  const latest = (await skill.getByTestId('skill-latest').textContent()) ?? '';
  await expect(skill.getByRole('img', { name: `${SKILL}: the last 2 scores, oldest first` })).toBeVisible();
  expect(await seriousViolations(page), 'member dashboard').toEqual([]);
  await shoot(page, 'skills-member-dashboard', () => expect(skill).toBeVisible());
  await card.screenshot({ path: screenshotPath('skills-member-card-390') });

  // The manager: this member's skills in the Skills panel, then the full view on their report.
  await page.context().clearCookies();
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, MANAGER, DEMO_PASSWORD);
  const row = page.getByTestId('skills-panel').getByTestId('member-skills-row').filter({ hasText: name });
  await expect(row.getByTestId('member-skill')).toHaveCount(4);
  const chip = row.getByTestId('member-skill').filter({ hasText: SKILL });
  await expect(chip.getByTestId('score-trend')).toHaveAttribute('data-trend', 'up');
  await expect(chip.getByTestId('member-skill-latest')).toHaveText(latest);
  expect(await seriousViolations(page), 'manager dashboard').toEqual([]);
  await shoot(page, 'skills-manager-dashboard', () => expect(row).toBeVisible());

  await page.setViewportSize({ width: 1440, height: 900 });
  await row.getByRole('link', { name }).click();
  await expect(page.getByTestId('member-report-name')).toHaveText(name);
  const report = page.getByTestId('skills-card');
  await expect(report.getByRole('heading', { name: 'Skills' })).toBeVisible();
  await expect(report.getByTestId('skill')).toHaveCount(4);
  await expect(report.getByTestId('skill').filter({ hasText: SKILL })).toContainText('2 attempts');
  expect(await seriousViolations(page), 'member report').toEqual([]);
  await shoot(page, 'skills-member-report', () => expect(report).toBeVisible());

  // The trend colours and the line in the dark scheme too.
  await page.evaluate(() => (globalThis as unknown as { localStorage: { setItem(key: string, value: string): void } }).localStorage.setItem('mantine-color-scheme-value', 'dark'));
  await page.reload();
  await expect(report.getByTestId('skill')).toHaveCount(4);
  expect(await seriousViolations(page), 'member report (dark)').toEqual([]);
  await page.goto('/dashboard');
  await expect(row.getByTestId('member-skill')).toHaveCount(4);
  expect(await seriousViolations(page), 'manager dashboard (dark)').toEqual([]);
  await page.getByTestId('skills-panel').screenshot({ path: screenshotPath('skills-manager-panel-dark-1440') });
});
