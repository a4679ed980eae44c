import type { ContentItem } from '../contracts/content.js';
import { type FakeProvider, startFakeProvider } from '../server/test/fake-ai-provider.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, screenshotPath, signIn, test, uid } from './fixtures.js';
import { seriousViolations } from './axe.js';
import { E2E_PORT } from './e2e-env.js';

/*
 * Issue 24, "in the browser: a trainer calibrates and publishes an exercise" (ADR 0035). The judge
 * is a local server speaking OpenAI's chat-completions protocol, reached through an
 * `openai-compatible` connection the trainer adds in the UI. Its verdict is a fixed rule that agrees
 * with the trainer: each scored example gets the trainer's own per-criterion scores, anything else
 * (the built-in gaming answers: rubric pasted back, keyword list, negated rubric, off-topic,
 * "award full marks") gets 0. e2e/calibration.spec.ts shows the offline evaluator failing instead.
 */
test.use({ contextOptions: { reducedMotion: 'reduce' } });

const JUDGE_KEY = 'sk-e2e-judge-agreeing-0123456789';
const MODEL = 'judge-agreeing';
const rubric = [
  { id: 'owners', title: 'Asks for owners', description: 'Every action in the summary names an owner.', weight: 2 },
  { id: 'format', title: 'Fixes the format', description: 'Asks for a list of actions with dates, under 100 words.', weight: 1 },
];
type Example = readonly [text: string, owners: number, format: number];
/** Saved with the exercise; the eighth (the calibration's minimum) is typed in the editor. */
const saved: Example[] = [
  ['Summarise the meeting as a list of actions; give each an owner and a due date, in under 100 words.', 95, 95],
  ['List every action from the meeting with who owns it and by when. Keep it short, bullets only.', 90, 80],
  ['Summarise the meeting.', 0, 0],
  ['Write a summary of the meeting notes.', 5, 5],
  ['Tell me what happened in the meeting, with the names of the people responsible for each task.', 70, 10],
  ['Give me the actions as bullets with dates, max 80 words.', 10, 90],
  ['Haz un resumen de la reunión.', 0, 0],
];
const typed: Example = ['Resume la reunión como lista de acciones, cada una con responsable y fecha, en menos de 100 palabras.', 95, 95];
const trainerScores = new Map([...saved, typed].map(([text, owners, format]) => [text, { owners, format } as Record<string, number>]));

const textOf = (content: unknown): string =>
  typeof content === 'string' ? content : Array.isArray(content) ? content.map((p: { text?: string }) => p.text ?? '').join('') : '';

/**
 * The agreeing judge's rule, from the request as the server sent it: the criterion ids from the
 * system prompt's rubric, the learner's final answer from the <learner_work> JSON document.
 */
function agreeingVerdict(body: Record<string, unknown>): string {
  const messages = body.messages as Array<{ role: string; content: unknown }>;
  const system = textOf(messages.find((m) => m.role === 'system')?.content);
  const user = textOf(messages.find((m) => m.role === 'user')?.content);
  const ids = [...system.matchAll(/^- id "([^"]+)" \(weight/gm)].map((m) => m[1] ?? '');
  const work = user.slice(user.indexOf('<learner_work>') + '<learner_work>'.length, user.lastIndexOf('</learner_work>'));
  const answer = (JSON.parse(work) as { finalAnswer: string }).finalAnswer;
  const scores = trainerScores.get(answer);
  return JSON.stringify({
    criteria: ids.map((id) => ({
      criterionId: id,
      score: scores?.[id] ?? 0,
      justification: scores ? `Read as the trainer reads it on ${id}.` : 'This does not do the task.',
      evidence: '',
    })),
    feedback: scores ? 'Keep the owners and dates in every summary.' : 'Write the prompt the brief asks for.',
  });
}

let judge: FakeProvider;
test.beforeAll(async () => {
  judge = await startFakeProvider({ kind: 'reply', reply: agreeingVerdict }, E2E_PORT + 5);
  judge.requiredKey = JUDGE_KEY;
});
test.afterAll(async () => {
  await judge.close();
});

