import type { ContentItem } from '../contracts/content.js';
import type { Calibration } from '../contracts/exercises.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, screenshotPath, signIn, test, uid } from './fixtures.js';
import { seriousViolations } from './axe.js';

/*
 * Calibration in the exercise editor (ADR 0035), and what a learner sees of practice vs graded. The
 * server here runs the offline evaluator, which never agrees closely enough to pass a calibration on
 * its own: the agreeing judge that passes and publishes is e2e/calibration-publish.spec.ts (in the
 * browser) and server/modules/exercises/calibration/calibration.test.ts (both databases).
 */
test.use({ contextOptions: { reducedMotion: 'reduce' } });

const rubric = [
  { id: 'owners', title: 'Asks for owners', description: 'Every action in the summary names an owner.', weight: 2 },
  { id: 'format', title: 'Fixes the format', description: 'Asks for a list of actions with dates, under 100 words.', weight: 1 },
];
const examples = [
  ['Summarise the meeting as a list of actions; give each an owner and a due date, in under 100 words.', 95, 95],
  ['List every action from the meeting with who owns it and by when. Keep it short, bullets only.', 90, 80],
  ['Summarise the meeting.', 0, 0],
  ['Write a summary of the meeting notes.', 5, 5],
  ['Tell me what happened in the meeting, with the names of the people responsible for each task.', 70, 10],
  ['Give me the actions as bullets with dates, max 80 words.', 10, 90],
  ['Resume la reunión como lista de acciones, cada una con responsable y fecha, en menos de 100 palabras.', 95, 95],
  ['Haz un resumen de la reunión.', 0, 0],
] as const;

test('a trainer calibrates a graded exercise, is told why it cannot be published yet, and a learner sees practice vs graded', async ({ page, member, adminApi }) => {
  test.setTimeout(120_000);
  const create = async (graded: boolean, status: 'draft' | 'published') => {
    const res = await adminApi.send('POST', '/api/content', {
      kind: 'exercise',
      title: uid(graded ? 'Graded meeting summary' : 'Practice meeting summary'),
      description: 'Meeting summaries with owners.',
      status,
      tags: [],
      details: {
        brief: 'Write a prompt that turns meeting notes into actions with owners.',
        rubric,
        passMark: 60,
        graded,
        referenceAnswer: 'Turn the notes into a bulleted list of actions, each with its owner and due date, under 100 words.',
        exemplars: examples.map(([text, owners, format]) => ({ text, scores: [{ criterionId: 'owners', score: owners }, { criterionId: 'format', score: format }] })),
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const item = res.body as ContentItem;
    expect((await adminApi.send('PUT', `/api/content/${item.id}/assignments`, { communityIds: [member.community.id] })).status).toBe(200);
    return item;
  };
  const graded = await create(true, 'draft');
  const practice = await create(false, 'published');

  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, `/admin/content/exercises/${graded.id}`);
  await expect(page.getByRole('switch', { name: 'Graded' })).toBeChecked();
  await expect(page.getByTestId('exemplar')).toHaveCount(examples.length);
  const panel = page.getByTestId('calibration');
  await expect(panel.getByText('Not calibrated yet.')).toBeVisible();
  await panel.getByRole('button', { name: 'Calibrate' }).click();
  await expect(panel.getByText('Calibration failed')).toBeVisible({ timeout: 30_000 });
  await expect(panel.getByText('Agreement (weighted kappa)')).toBeVisible();
  await expect(panel.getByText('Gaming answers passed')).toBeVisible();
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('calibration-1440') });
  expect(await seriousViolations(page)).toEqual([]);

  const calibration = (await adminApi.send('GET', `/api/exercises/${graded.id}/calibration`)).body as { calibration: Calibration };
  expect(calibration.calibration).toMatchObject({ status: 'failed', current: true, evaluator: { offline: true } });
  expect(calibration.calibration.measures.adversarialPasses).toBe(0);
  const publish = await adminApi.send('PATCH', `/api/content/${graded.id}`, { status: 'published' });
  expect(publish.status).toBe(409);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(panel.getByText('Calibration failed')).toBeVisible();
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('calibration-390') });

  // The admins' content list says where each graded exercise's calibration stands.
  await page.goto('/admin/content/exercises');
  const state = page.getByTestId(`content-row-${graded.title}`).getByTestId('calibration-state').filter({ visible: true });
  await expect(state).toHaveAttribute('data-state', 'failed');
  await page.screenshot({ path: screenshotPath('calibration-list-390'), fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await expect(state).toHaveText('Calibration failed');
  await page.screenshot({ path: screenshotPath('calibration-list-1440'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  // The learner: a practice exercise says so plainly, and its attempt has a score, no verdict.
  const learner = await page.context().browser()?.newContext({ reducedMotion: 'reduce', viewport: { width: 1440, height: 900 } });
  if (!learner) throw new Error('no browser');
  const lp = await learner.newPage();
  await signIn(lp, member.email, member.password, `/exercises/${practice.id}`);
  await expect(lp.getByTestId('exercise-mode')).toHaveText('Practice');
  await lp.getByRole('button', { name: 'Start attempt' }).click();
  await lp.getByRole('textbox', { name: 'Your final answer' }).fill('List the actions from the meeting, each with an owner and a date, in under 100 words.');
  await lp.getByRole('button', { name: 'Submit for scoring' }).click();
  await expect(lp.getByTestId('pass-badge')).toHaveText('Practice', { timeout: 30_000 });
  await lp.screenshot({ path: screenshotPath('practice-learner-1440') });
  expect(await seriousViolations(lp)).toEqual([]);
  await lp.setViewportSize({ width: 390, height: 844 });
  await lp.screenshot({ path: screenshotPath('practice-learner-390') });
  await learner.close();
});
