import type { ContentItem } from '../contracts/content.js';
import { ContentApi, copiedTexts, gradientPng, stubClipboard } from './content-fixtures.js';
import { expect, screenshotPath, signIn, test, uid } from './fixtures.js';

interface Seeded {
  video: ContentItem;
  vimeo: ContentItem;
  document: ContentItem;
  prompt: ContentItem;
  agent: ContentItem;
  automation: ContentItem;
  draft: ContentItem;
}

async function seedLibrary(communityId: string): Promise<Seeded> {
  const api = await ContentApi.create();
  const on = [communityId];
  const published = 'published' as const;
  const seeded: Seeded = {
    video: await api.createContent(
      {
        kind: 'video',
        title: 'Getting started with AI assistants',
        description: 'A ten-minute tour of what assistants are good at, and where they are not.',
        status: published,
        tags: ['basics'],
        details: { url: 'https://youtu.be/dQw4w9WgXcQ', durationSeconds: 612, transcript: 'Welcome to the tour.' },
      },
      on,
    ),
    vimeo: await api.createContent(
      {
        kind: 'video',
        title: 'Case study: support team',
        description: 'How a support team halved its reply time.',
        status: published,
        details: { url: 'https://vimeo.com/76979871' },
      },
      on,
    ),
    document: await api.createContent(
      {
        kind: 'document',
        title: 'Writing clear instructions',
        description: 'Five rules for prompts that get the answer you meant.',
        status: published,
        details: {
          bodyHtml:
            '<h2>Be specific</h2><p>Say who the answer is for and what it is for.</p><ul><li>Audience</li><li>Goal</li><li>Format</li></ul><blockquote><p>Vague in, vague out.</p></blockquote><p><a href="https://example.com">Read more</a></p><script>window.__pwned = true</script><img src=x onerror="window.__pwned = true">',
        },
      },
      on,
    ),
    prompt: await api.createContent(
      {
        kind: 'prompt',
        title: 'Summarise a long thread',
        description: 'Turn a messy email thread into decisions and open questions.',
        status: published,
        details: { promptText: 'Summarise this thread for {{audience}}:\n\n{{thread}}\n\nList decisions, then open questions.', category: 'Writing' },
      },
      on,
    ),
    agent: await api.createContent(
      {
        kind: 'agent',
        title: 'Negotiation sparring partner',
        description: 'Rehearse a tough conversation before you have it.',
        status: published,
        details: {
          systemPrompt: 'SECRET-SYSTEM-PROMPT: play a tough buyer.',
          welcomeMessage: 'Ready when you are. Who am I playing today?',
          starterPrompts: ['Play a procurement manager', 'Push back on my discount'],
        },
      },
      on,
    ),
    automation: await api.createContent(
      {
        kind: 'automation',
        title: 'Inbox triage',
        description: 'Labels and drafts replies for routine emails.',
        status: published,
        details: {
          workflowUrl: 'https://zapier.example.com/shared/inbox-triage',
          requiredTools: ['Zapier', 'Gmail'],
          toolDescription: 'Sorts incoming mail and drafts answers for the easy ones.',
          setupInstructions: '- Copy the Zap\n- Connect Gmail\n- Turn it on',
        },
      },
      on,
    ),
    draft: await api.createContent(
      { kind: 'prompt', title: 'Unfinished draft prompt', status: 'draft', details: { promptText: 'Not ready' } },
      on,
    ),
  };
  await api.dispose();
  return seeded;
}