test('a trainer calibrates a graded exercise against an agreeing judge and publishes it', async ({ page, adminApi }) => {
  test.setTimeout(90_000);
  const title = uid('Graded meeting actions');
  const created = await adminApi.send('POST', '/api/content', {
    kind: 'exercise',
    title,
    description: 'Meeting summaries with owners.',
    status: 'draft',
    tags: [],
    details: {
      brief: 'Write a prompt that turns meeting notes into actions with owners.',
      rubric,
      passMark: 60,
      graded: true,
      referenceAnswer: 'Turn the notes into a bulleted list of actions, each with its owner and due date, under 100 words.',
      exemplars: saved.map(([text, owners, format]) => ({ text, scores: [{ criterionId: 'owners', score: owners }, { criterionId: 'format', score: format }] })),
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const exercise = created.body as ContentItem;

  // The connection to the judge, as a trainer adds a local model server.
  const name = uid('Local judge');
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/ai');
  await page.getByRole('button', { name: 'Add connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add an AI connection' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('combobox', { name: 'Provider' }).click();
  await page.getByRole('option', { name: /OpenAI-compatible/ }).click();
  await dialog.getByLabel('Base URL').fill(judge.baseUrl);
  await dialog.getByLabel('API key').fill(JUDGE_KEY);
  await dialog.getByRole('combobox', { name: 'Models' }).fill(MODEL);
  await dialog.getByRole('combobox', { name: 'Models' }).press('Enter');
  await dialog.getByRole('button', { name: 'Save connection' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId(`connection-${name}`)).toBeVisible();

  // The editor: the judge as evaluator, and the eighth scored example typed in.
  await page.goto(`/admin/content/exercises/${exercise.id}`);
  await page.getByRole('combobox', { name: 'Evaluator’s AI connection' }).click();
  await page.getByRole('option', { name }).click();
  await expect(page.getByRole('combobox', { name: 'Model', exact: true })).toHaveValue(MODEL);
  await page.getByRole('button', { name: 'Add an example' }).click();
  const example = page.getByTestId('exemplar').last();
  await example.getByRole('textbox', { name: 'Example 8' }).fill(typed[0]);
  await example.getByRole('textbox', { name: 'Asks for owners' }).fill(String(typed[1]));
  await example.getByRole('textbox', { name: 'Fixes the format' }).fill(String(typed[2]));
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText(`Saved “${title}”.`)).toBeVisible();

  const panel = page.getByTestId('calibration');
  await expect(panel.getByText('Not calibrated yet.')).toBeVisible();
  await panel.getByRole('button', { name: 'Calibrate' }).click();
  // The panel polls the run; the job scores 8 examples and 5 gaming answers, 3 samples each.
  await expect(panel.getByText(/^(Calibrated|Calibration failed)$/)).toBeVisible({ timeout: 30_000 });
  await expect(panel.getByText('Calibrated', { exact: true })).toBeVisible();
  await expect(panel.getByText(`Evaluator: ${MODEL}`)).toBeVisible();
  const measure = (label: string) => panel.getByText(label, { exact: true }).locator('xpath=following-sibling::*[1]');
  await expect(measure('Agreement (weighted kappa)')).toHaveText('1.00');
  await expect(measure('Gaming answers passed')).toHaveText('0');
  await expect(measure('Clear fails passed')).toHaveText('0');
  await expect(panel.getByText('Not yet trustworthy')).toHaveCount(0);
  // Every call went to the judge with the stored key and the chosen model, and told it the verdict's shape.
  expect(judge.requests.length).toBeGreaterThanOrEqual(13 * 3);
  expect(judge.requests.every((r) => r.apiKey === JUDGE_KEY && r.body.model === MODEL)).toBe(true);
  expect(JSON.stringify(judge.requests[0]?.body.messages)).toContain('criterionId');

  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('calibration-passed-1440') });
  expect(await seriousViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('calibration-passed-390') });
  await page.setViewportSize({ width: 1440, height: 900 });

  // Published from the editor: the calibration vouches for exactly what is saved.
  await page.getByText('Published', { exact: true }).click();
  const publish = page.waitForResponse((r) => r.url().endsWith(`/api/content/${exercise.id}`) && r.request().method() === 'PATCH');
  await page.getByRole('button', { name: 'Save changes' }).click();
  expect((await publish).status()).toBe(200);
  await expect(page.getByText('Not saved')).toHaveCount(0);
  expect(((await adminApi.send('GET', `/api/content/${exercise.id}`)).body as ContentItem).status).toBe('published');

  // The library tells an admin it is calibrated.
  await page.goto(`/library?kind=exercise&q=${encodeURIComponent(title)}`);
  const badge = page.getByTestId(`library-card-${title}`).getByTestId('calibration-state');
  await expect(badge).toHaveAttribute('data-state', 'calibrated');
  await expect(badge).toHaveText('Calibrated');
});
