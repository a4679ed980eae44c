import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeFileName } from '../modules/knowledge/knowledge.routes.js';
import { sampleContent } from './content-fixtures.js';
import { createTestApp, seedUser, signIn, type SignedIn, type TestApp } from './test-app.js';

describe('small hardening items (issue 26, finding 11)', () => {
  let t: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    t = await createTestApp();
    await seedUser(t.database, { email: 'admin@example.com', role: 'admin' });
    admin = await signIn(t.app, 'admin@example.com');
  });
  afterAll(async () => t.close());

  it('refuses javascript: and data: thumbnails, accepts https and site paths', async () => {
    for (const thumbnailUrl of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:image/svg+xml;base64,PHN2Zz4=', '//evil.example/x.png']) {
      const response = await t.app.inject({ method: 'POST', url: '/api/content', headers: admin.auth, payload: { ...sampleContent('document', 'Thumb'), thumbnailUrl } });
      expect(response.statusCode, thumbnailUrl).toBe(400);
    }
    const ok = await t.app.inject({ method: 'POST', url: '/api/content', headers: admin.auth, payload: { ...sampleContent('document', 'Thumb ok'), thumbnailUrl: 'https://cdn.example.com/t.png' } });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('strips bidi and format characters from display names and uploaded file names', async () => {
    const response = await t.app.inject({ method: 'PATCH', url: '/api/profile', headers: admin.auth, payload: { displayName: 'Ana \u202Egnp.exe\u202C Ruiz\u200B' } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<{ user: { displayName: string } }>().user.displayName).toBe('Ana gnp.exe Ruiz');
    expect((await t.app.inject({ method: 'PATCH', url: '/api/profile', headers: admin.auth, payload: { displayName: '\u202E\u2066' } })).statusCode).toBe(400);
    expect(safeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
  });
});

describe('client disconnects (issue 26, finding 11)', () => {
  it('are a client error, never "database unavailable"', async () => {
    const { toErrorPayload } = await import('../plugins/errors.js');
    const aborted = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    expect(toErrorPayload(aborted)).toMatchObject({ status: 400, code: 'bad_request' });
    const databaseReset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(toErrorPayload(databaseReset)).toMatchObject({ status: 503, code: 'database_unavailable' });
  });
});
