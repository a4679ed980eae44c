import type { Page } from '@playwright/test';
import { ContentApi, copiedTexts, gradientPng, stubClipboard } from './content-fixtures.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, screenshotPath, signIn, test, uid } from './fixtures.js';

const UUID = '[0-9a-f-]{36}';

async function openNew(page: Page, slug: string, heading: string) {
  await page.goto(`/admin/content/${slug}/new`);
  await expect(page.getByRole('heading', { name: heading })).toBeVisible();
}

async function fillShared(page: Page, input: { title: string; description: string; community: string; tags?: string[] }) {
  await page.getByRole('textbox', { name: /^Title/ }).fill(input.title);
  await page.getByRole('textbox', { name: /^Description/ }).fill(input.description);
  await page.locator('label', { hasText: /^Published$/ }).click();
  await page.getByRole('combobox', { name: 'Communities' }).click();
  await page.getByRole('option', { name: input.community }).click();
  await page.keyboard.press('Escape');
  for (const tag of input.tags ?? []) {
    const tags = page.locator('input').and(page.getByLabel('Tags'));
    await tags.fill(tag);
    await tags.press('Enter');
  }
}

/** Saves a new item; answers its id once the editor shows the saved item. */
async function create(page: Page, slug: string, one: string): Promise<string> {
  await page.getByRole('button', { name: `Create ${one}` }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/content/${slug}/${UUID}$`));
  await expect(page.getByText(/^Last saved/)).toBeVisible();
  return page.url().split('/').pop() ?? '';
}

async function settle(page: Page) {
  // Notifications slide away; screenshots are taken without them.
  await expect(page.locator('.mantine-Notification-root')).toHaveCount(0, { timeout: 10_000 });
}

test.describe('content studio', () => {
  test('an admin creates one item of each kind in the editors, and a member of the community opens each in the library', async ({
    page,
    browser,
    adminApi,
  }) => {
    test.setTimeout(240_000);
    const community = await adminApi.createCommunity(`Acme Sales ${uid('c')}`, 'Sales team.');
    const member = await adminApi.createUser({ displayName: 'Mia Member', communityIds: [community.id] });
    const ids: Record<string, string> = {};

    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/content/agents');
    await expect(page.getByRole('heading', { name: 'Agents' })).toBeVisible();

    // Agent.
    await page.getByRole('link', { name: 'New agent' }).first().click();
    await expect(page.getByRole('heading', { name: 'New agent' })).toBeVisible();
    await fillShared(page, {
      title: 'Sales email coach',
      description: 'Practise cold emails with a coach that gives direct, kind feedback.',
      community: community.name,
      tags: ['sales', 'email'],
    });
    await page
      .getByRole('textbox', { name: /^System prompt/ })
      .fill('You are a sales email coach. Ask for the draft, then give three concrete improvements.');
    await page.getByRole('textbox', { name: /^Max output tokens/ }).fill('2048');
    const slider = page.getByRole('slider', { name: 'Temperature' });
    await slider.focus();
    for (let i = 0; i < 3; i += 1) await slider.press('ArrowRight');
    await expect(page.getByText('Temperature: 1.0')).toBeVisible();
    await page.getByRole('textbox', { name: /^Welcome message/ }).fill('Hi! Paste the email you want to improve.');
    await page.getByRole('button', { name: 'Add starter prompt' }).click();
    await page.getByRole('textbox', { name: 'Starter prompt 1' }).fill('Review my cold email to a CFO');
    await page.getByRole('button', { name: 'Add starter prompt' }).click();
    await page.getByRole('textbox', { name: 'Starter prompt 2' }).fill('Make this follow-up shorter');
    ids.agent = await create(page, 'agents', 'agent');
    await expect(page.getByRole('link', { name: 'Try in sandbox' })).toHaveAttribute('href', `/sandbox?agent=${ids.agent}`);
    await settle(page);
    await page.screenshot({ path: screenshotPath('editor-agent'), fullPage: true });

    // Unsaved changes are guarded, in-app and on unload.
    await page.getByRole('textbox', { name: /^Title/ }).fill('Sales email coach (v2)');
    await page.getByRole('link', { name: 'Agents', exact: true }).first().click();
    const discard = page.getByRole('dialog', { name: 'Discard unsaved changes?' });
    await expect(discard).toBeVisible();
    await discard.getByRole('button', { name: 'Keep editing' }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/content/agents/${ids.agent}$`));
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText(/unsaved changes/)).toHaveCount(0);

    // Duplicate, then delete the copy.
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Duplicate' }).click();
    await expect(page.getByRole('heading', { name: 'Copy of Sales email coach (v2)' })).toBeVisible();
    expect(page.url()).not.toContain(ids.agent);
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete agent' }).click();
    await expect(page).toHaveURL(/\/admin\/content\/agents$/);
    await expect(page.getByRole('table', { name: 'Agents' })).toContainText('Sales email coach (v2)');
    await expect(page.getByRole('table', { name: 'Agents' })).not.toContainText('Copy of');

    // Video: a server validation error lands on the form, then the live preview.
    await openNew(page, 'videos', 'New video');
    await fillShared(page, {
      title: 'Prompting in five minutes',
      description: 'The three habits that make answers better, shown on real examples.',
      community: community.name,
      tags: ['basics'],
    });
    const url = page.getByRole('textbox', { name: /^Video URL/ });
    await url.fill('https://example.com/talks/prompting.html');
    await expect(page.getByTestId('video-preview-empty')).toContainText('not a YouTube, Vimeo or video file link');
    await page.getByRole('button', { name: 'Create video' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Not saved' })).toContainText('Use a YouTube or Vimeo link');
    // The server names the field, so the message also marks the URL input itself.
    await expect(url).toHaveAttribute('aria-invalid', 'true');
    await expect(page).toHaveURL(/\/admin\/content\/videos\/new$/);
    await url.fill('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    await expect(page.getByTestId('video-preview')).toHaveAttribute('src', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
    await page.getByRole('textbox', { name: /^Duration/ }).fill('4:05');
    await page.getByRole('textbox', { name: /^Transcript/ }).fill('Today we look at three habits: context, examples and constraints.');
    await page.locator('input[type=file]').setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: gradientPng() });
    await expect(page.getByTestId('thumbnail-image')).toBeVisible();
    ids.video = await create(page, 'videos', 'video');
    await expect(page.getByTestId('thumbnail-image')).toHaveAttribute('src', /^\/uploads\/.+\.png$/);
    await settle(page);
    await page.screenshot({ path: screenshotPath('editor-video'), fullPage: true });

    // Document, in the rich-text editor.
    await openNew(page, 'documents', 'New document');
    await fillShared(page, {
      title: 'A field guide to prompt patterns',
      description: 'Role, task, context, format: a checklist to keep next to your keyboard.',
      community: community.name,
    });
    const body = page.locator('.ProseMirror');
    await body.click();
    await page.keyboard.press('Control+Alt+2');
    await page.keyboard.type('Why patterns help');
    await page.keyboard.press('Enter');
    await page.keyboard.type('A pattern is a shape your request can take. ');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('Good patterns are boring');
    await page.keyboard.press('Control+b');
    await page.keyboard.type(' and that is the point.');
    await expect(body.locator('h2')).toHaveText('Why patterns help');
    await expect(page.getByText(/words · about 1 min read/)).toBeVisible();
    ids.document = await create(page, 'documents', 'document');
    await expect(page.locator('.ProseMirror strong')).toHaveText('Good patterns are boring');
    await settle(page);
    await page.screenshot({ path: screenshotPath('editor-document'), fullPage: true });

    // Prompt, with its variables found as it is typed.
    await openNew(page, 'prompts', 'New prompt');
    await fillShared(page, {
      title: 'Follow-up after a demo',
      description: 'A warm, short follow-up that moves the deal to the next step.',
      community: community.name,
    });
    const promptText = 'Write a follow-up email to {{customer}} after our demo of {{product}}.\nKeep it under 120 words and end with one clear next step.';
    await page.getByRole('textbox', { name: /^Prompt/ }).fill(promptText);
    await expect(page.getByTestId('prompt-variables')).toHaveText('customerproduct');
    await expect(page.getByTestId('prompt-preview').locator('mark')).toHaveCount(2);
    await page.getByRole('textbox', { name: 'Category' }).fill('Sales');
    ids.prompt = await create(page, 'prompts', 'prompt');
    await settle(page);
    await page.screenshot({ path: screenshotPath('editor-prompt'), fullPage: true });

    // Automation.
    await openNew(page, 'automations', 'New automation');
    await fillShared(page, {
      title: 'Meeting notes to CRM',
      description: 'Turns meeting transcripts into CRM notes and follow-up tasks.',
      community: community.name,
    });
    await page.getByRole('textbox', { name: /^Workflow URL/ }).fill('https://n8n.example.com/workflow/42');
    const tools = page.locator('input').and(page.getByLabel('Required tools'));
    for (const tool of ['n8n', 'OpenAI', 'HubSpot']) {
      await tools.fill(tool);
      await tools.press('Enter');
    }
    await page.getByRole('textbox', { name: /^Tool description/ }).fill('Listens for new transcripts and writes a summary to the deal.');
    await page
      .getByRole('textbox', { name: /^Setup instructions/ })
      .fill('1. Import the workflow into n8n\n2. Connect your OpenAI and HubSpot accounts\n3. Run it once with a sample transcript');
    ids.automation = await create(page, 'automations', 'automation');
    await settle(page);
    await page.screenshot({ path: screenshotPath('editor-automation'), fullPage: true });

    // The repository lists them with status and community.
    await page.goto('/admin/content/videos');
    const row = page.getByRole('table', { name: 'Videos' }).getByRole('row', { name: /Prompting in five minutes/ });
    await expect(row).toContainText('Published');
    await expect(row).toContainText(community.name);
    await page.screenshot({ path: screenshotPath('content-repository-videos'), fullPage: true });

    // A member of the community finds each one in the library.
    const memberContext = await browser.newContext();
    const memberPage = await memberContext.newPage();
    await stubClipboard(memberPage);
    await signIn(memberPage, member.email, member.password, '/library');
    const grid = memberPage.getByTestId('library-grid');
    for (const title of ['Sales email coach (v2)', 'Prompting in five minutes', 'A field guide to prompt patterns', 'Follow-up after a demo', 'Meeting notes to CRM']) {
      await expect(grid.getByRole('link', { name: title })).toBeVisible();
    }

    await grid.getByRole('link', { name: 'Prompting in five minutes' }).click();
    await expect(memberPage.getByRole('heading', { name: 'Prompting in five minutes' })).toBeVisible();
    await expect(memberPage.getByTestId('video-player')).toHaveAttribute('src', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');

    await memberPage.goto(`/library/${ids.document}`);
    await expect(memberPage.getByTestId('document-body').locator('h2')).toHaveText('Why patterns help');
    await expect(memberPage.getByTestId('document-body').locator('strong')).toHaveText('Good patterns are boring');

    await memberPage.goto(`/library/${ids.prompt}`);
    await memberPage.getByRole('button', { name: 'Copy prompt' }).click();
    await expect(memberPage.getByRole('button', { name: 'Copied' })).toBeVisible();
    await expect(memberPage.getByTestId('prompt-copies')).toContainText('You copied this once.');
    expect(await copiedTexts(memberPage)).toEqual([promptText]);
    await expect(memberPage.getByRole('link', { name: 'Use in sandbox' })).toHaveAttribute('href', `/sandbox?prompt=${ids.prompt}`);

    await memberPage.goto(`/library/${ids.agent}`);
    await expect(memberPage.getByText('Hi! Paste the email you want to improve.')).toBeVisible();
    await expect(memberPage.getByText('Review my cold email to a CFO')).toBeVisible();
    await expect(memberPage.getByRole('link', { name: 'Chat in sandbox' })).toHaveAttribute('href', `/sandbox?agent=${ids.agent}`);

    await memberPage.goto(`/library/${ids.automation}`);
    await expect(memberPage.getByTestId('required-tools')).toHaveText('n8nOpenAIHubSpot');
    await expect(memberPage.getByTestId('setup-steps').getByRole('listitem')).toHaveCount(3);
    await expect(memberPage.getByRole('link', { name: 'Open workflow' })).toHaveAttribute('href', 'https://n8n.example.com/workflow/42');
    await memberContext.close();

    // The admin's own view of the prompt counts the copy.
    const api = await ContentApi.create();
    const prompt = await api.getContent(ids.prompt);
    expect(prompt.kind === 'prompt' && prompt.details.copyCount).toBe(1);
    await api.dispose();
  });

  test('an admin searches, filters, pages and bulk-edits the repository', async ({ page, adminApi }) => {
    test.setTimeout(120_000);
    const globex = await adminApi.createCommunity(`Globex ${uid('c')}`);
    const api = await ContentApi.create();
    const tag = uid('batch').toLowerCase().slice(0, 30);
    for (let i = 1; i <= 27; i += 1) {
      await api.createContent({
        kind: 'automation',
        title: `Batch workflow ${String(i).padStart(2, '0')}`,
        description: `Seeded automation number ${i}.`,
        status: i % 3 === 0 ? 'published' : 'draft',
        tags: [tag],
        details: { workflowUrl: `https://make.example.com/scenario/${i}`, requiredTools: ['Make'], toolDescription: '', setupInstructions: '' },
      });
    }
    await api.dispose();

    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/content/automations');
    const filtered = page.waitForResponse((r) => r.url().includes(`tag=${tag}`) && r.ok());
    await page.getByLabel('Filter by tag').fill(tag);
    await filtered;
    const table = page.getByRole('table', { name: 'Automations' });
    await expect(table.getByRole('row')).toHaveCount(26); // header + the first page of 25
    // The next page loads when the end of the list scrolls into view (the button is the keyboard fallback).
    await page.getByRole('button', { name: 'Load more' }).scrollIntoViewIfNeeded();
    await expect(table.getByRole('row')).toHaveCount(28);
    await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);

    // Sort by title and search.
    await page.getByRole('combobox', { name: 'Sort' }).click();
    await page.getByRole('option', { name: 'Title A–Z' }).click();
    await expect(table.getByRole('row').nth(1)).toContainText('Batch workflow 01');
    await page.getByLabel('Search content').fill('Batch workflow 07');
    await expect(table.getByRole('row')).toHaveCount(2);
    await page.getByLabel('Search content').fill('');

    // Status filter.
    await page.getByRole('combobox', { name: 'Filter by status' }).click();
    await page.getByRole('option', { name: 'Published' }).click();
    await expect(table.getByRole('row')).toHaveCount(10);
    await page.getByRole('combobox', { name: 'Filter by status' }).click();
    await page.getByRole('option', { name: 'Draft' }).click();
    await expect(table.getByRole('row')).toHaveCount(19);

    // Bulk: publish two drafts, assign them, then delete them.
    await page.getByRole('checkbox', { name: 'Select Batch workflow 01' }).check();
    await page.getByRole('checkbox', { name: 'Select Batch workflow 02' }).check();
    await expect(page.getByTestId('bulk-bar')).toContainText('2 selected');
    await page.screenshot({ path: screenshotPath('content-repository'), fullPage: true });
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(page.getByText('Published 2 automations.')).toBeVisible();
    await expect(table.getByRole('row')).toHaveCount(17); // they left the Draft filter

    await page.getByRole('combobox', { name: 'Filter by status' }).click();
    await page.getByRole('option', { name: 'Published' }).click();
    await page.getByRole('checkbox', { name: 'Select Batch workflow 01' }).check();
    await page.getByRole('checkbox', { name: 'Select Batch workflow 02' }).check();
    await page.getByRole('button', { name: 'Assign…' }).click();
    const assign = page.getByRole('dialog', { name: 'Assign to communities' });
    await assign.getByRole('combobox', { name: 'Communities' }).click();
    await page.getByRole('option', { name: globex.name }).click();
    await assign.getByText(/^Members of these communities/).click(); // closes the dropdown
    await assign.getByRole('button', { name: 'Assign' }).click();
    await expect(assign).toBeHidden();
    await expect(table.getByRole('row', { name: /Batch workflow 01/ })).toContainText(globex.name);

    await page.getByRole('combobox', { name: 'Filter by community' }).click();
    await page.getByRole('option', { name: globex.name }).click();
    await expect(table.getByRole('row')).toHaveCount(3);
    await page.getByRole('checkbox', { name: 'Select all' }).check();
    await page.getByTestId('bulk-bar').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete 2 items?' }).getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByText('No automations match')).toBeVisible();
  });

  test('an admin previews a CSV import, sees refused rows first, then confirms it', async ({ page, adminApi }) => {
    const community = await adminApi.createCommunity(`Initech ${uid('c')}`);
    const fresh = `${uid('csv')}@example.com`;
    const existing = await adminApi.createUser({ displayName: 'Already Here' });
    const csv = [
      'email,display name,role,communities,communityRole',
      `${fresh},Casey Csv,member,${community.name},manager`,
      `${existing.email},Already Here,member,${community.name},`,
      'not-an-email,Broken Row,member,,',
      `${uid('ghost')}@example.com,Ghost,member,No Such Community,`,
    ].join('\n');

    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/users');
    await page.getByRole('link', { name: 'Import CSV' }).click();
    await expect(page.getByRole('heading', { name: 'Import people' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Download the CSV template' })).toHaveAttribute('download', 'people-import-template.csv');
    await page.locator('input[type=file]').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByTestId('import-preview');
    await expect(preview.getByTestId('import-count-to-create')).toHaveText('1');
    await expect(preview.getByTestId('import-count-to-update')).toHaveText('1');
    await expect(preview.getByTestId('import-count-refused')).toHaveText('2');
    const rows = preview.getByRole('table', { name: 'Import results' }).getByRole('row');
    await expect(rows.nth(1)).toContainText('Refused');
    await expect(rows.nth(2)).toContainText('Unknown communities');
    await expect(rows.nth(3)).toContainText(fresh);
    await expect(rows.nth(4)).toContainText('To update');
    await settle(page);
    await page.screenshot({ path: screenshotPath('users-import-preview'), fullPage: true });

    await page.getByRole('button', { name: 'Confirm import (2 people)' }).click();
    const report = page.getByTestId('import-report');
    await expect(report.getByTestId('import-count-created')).toHaveText('1');
    await expect(report.getByTestId('import-count-updated')).toHaveText('1');
    await expect(preview).toHaveCount(0);
    await settle(page);
    await page.screenshot({ path: screenshotPath('users-import'), fullPage: true });

    // Pasting works too.
    await page.getByText('Paste CSV').click();
    await page.getByRole('textbox', { name: 'CSV' }).fill(`email,display name\n${uid('paste')}@example.com,Pat Paste`);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('button', { name: 'Confirm import (1 person)' }).click();
    await expect(report.getByTestId('import-count-created')).toHaveText('1');
    await expect(report.getByTestId('import-count-refused')).toHaveText('0');
  });
});
