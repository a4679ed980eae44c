import type { Page } from '@playwright/test';
import { makePdf } from '../server/test/knowledge-fixtures.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, screenshotPath, signIn, test, uid } from './fixtures.js';
import { seedContent } from './sandbox-fixtures.js';

const FACT = 'The Zephyr onboarding budget is 4730 euros for every new hire, paid in the first month.';

async function settle(page: Page) {
  // Notifications slide away; screenshots are taken without them.
  await expect(page.locator('.mantine-Notification-root')).toHaveCount(0, { timeout: 15_000 });
}

test('an admin attaches a PDF to an agent in the editor, and a member gets an answer that quotes it with the file as source', async ({
  page,
  browser,
  adminApi,
}) => {
  test.setTimeout(180_000);
  const community = await adminApi.createCommunity(uid('Knowledge'), 'Onboarding team.');
  const member = await adminApi.createUser({ displayName: 'Mia Member', communityIds: [community.id] });
  const agent = await seedContent(
    {
      kind: 'agent',
      title: `Onboarding Guide ${uid('a')}`,
      description: 'Answers questions about onboarding from the HR handbook.',
      details: { systemPrompt: 'You answer questions about onboarding at Zephyr.' },
    },
    [community.id],
  );
  const fileName = `${uid('zephyr-handbook')}.pdf`;
  const pdf = await makePdf(['Zephyr onboarding handbook', `Budget. ${FACT}`, 'Parking. Staff park on level two of the garage.']);

  // The admin uploads the PDF in the agent editor and waits until it has been read.
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, `/admin/content/agents/${agent.id}`);
  const knowledge = page.getByTestId('agent-knowledge');
  await expect(knowledge).toBeVisible();
  await knowledge.locator('input[type="file"]').setInputFiles({ name: fileName, mimeType: 'application/pdf', buffer: pdf });
  const files = knowledge.getByRole('list', { name: 'Attached files' });
  const row = files.getByRole('listitem').filter({ hasText: fileName });
  await expect(row).toBeVisible();
  await expect(row.getByText('Ready')).toBeVisible({ timeout: 60_000 });
  await expect(row).toContainText(/\d+ passages?/);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText(`Saved “${agent.title}”.`)).toBeVisible();
  await settle(page);
  await knowledge.scrollIntoViewIfNeeded();
  await knowledge.screenshot({ path: screenshotPath('knowledge-editor-1440') });
  await page.setViewportSize({ width: 390, height: 844 });
  await knowledge.scrollIntoViewIfNeeded();
  await knowledge.screenshot({ path: screenshotPath('knowledge-editor-390') });

  // After a reload the saved file is still attached (read back with GET /api/knowledge/files?ids=).
  await page.reload();
  await expect(page.getByTestId('agent-knowledge').getByRole('list', { name: 'Attached files' }).getByText(fileName)).toBeVisible();

  // A member of the agent's community asks; the offline model quotes the retrieved passage.
  const memberContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
  const memberPage = await memberContext.newPage();
  await signIn(memberPage, member.email, member.password, `/sandbox?agent=${agent.id}`);
  const box = memberPage.getByRole('textbox', { name: 'Message' });
  await box.fill('What is the Zephyr onboarding budget for a new hire?');
  await box.press('Enter');
  const answer = memberPage.locator('[data-testid="message"][data-role="assistant"]').first();
  await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
  await expect(answer).toContainText('4730 euros');
  const citations = answer.getByTestId('citations');
  await expect(citations).toContainText(fileName);
  await expect(citations).toContainText('4730 euros');
  // An uploaded file has no library page: its title is text, not a link.
  await expect(citations.getByRole('link')).toHaveCount(0);
  await answer.scrollIntoViewIfNeeded();
  await memberPage.screenshot({ path: screenshotPath('knowledge-answer-1440') });
  await memberPage.setViewportSize({ width: 390, height: 844 });
  await answer.getByTestId('citations').scrollIntoViewIfNeeded();
  await memberPage.screenshot({ path: screenshotPath('knowledge-answer-390') });
  await memberContext.close();
});
