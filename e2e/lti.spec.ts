import type { JSONWebKeySet } from 'jose';
import { LtiPlatform } from '../server/test/lti-platform.js';
import { seriousViolations } from './axe.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, signIn, test } from './fixtures.js';
import { LOADED, settled, shootAtBothWidths } from './layout.js';

/**
 * A training lead registers the client's LMS (an LTI 1.3 platform: a local emulator with its own
 * keys) for the client's community, reads the values the LMS administrator enters, and checks the
 * connection (the platform's keyset is fetched).
 */

const lms = new LtiPlatform(async (): Promise<JSONWebKeySet> => ({ keys: [] }));

test.beforeAll(async () => {
  await lms.start();
});
test.afterAll(async () => {
  await lms.stop();
});

test('an admin registers a learning platform and checks its connection', async ({ page, adminApi }) => {
  const list = await adminApi.send('GET', '/api/communities?q=Northwind');
  const community = (list.body as { items: Array<{ id: string; name: string }> }).items.find((c) => c.name === 'Northwind Logistics');
  expect(community, 'the demo community').toBeDefined();
  const id = community?.id ?? '';
  let platformId = '';
  try {
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, `/admin/communities/${id}`);
    await settled(page);
    const card = page.getByTestId('lti-platforms');
    await expect(card.getByText('None', { exact: true })).toBeVisible(LOADED);
    await expect(card.getByText(/\/lti\/login$/)).toBeVisible();
    await expect(card.getByText(/\/lti\/jwks$/)).toBeVisible();
    const r = lms.registration;
    await card.getByLabel('Platform ID (issuer)').fill(r.issuer);
    await card.getByLabel('Client ID').fill(r.clientId);
    await card.getByLabel('Deployment IDs').fill(r.deploymentIds.join(', '));
    await card.getByLabel('Public keyset URL').fill(r.jwksUrl);
    await card.getByLabel('Authentication request URL').fill(r.authLoginUrl);
    await card.getByLabel('Access token URL').fill(r.accessTokenUrl);
    await card.getByRole('button', { name: 'Register platform' }).click();
    await expect(card.getByTestId('lti-platform').getByText(r.issuer)).toBeVisible();
    await expect(card.getByText('1 platform', { exact: true })).toBeVisible();

    await card.getByRole('button', { name: 'Check connection' }).click();
    await expect(card.getByText('The platform answered', { exact: true })).toBeVisible();

    expect(await seriousViolations(page)).toEqual([]);
    await shootAtBothWidths(page, 'lti-platforms');
    const listed = await adminApi.send('GET', `/api/communities/${id}/lti-platforms`);
    platformId = (listed.body as { platforms: Array<{ id: string }> }).platforms[0]?.id ?? '';
  } finally {
    if (platformId) await adminApi.send('DELETE', `/api/communities/${id}/lti-platforms/${platformId}`);
  }
});
