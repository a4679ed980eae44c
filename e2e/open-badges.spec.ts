import { readFileSync } from 'node:fs';
import { seriousViolations } from './axe.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, signIn, test, uid } from './fixtures.js';
import { LOADED, settled, shootAtBothWidths } from './layout.js';

/**
 * A learner takes their certificate to a digital wallet: "Download credential" beside the PDF, and
 * the public verify page offers the same Open Badges 3.0 credential (a signed VC-JWT); an admin
 * rotates the key that signs them.
 */

test('a learner downloads the credential, and the verify page offers it for a wallet', async ({ page, member, adminApi, browser }) => {
  test.setTimeout(120_000);
  // Set up through the API: a one-step program with a certificate, completed by the member.
  const doc = await adminApi.send('POST', '/api/content', {
    kind: 'document',
    title: uid('Badge reading'),
    description: 'One page to read.',
    status: 'published',
    tags: [],
    details: { bodyHtml: '<p>Prompting is a skill you can practise.</p>' },
  });
  expect(doc.status, JSON.stringify(doc.body)).toBe(201);
  const docId = (doc.body as { id: string }).id;
  expect((await adminApi.send('PUT', `/api/content/${docId}/assignments`, { communityIds: [member.community.id] })).status).toBe(200);
  const title = uid('Wallet-ready program');
  const program = await adminApi.send('POST', '/api/programs', { title, status: 'published', steps: [{ contentId: docId }], certificate: { enabled: true, validDays: 365 } });
  expect(program.status, JSON.stringify(program.body)).toBe(201);
  const programId = (program.body as { id: string }).id;
  expect((await adminApi.send('PUT', `/api/programs/${programId}/assignments`, { communityIds: [member.community.id] })).status).toBe(200);

  const login = await page.request.post('/api/auth/login', { data: { email: member.email, password: member.password } });
  const token = ((await login.json()) as { accessToken: string }).accessToken;
  const auth = { Authorization: `Bearer ${token}` };
  expect((await page.request.post(`/api/content/${docId}/progress`, { headers: auth, data: { action: 'completed' } })).ok()).toBe(true);
  const certificates = (await (await page.request.get('/api/certificates', { headers: auth })).json()) as { items: Array<{ code: string }> };
  const code = certificates.items[0]?.code ?? '';
  expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);

  // The learner: "Download credential" beside the certificate's PDF saves the VC-JWT.
  await signIn(page, member.email, member.password, `/programs/${programId}`);
  await settled(page);
  const button = page.getByRole('button', { name: `Download credential: ${title}` });
  await expect(button).toBeVisible(LOADED);
  const [saved] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(saved.suggestedFilename()).toMatch(/\.jwt$/);
  const jwt = readFileSync((await saved.path()) ?? '', 'utf8');
  expect(jwt.split('.')).toHaveLength(3);
  const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as { type: string[]; name: string };
  expect(payload).toMatchObject({ type: ['VerifiableCredential', 'OpenBadgeCredential'], name: title });
  expect(await seriousViolations(page)).toEqual([]);
  await shootAtBothWidths(page, 'program-credential');

  // Anyone with the link: the verify page offers the credential for a wallet, signed out.
  const signedOut = await browser.newContext();
  const anonymous = await signedOut.newPage();
  try {
    await anonymous.goto(`/verify/${code}`);
    await expect(anonymous.getByTestId('verify-outcome')).toHaveText('Valid certificate', LOADED);
    const offer = anonymous.getByTestId('credential-offer');
    await expect(offer.getByRole('button', { name: 'Download credential' })).toBeVisible();
    await expect(offer.getByRole('button', { name: 'Copy credential' })).toBeVisible();
    const [fromVerify] = await Promise.all([anonymous.waitForEvent('download'), offer.getByRole('button', { name: 'Download credential' }).click()]);
    expect(readFileSync((await fromVerify.path()) ?? '', 'utf8').split('.')).toHaveLength(3);
    expect(await seriousViolations(anonymous)).toEqual([]);
    await shootAtBothWidths(anonymous, 'verify-credential');
  } finally {
    await signedOut.close();
  }

  // An admin sees which key signs, and rotates it; the old one stays published.
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/programs');
  const card = page.getByTestId('signing-key-card');
  await expect(card.getByText('Signing key', { exact: true })).toBeVisible(LOADED);
  await card.getByRole('button', { name: 'Rotate signing key' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Rotate signing key' }).click();
  await expect(card.getByText('Retired keys', { exact: true })).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);
  await shootAtBothWidths(page, 'signing-keys');
});