test.describe('member library', () => {
  test('a member browses, filters, opens and completes their assigned content', async ({ page, member }) => {
    test.setTimeout(120_000);
    const seeded = await seedLibrary(member.community.id);
    // One card with a thumbnail, the others with their kind's artwork.
    const admin = await ContentApi.create();
    await admin.uploadThumbnail(seeded.video.id, gradientPng());
    await admin.dispose();

    await stubClipboard(page);
    await signIn(page, member.email, member.password, '/library');
    const grid = page.getByTestId('library-grid');
    await expect(grid.getByRole('link')).toHaveCount(6);
    await expect(grid).not.toContainText('Unfinished draft prompt');
    await page.screenshot({ path: screenshotPath('library'), fullPage: true });

    // Kinds and search.
    await page.getByText('Videos', { exact: true }).click();
    await expect(page).toHaveURL(/\?kind=video$/);
    await expect(grid.getByRole('link')).toHaveCount(2);
    await page.getByText('All', { exact: true }).click();
    await page.getByLabel('Search the library').fill('thread');
    await expect(grid.getByRole('link')).toHaveCount(1);
    await expect(grid.getByRole('link', { name: 'Summarise a long thread' })).toBeVisible();
    await page.getByLabel('Search the library').fill('nothing like this exists');
    await expect(page.getByTestId('library-empty')).toContainText('Nothing matches');
    await page.getByLabel('Search the library').fill('');

    // A video: its embed, and it counts as opened.
    await grid.getByRole('link', { name: 'Getting started with AI assistants' }).click();
    await expect(page.getByTestId('video-player')).toHaveAttribute('src', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
    await expect(page.getByText('Welcome to the tour.')).toBeVisible();
    await expect(page.getByText('10 min')).toBeVisible();
    await page.screenshot({ path: screenshotPath('library-video') });

    // Mark complete, undo, complete again.
    await page.getByRole('button', { name: 'Mark complete' }).click();
    await expect(page.getByText('Completed ✓')).toBeVisible();
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(page.getByRole('button', { name: 'Mark complete' })).toBeVisible();
    await page.getByRole('button', { name: 'Mark complete' }).click();
    await expect(page.getByText('Completed ✓')).toBeVisible();
    await page.getByRole('link', { name: 'Library' }).first().click();
    await expect(grid.getByRole('link', { name: 'Getting started with AI assistants' })).toContainText('Completed');

    // Vimeo plays in the Vimeo player.
    await page.goto(`/library/${seeded.vimeo.id}`);
    await expect(page.getByTestId('video-player')).toHaveAttribute('src', 'https://player.vimeo.com/video/76979871');

    // A document: the server-sanitised HTML, styled; nothing from the script or the onerror ran.
    await page.goto(`/library/${seeded.document.id}`);
    const doc = page.getByTestId('document-body');
    await expect(doc.getByRole('heading', { name: 'Be specific' })).toBeVisible();
    await expect(doc.getByRole('listitem')).toHaveCount(3);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
    await page.screenshot({ path: screenshotPath('library-document'), fullPage: true });

    // Opening recorded "viewed" for both (the cards say so).
    await page.goto('/library');
    await expect(grid.getByRole('link', { name: 'Writing clear instructions' })).toContainText('Opened');

    // A prompt's variables are filled on the page; it copies filled, and counts.
    await page.goto(`/library/${seeded.prompt.id}`);
    await expect(page.getByTestId('prompt-text').locator('mark')).toHaveCount(2);
    await page.getByLabel('audience').fill('the sales team');
    await expect(page.getByTestId('prompt-text').locator('mark')).toHaveCount(1);
    await expect(page.getByTestId('prompt-text')).toContainText('Summarise this thread for the sales team:');
    await page.getByRole('button', { name: 'Copy prompt' }).click();
    await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
    await expect(page.getByTestId('prompt-copies')).toContainText('You copied this once.');
    await expect(page.getByRole('button', { name: 'Copy prompt' })).toBeVisible({ timeout: 5_000 });
    await page.getByRole('button', { name: 'Copy prompt' }).click();
    await expect(page.getByTestId('prompt-copies')).toContainText('You copied this 2 times.');
    expect(await copiedTexts(page)).toHaveLength(2);
    expect((await copiedTexts(page))[0]).toContain('Summarise this thread for the sales team:\n\n{{thread}}');
    await page.screenshot({ path: screenshotPath('library-prompt'), fullPage: true });
    // "Use in sandbox" takes what was typed along: after picking an agent, the insert form has it.
    await page.getByRole('link', { name: 'Use in sandbox' }).click();
    await page.getByRole('button', { name: 'Start chat' }).first().click();
    await expect(page.getByRole('dialog').getByLabel('audience')).toHaveValue('the sales team');

    // An agent never shows its system prompt to members.
    await page.goto(`/library/${seeded.agent.id}`);
    await expect(page.getByText('Ready when you are. Who am I playing today?')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Chat in sandbox' })).toHaveAttribute('href', `/sandbox?agent=${seeded.agent.id}`);
    await expect(page.getByText('SECRET-SYSTEM-PROMPT')).toHaveCount(0);

    // An automation: tools, steps, the workflow link.
    await page.goto(`/library/${seeded.automation.id}`);
    await expect(page.getByTestId('setup-steps').getByRole('listitem')).toHaveCount(3);
    await expect(page.getByRole('link', { name: 'Open workflow' })).toHaveAttribute('target', '_blank');
    await page.screenshot({ path: screenshotPath('library-automation'), fullPage: true });

    // A draft is not reachable even by id.
    await page.goto(`/library/${seeded.draft.id}`);
    await expect(page.getByTestId('library-not-found')).toBeVisible();
  });

  test('a member of another community sees none of it', async ({ browser, adminApi }) => {
    test.setTimeout(90_000);
    const acme = await adminApi.createCommunity(`Acme ${uid('c')}`);
    const other = await adminApi.createCommunity(`Umbrella ${uid('c')}`);
    const seeded = await seedLibrary(acme.id);
    const outsider = await adminApi.createUser({ displayName: 'Otto Outsider', communityIds: [other.id] });

    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, outsider.email, outsider.password, '/library');
    await expect(page.getByTestId('library-empty')).toContainText('Your library is empty for now');
    await page.getByLabel('Search the library').fill('Getting started');
    await expect(page.getByTestId('library-empty')).toContainText('Nothing matches');
    await page.screenshot({ path: screenshotPath('library-empty'), fullPage: true });
    for (const item of [seeded.video, seeded.document, seeded.prompt]) {
      await page.goto(`/library/${item.id}`);
      await expect(page.getByTestId('library-not-found')).toBeVisible();
    }
    await context.close();
  });
});

