import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, screenshotPath, signIn, test, uid } from './fixtures.js';
import { seriousViolationsAllRules } from './axe.js';
import { LOADED, settled, shootAtBothWidths } from './layout.js';

/** A wide purple PNG with a lighter band: a logo the eye can find on the certificate. */
function logoPng(width = 240, height = 60): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x += 1) row.set(y > 20 && y < 40 && x > 20 ? [177, 151, 252] : [95, 61, 196], 1 + x * 3);
    rows.push(row);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

async function adminToken(page: Page): Promise<string> {
  const login = await page.request.post('/api/auth/login', { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
  return ((await login.json()) as { accessToken: string }).accessToken;
}

/**
 * Draws the PDF's first page with pdf.js (the copy unpdf ships) in a page of its own, so the
 * certificate itself can be looked at: headless Chromium has no PDF viewer.
 */
async function shootPdf(page: Page, pdf: Buffer, name: string): Promise<void> {
  const pdfjs = readFileSync('node_modules/unpdf/dist/pdfjs.mjs');
  await page.route('http://pdf.test/**', (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/pdfjs.mjs') return route.fulfill({ body: pdfjs, contentType: 'text/javascript' });
    if (path === '/file.pdf') return route.fulfill({ body: pdf, contentType: 'application/pdf' });
    return route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><body style="margin:0;background:#dee2e6"><canvas id="c"></canvas><script type="module">
        const { getDocument } = await import('/pdfjs.mjs');
        const data = new Uint8Array(await (await fetch('/file.pdf')).arrayBuffer());
        const doc = await getDocument({ data, isEvalSupported: false, useSystemFonts: false }).promise;
        const p = await doc.getPage(1);
        const viewport = p.getViewport({ scale: 1.6 });
        const canvas = document.getElementById('c');
        canvas.width = viewport.width; canvas.height = viewport.height;
        await p.render({ canvasContext: canvas.getContext('2d'), viewport }).promise;
        document.body.dataset.pages = String(doc.numPages);
      </script></body>`,
    });
  });
  await page.setViewportSize({ width: 1360, height: 960 });
  await page.goto('http://pdf.test/');
  await expect(page.locator('body')).toHaveAttribute('data-pages', '1', { timeout: 30_000 });
  await page.locator('#c').screenshot({ path: screenshotPath(name) });
}

test.use({ contextOptions: { reducedMotion: 'reduce' } });

test('an admin sets who awards certificates, gives a program its hours and previews its certificate without issuing one', async ({ page, adminApi, browser }) => {
  test.setTimeout(180_000);
  const token = await adminToken(page);
  const headers = { Authorization: `Bearer ${token}` };
  const community = await adminApi.createCommunity(uid('Contoso Retail'));
  const title = uid('Customer emails with AI');
  const created = await page.request.post('/api/programs', { headers, data: { title, status: 'published', hours: 4 } });
  expect(created.status(), await created.text()).toBe(201);
  const programId = ((await created.json()) as { id: string }).id;
  const assigned = await page.request.put(`/api/programs/${programId}/assignments`, { headers, data: { communityIds: [community.id] } });
  expect(assigned.status(), await assigned.text()).toBe(200);
  const certificatesBefore = ((await (await page.request.get('/api/certificates', { headers })).json()) as { items: unknown[] }).items.length;

  // Certificate settings on the Programs page: organisation, signatory, logo.
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/programs');
  await settled(page);
  const card = page.getByTestId('certificate-branding-card');
  await expect(card.getByRole('heading', { name: 'Certificate settings' })).toBeVisible(LOADED);
  await card.getByRole('textbox', { name: 'Organisation name' }).fill('Northwind Training Partners');
  await card.getByRole('textbox', { name: 'Signed by (name)' }).fill('Sofía Núñez');
  await card.getByRole('textbox', { name: 'Signatory’s title' }).fill('Head of Learning and Development');
  await card.getByRole('button', { name: 'Save certificate settings' }).click();
  await expect(page.getByText('Certificate settings saved.')).toBeVisible();
  await card.locator('input[type="file"]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: logoPng() });
  await expect(card.getByRole('img', { name: 'The organisation’s logo' })).toBeVisible();
  await expect(card.getByRole('button', { name: 'Replace logo' })).toBeVisible();
  // Not a picture, whatever its name says: refused, and the card says why.
  await card.locator('input[type="file"]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
  await expect(card.getByRole('alert')).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  await settled(page);
  expect(await seriousViolationsAllRules(page)).toEqual([]);
  await shootAtBothWidths(page, 'certificate-settings');

  // The builder: hours in the certificate card, and the preview.
  await page.goto(`/admin/programs/${programId}`);
  await settled(page);
  const hours = page.getByRole('textbox', { name: 'Learning hours' });
  await expect(hours).toHaveValue('4', LOADED);
  await hours.fill('12.5');
  await expect(page.getByText('The preview shows the saved program: save to see your changes.')).toBeVisible();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Shows the certificate this program issues, with a sample learner. Nothing is issued.')).toBeVisible();
  await settled(page);
  expect(await seriousViolationsAllRules(page)).toEqual([]);
  await page.getByRole('button', { name: 'Preview certificate' }).scrollIntoViewIfNeeded();
  await shootAtBothWidths(page, 'certificate-builder');

  const answered = page.waitForResponse((r) => r.url().endsWith(`/api/programs/${programId}/certificate-preview`));
  await page.getByRole('button', { name: 'Preview certificate' }).click();
  const response = await answered;
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  const dialog = page.getByRole('dialog', { name: 'Certificate preview' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('link', { name: 'Open the PDF in a new tab' })).toHaveAttribute('href', /^blob:/);
  await expect(dialog.getByRole('button', { name: 'Download the PDF' })).toBeVisible();
  expect(await seriousViolationsAllRules(page)).toEqual([]);
  await shootAtBothWidths(page, 'certificate-preview-dialog');
  await dialog.getByRole('button', { name: 'Close the preview' }).click();
  await expect(dialog).toHaveCount(0);

  // Nothing was issued by previewing.
  const certificatesAfter = ((await (await page.request.get('/api/certificates', { headers })).json()) as { items: unknown[] }).items.length;
  expect(certificatesAfter).toBe(certificatesBefore);

  // The certificate itself, in English and in Spanish, looked at as a picture.
  const viewer = await browser.newPage();
  for (const [language, name] of [
    ['en', 'certificate-preview-pdf-en'],
    ['es', 'certificate-preview-pdf-es'],
  ] as const) {
    const pdf = await page.request.get(`/api/programs/${programId}/certificate-preview`, { headers: { ...headers, 'accept-language': language } });
    expect(pdf.status()).toBe(200);
    await shootPdf(viewer, await pdf.body(), name);
  }
  await viewer.close();
});
