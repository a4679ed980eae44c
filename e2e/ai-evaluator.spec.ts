import type { AiConnection } from '../contracts/ai.js';
import type { ContentItem } from '../contracts/content.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, screenshotPath, signIn, test, uid } from './fixtures.js';
import { seriousViolations } from './axe.js';

/*
 * An exercise's evaluator chooses its AI connection and model in the content studio, with the same
 * picker as an agent (ADR 0027). Scoring through it is proven against local provider servers by
 * server/modules/exercises/evaluator-connection.test.ts; here: the editor.
 */
test.use({ contextOptions: { reducedMotion: 'reduce' } });

test('an admin chooses the connection and model an exercise is scored with', async ({ page, adminApi }) => {
  test.setTimeout(90_000);
  const name = uid('Judge');
  // Never called here: nothing listens on its address.
  const created = await adminApi.send('POST', '/api/ai/connections', { name, provider: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-e2e-judge-0123456789', models: ['judge-small', 'judge-large'] });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const connection = created.body as AiConnection;

  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/content/exercises/new');
  await page.getByRole('textbox', { name: 'Title' }).fill(uid('Judged exercise'));
  await page.getByRole('textbox', { name: 'Brief' }).fill('Write a prompt that gets a meeting summary with actions.');
  await page.getByRole('textbox', { name: 'Criterion 1' }).fill('Asks for owners');
  await page.getByRole('textbox', { name: 'What good looks like' }).first().fill('Every action names an owner.');
  // Built-in until chosen: the model is then free text for the environment's provider.
  await expect(page.getByRole('combobox', { name: 'Evaluator’s AI connection' })).toHaveValue('Built-in (server default)');
  await page.getByRole('combobox', { name: 'Evaluator’s AI connection' }).click();
  await page.getByRole('option', { name }).click();
  // The connection proposes its first model; the other is one click away.
  const model = page.getByRole('combobox', { name: 'Model', exact: true });
  await expect(model).toHaveValue('judge-small');
  await model.click();
  await page.getByRole('option', { name: 'judge-large' }).click();
  await expect(model).toHaveValue('judge-large');
  await page.getByRole('combobox', { name: 'Evaluator’s AI connection' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('exercise-evaluator-1440') });

  await page.getByRole('button', { name: 'Create exercise' }).click();
  await expect(page).toHaveURL(/\/admin\/content\/exercises\/[0-9a-f-]{36}/, { timeout: 20_000 });
  const id = /exercises\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
  const saved = (await adminApi.send('GET', `/api/content/${id}`)).body as ContentItem;
  expect(saved.details).toMatchObject({ evaluatorConnectionId: connection.id, evaluatorModel: 'judge-large' });

  // Opened again, the editor shows the choice; on a phone too.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Evaluator’s AI connection' })).toHaveValue(name);
  await expect(page.getByRole('combobox', { name: 'Model', exact: true })).toHaveValue('judge-large');
  await page.getByRole('combobox', { name: 'Evaluator’s AI connection' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('exercise-evaluator-390') });
  expect(await seriousViolations(page)).toEqual([]);

  // A connection an evaluator uses cannot be removed while it does.
  const removed = await adminApi.send('DELETE', `/api/ai/connections/${connection.id}`);
  expect(removed.status).toBe(409);
});

test('a member whose community’s budget is used up is told their attempt was not scored, and when it can be', async ({ page, member, adminApi }) => {
  test.setTimeout(90_000);
  const created = await adminApi.send('POST', '/api/content', {
    kind: 'exercise',
    title: uid('Budgeted exercise'),
    description: 'Scored within the community budget.',
    status: 'published',
    tags: [],
    details: { brief: 'Write a prompt that asks for a meeting summary.', rubric: [{ title: 'Asks for owners', description: 'Every action names an owner.', weight: 1 }] },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const exercise = created.body as ContentItem;
  expect((await adminApi.send('PUT', `/api/content/${exercise.id}/assignments`, { communityIds: [member.community.id] })).status).toBe(200);
  expect((await adminApi.send('PUT', `/api/communities/${member.community.id}/budget`, { monthlyLimit: 0, softLimitPercent: 80, perMemberDailyLimit: null })).status).toBe(200);

  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, member.email, member.password, `/exercises/${exercise.id}`);
  await page.getByRole('button', { name: 'Start attempt' }).click();
  const answer = 'Summarise the meeting and give every action an owner.';
  await page.getByRole('textbox', { name: 'Your final answer' }).fill(answer);
  await page.getByRole('button', { name: 'Submit for scoring' }).click();
  const refusal = page.getByTestId('budget-refusal');
  await expect(refusal).toContainText('Not scored yet: the AI budget is used up', { timeout: 20_000 });
  await expect(refusal).toContainText(/Your answer is saved: score it again from .+\./);
  await expect(page.getByRole('textbox', { name: 'Your final answer' })).toHaveValue(answer);
  await page.screenshot({ path: screenshotPath('exercise-budget-refused-1440') });
  expect(await seriousViolations(page)).toEqual([]);
});
