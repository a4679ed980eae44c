import type { Locator, Page } from '@playwright/test';
import { expect, screenshotPath, signIn, test } from './fixtures.js';
import { seedContent, writingCoach } from './sandbox-fixtures.js';

const answers = (page: Page) => page.locator('[data-testid="message"][data-role="assistant"]');
const userMessages = (page: Page) => page.locator('[data-testid="message"][data-role="user"]');

async function textLength(locator: Locator): Promise<number> {
  return ((await locator.textContent()) ?? '').length;
}

test('a member chats with an agent, watches the answer stream, stops one, and finds both again in the history', async ({
  page,
  member,
}) => {
  test.setTimeout(120_000);
  await seedContent(writingCoach(), [member.community.id]);
  await seedContent(
    {
      kind: 'agent',
      title: 'Meeting Summariser',
      description: 'Turns rough meeting notes into decisions, owners and next steps.',
      details: {
        systemPrompt: 'You are a meeting assistant who writes crisp summaries.',
        starterPrompts: ['Summarise these notes into action items'],
        welcomeMessage: 'Paste your notes and I will pull out the decisions.',
      },
    },
    [member.community.id],
  );

  await signIn(page, member.email, member.password, '/sandbox');
  const coach = page.getByTestId('agent-card').filter({ hasText: 'Writing Coach' });
  await expect(coach.getByRole('button', { name: 'Help me write a polite follow-up email' })).toBeVisible();
  await expect(page.getByTestId('agent-card')).toHaveCount(2);
  await page.screenshot({ path: screenshotPath('sandbox-agent-picker') });

  // Pick the agent: its welcome message, then the first message creates the conversation.
  await coach.getByRole('button', { name: 'Start chat with Writing Coach' }).click();
  await expect(page).toHaveURL(/[?&]agent=/);
  await expect(page.getByTestId('welcome-message')).toContainText('writing coach');
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('How do I ask my manager for feedback on a quarterly report?');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/sandbox\/[0-9a-f-]{36}/);

  // The answer streams: its text grows over time, then it completes and is saved.
  const first = answers(page).first();
  await expect(first).toHaveAttribute('data-status', 'streaming');
  const lengths: number[] = [];
  for (let i = 0; i < 40 && (await first.getAttribute('data-status')) === 'streaming'; i += 1) {
    lengths.push(await textLength(first));
    await page.waitForTimeout(60);
  }
  const distinct = [...new Set(lengths)];
  expect(distinct.length, `text lengths seen while streaming: ${lengths.join(', ')}`).toBeGreaterThanOrEqual(3);
  expect(distinct).toEqual([...distinct].sort((a, b) => a - b));
  await expect(first).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
  // The demo model answers the kind of request asked (a message to write), in the agent's voice.
  await expect(first).toContainText('A prompt you could send next');
  await expect(first.locator('ol li')).toHaveCount(3);
  await expect(first.locator('strong').first()).toHaveText('Name the reader and the one thing they should do');
  // The demo model is named once: in the header, not again under each of its answers.
  await expect(page.getByTestId('offline-badge')).toHaveText('Offline demo model');
  await expect(page.getByTestId('offline-label')).toHaveCount(0);
  await expect(page.getByTestId('conversation-title')).toHaveText('How do I ask my manager for feedback on a quarterly report?');
  await page.screenshot({ path: screenshotPath('sandbox-conversation') });
  const fullLength = await textLength(first);

  // A second message, stopped mid-stream: what arrived is kept, marked as stopped.
  await box.fill('Can you give me a shorter version with a sample sentence?');
  await box.press('Enter');
  const second = answers(page).nth(1);
  await expect(second).toHaveAttribute('data-status', 'streaming');
  await expect.poll(() => textLength(second), { timeout: 10_000, intervals: [20] }).toBeGreaterThan(20);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(second).toHaveAttribute('data-status', 'stopped');
  await expect(second.getByTestId('stopped-badge')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeVisible();
  expect(await textLength(second)).toBeLessThan(fullLength);

  // A second conversation, started from a starter prompt on the picker.
  await page.getByRole('link', { name: 'New chat' }).click();
  await page
    .getByTestId('agent-card')
    .filter({ hasText: 'Writing Coach' })
    .getByRole('button', { name: 'Help me write a polite follow-up email' })
    .click();
  await expect(page).toHaveURL(/\/sandbox\/[0-9a-f-]{36}/);
  await expect(userMessages(page)).toHaveText(['Help me write a polite follow-up email']);
  await expect(answers(page).first()).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });

  // After a reload both conversations are in the history, with their saved messages and states.
  await page.reload();
  const history = page.getByTestId('history');
  await expect(history.getByTestId('history-item')).toHaveCount(2);
  await expect(history.getByTestId('history-group-today')).toBeVisible();
  await history.getByRole('link', { name: /How do I ask my manager/ }).click();
  await expect(userMessages(page)).toHaveCount(2);
  await expect(answers(page)).toHaveCount(2);
  await expect(answers(page).nth(0)).toHaveAttribute('data-status', 'complete');
  await expect(answers(page).nth(1)).toHaveAttribute('data-status', 'stopped');
  await expect(answers(page).nth(1).getByTestId('stopped-badge')).toBeVisible();

  // Searching a word that only the stopped exchange contains finds that conversation alone.
  await history.getByRole('textbox', { name: 'Search conversations' }).fill('sample');
  await expect(page).toHaveURL(/[?&]q=sample/);
  await expect(history.getByTestId('history-item')).toHaveCount(1);
  await expect(history.getByTestId('history-item')).toContainText('How do I ask my manager');
  await expect(history).toContainText('1 result for “sample”');
  await page.screenshot({ path: screenshotPath('sandbox-history-search') });

  // Rename, opened from the conversation's ⋯ menu and closed with Escape, gives focus back to that button.
  const menuButton = history.getByTestId('history-item').getByRole('button', { name: /^Actions for / });
  await menuButton.click();
  await page.getByRole('menuitem', { name: 'Rename' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(menuButton).toBeFocused();

  // The search survives a reload (it lives in the URL).
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Search conversations' })).toHaveValue('sample');
  await expect(page.getByTestId('history-item')).toHaveCount(1);

  // Phone width: the history moves into a drawer.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByTestId('history')).toBeHidden();
  await expect(answers(page)).toHaveCount(2);
  // No room for the header badge: the line under the title names the demo model instead.
  await expect(page.getByTestId('offline-badge')).toBeHidden();
  await expect(page.getByTestId('offline-subtitle')).toHaveText('· Offline demo model');
  await page.screenshot({ path: screenshotPath('sandbox-phone') });
  await page.getByRole('button', { name: 'Open conversation history' }).click();
  await expect(page.getByTestId('history').getByTestId('history-item')).toHaveCount(1);
  await page.screenshot({ path: screenshotPath('sandbox-phone-history') });
});

