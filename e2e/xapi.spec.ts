import { LrsStandIn } from '../server/test/lrs-stand-in.js';
import { seriousViolations } from './axe.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, signIn, test } from './fixtures.js';
import { LOADED, settled, shootAtBothWidths } from './layout.js';

/**
 * A training lead connects a client's LMS (its Learning Record Store) to the client's community, tests
 * the connection, and sees the community's records arrive there: a real local LRS speaking xAPI.
 */

const lrs = new LrsStandIn('northwind-key', 'northwind-secret');

test.beforeAll(async () => {
  await lrs.start();
});
test.afterAll(async () => {
  await lrs.stop();
});

test('an admin connects a community to its LRS, tests it and sees the records delivered', async ({ page, adminApi }) => {
  const list = await adminApi.send('GET', '/api/communities?q=Northwind');
  const community = (list.body as { items: Array<{ id: string; name: string }> }).items.find((c) => c.name === 'Northwind Logistics');
  expect(community, 'the demo community').toBeDefined();
  const id = community?.id ?? '';
  try {
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, `/admin/communities/${id}`);
    await settled(page);
    const card = page.getByTestId('lrs-settings');
    await expect(card.getByText('Not connected')).toBeVisible(LOADED);
    await card.getByLabel('LRS address').fill(lrs.endpoint);
    await card.getByLabel('Key (user name)').fill(lrs.username);
    await card.getByLabel('Secret (password)').fill(lrs.password);
    await card.getByRole('button', { name: 'Connect' }).click();
    await expect(card.getByText('Sending')).toBeVisible();

    await card.getByRole('button', { name: 'Test the connection' }).click();
    await expect(card.getByText('The LRS answered', { exact: true })).toBeVisible();

    // The demo community's scored attempts and completions reach the LRS, each statement once.
    await expect.poll(() => lrs.statements.length, { timeout: 45_000 }).toBeGreaterThan(0);
    expect(new Set(lrs.statements.map((s) => s.id)).size).toBe(lrs.statements.length);
    expect(JSON.stringify(lrs.statements)).not.toContain('mailto:');
    await page.reload();
    await settled(page);
    await expect(card.getByText(/[1-9]\d* sent, \d+ waiting, 0 refused by the LRS/)).toBeVisible({ timeout: 45_000 });

    expect(await seriousViolations(page)).toEqual([]);
    await shootAtBothWidths(page, 'lrs-settings');
  } finally {
    await adminApi.send('DELETE', `/api/communities/${id}/lrs`);
  }
});