test('a member fills a library prompt into the message, then regenerates and edits the conversation', async ({
  page,
  member,
}) => {
  test.setTimeout(90_000);
  const agent = await seedContent(writingCoach('Email Coach'), [member.community.id]);
  const prompt = await seedContent(
    {
      kind: 'prompt',
      title: 'Polite reminder',
      description: 'A friendly nudge about something overdue.',
      details: { promptText: 'Write a polite reminder to {{person}} about {{topic}}.', category: 'Email' },
    },
    [member.community.id],
  );

  await signIn(page, member.email, member.password, `/sandbox?agent=${agent.id}&prompt=${prompt.id}`);
  const dialog = page.getByRole('dialog', { name: 'Insert a prompt' });
  await expect(dialog.getByText('Polite reminder', { exact: true })).toBeVisible();
  await dialog.getByRole('textbox', { name: 'person' }).fill('Sam');
  await expect(dialog.getByTestId('prompt-preview')).toHaveText('Write a polite reminder to Sam about {{topic}}.');
  await dialog.getByRole('textbox', { name: 'topic' }).fill('the budget review');
  await dialog.getByRole('button', { name: 'Insert into message' }).click();
  await expect(dialog).toBeHidden();
  const box = page.getByRole('textbox', { name: 'Message' });
  await expect(box).toHaveValue('Write a polite reminder to Sam about the budget review.');
  await expect(page).not.toHaveURL(/prompt=/);

  // Shift+Enter breaks the line instead of sending.
  await box.press('End');
  await box.press('Shift+Enter');
  await box.pressSequentially('Keep it short.');
  await expect(box).toHaveValue('Write a polite reminder to Sam about the budget review.\nKeep it short.');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/sandbox\/[0-9a-f-]{36}/);
  await expect(answers(page).first()).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
  await expect(answers(page).first()).toContainText('Write a polite reminder to Sam about the budget review.');

  // Regenerate replaces the last answer.
  await answers(page).first().hover();
  await page.getByRole('button', { name: 'Regenerate' }).click();
  await expect(answers(page).first()).toHaveAttribute('data-status', 'streaming');
  await expect(answers(page).first()).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
  await expect(answers(page)).toHaveCount(1);

  // Edit-and-resend replaces the message and its answer.
  await userMessages(page).first().hover();
  await page.getByRole('button', { name: 'Edit and resend' }).click();
  const editor = page.getByRole('textbox', { name: 'Edit your message' });
  await editor.fill('Write a polite reminder to Alex about the offsite.');
  await page.getByRole('button', { name: 'Save & resend' }).click();
  await expect(answers(page).first()).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
  await expect(userMessages(page)).toHaveText(['Write a polite reminder to Alex about the offsite.']);
  await expect(answers(page)).toHaveCount(1);
  await expect(answers(page).first()).toContainText('Alex about the offsite');

  await page.reload();
  await expect(userMessages(page)).toHaveText(['Write a polite reminder to Alex about the offsite.']);
  await expect(answers(page)).toHaveCount(1);
});
