import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentKinds } from '../../../contracts/content.js';
import { createTestApp, seedUser, signIn, type SignedIn, type TestApp } from '../../test/test-app.js';
import { sampleContent } from '../../test/content-fixtures.js';

/** Never a 500; every refusal in the contract's error shape. */
function expectHandled(response: LightMyRequestResponse): void {
  expect(response.statusCode, response.body).toBeLessThan(500);
  if (response.statusCode >= 400) {
    const body = response.json<{ error?: { code?: unknown; message?: unknown; requestId?: unknown } }>();
    expect(typeof body.error?.code).toBe('string');
    expect(typeof body.error?.message).toBe('string');
    expect(typeof body.error?.requestId).toBe('string');
  }
}

// Values shaped like the real fields, wrong in every way fast-check can find.
const jsonValue = fc.jsonValue({ maxDepth: 3 });
const almostContent = fc.record(
  {
    kind: fc.oneof(fc.constantFrom(...contentKinds), fc.string()),
    title: fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 50 }), jsonValue),
    description: jsonValue,
    status: fc.oneof(fc.constantFrom('draft', 'published', 'archived'), fc.string()),
    tags: fc.oneof(fc.array(fc.string(), { maxLength: 30 }), jsonValue),
    details: fc.oneof(
      fc.record({ url: fc.oneof(fc.webUrl(), fc.string()), systemPrompt: fc.string(), promptText: fc.string({ unit: 'binary' }), workflowUrl: fc.oneof(fc.webUrl(), fc.string()), temperature: fc.oneof(fc.double(), fc.string()), bodyHtml: fc.string() }, { requiredKeys: [] }),
      jsonValue,
    ),
  },
  { requiredKeys: [] },
);

describe('content endpoints under arbitrary input', () => {
  let t: TestApp;
  let admin: SignedIn;
  let existing: string;

  beforeAll(async () => {
    t = await createTestApp({ API_RATE_LIMIT_PER_MINUTE: '1000000' });
    await seedUser(t.database, { email: 'admin@example.com', role: 'admin' });
    admin = await signIn(t.app, 'admin@example.com');
    const created = await t.app.inject({ method: 'POST', url: '/api/content', headers: admin.auth, payload: sampleContent('agent', 'Fuzz target') });
    existing = created.json<{ id: string }>().id;
  });
  afterAll(() => t.close());

  const runs = { numRuns: 60 };

  it('POST /api/content never fails with a 500', async () => {
    await fc.assert(
      fc.asyncProperty(almostContent, async (payload) => {
        expectHandled(await t.app.inject({ method: 'POST', url: '/api/content', headers: admin.auth, payload }));
      }),
      runs,
    );
  });

  it('PATCH /api/content/:id never fails with a 500', async () => {
    await fc.assert(
      fc.asyncProperty(almostContent, fc.oneof(fc.constant(existing), fc.uuid(), fc.string()), async (payload, id) => {
        const { kind: _kind, ...patch } = payload;
        expectHandled(await t.app.inject({ method: 'PATCH', url: `/api/content/${encodeURIComponent(id)}`, headers: admin.auth, payload: patch }));
      }),
      runs,
    );
  });

  it('GET /api/content never fails with a 500, whatever the query', async () => {
    const query = fc.dictionary(fc.constantFrom('kind', 'q', 'status', 'communityId', 'tag', 'limit', 'cursor', 'sort', 'other'), fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 30 }), fc.integer().map(String), fc.uuid()));
    await fc.assert(
      fc.asyncProperty(query, async (params) => {
        const qs = new URLSearchParams(params).toString();
        expectHandled(await t.app.inject({ method: 'GET', url: `/api/content?${qs}`, headers: admin.auth }));
      }),
      runs,
    );
  });

  it('assignment, bulk, progress and id routes never fail with a 500', async () => {
    await fc.assert(
      fc.asyncProperty(jsonValue, fc.oneof(fc.constant(existing), fc.uuid(), fc.string({ maxLength: 50 })), async (payload, id) => {
        const path = encodeURIComponent(id);
        expectHandled(await t.app.inject({ method: 'PUT', url: `/api/content/${path}/assignments`, headers: admin.auth, payload: { communityIds: payload } }));
        expectHandled(await t.app.inject({ method: 'POST', url: '/api/content/bulk', headers: admin.auth, payload: { action: 'assign', ids: [id], communityIds: payload } }));
        expectHandled(await t.app.inject({ method: 'POST', url: `/api/content/${path}/progress`, headers: admin.auth, payload: { action: payload } }));
        expectHandled(await t.app.inject({ method: 'GET', url: `/api/content/${path}`, headers: admin.auth }));
        expectHandled(await t.app.inject({ method: 'POST', url: `/api/content/${path}/duplicate`, headers: admin.auth }));
      }),
      { numRuns: 40 },
    );
  });

  it('strings holding NUL characters are refused with 400, not 500', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/content', headers: admin.auth, payload: sampleContent('prompt', 'a\u0000b') });
    expect(response.statusCode).toBe(400);
    expectHandled(await t.app.inject({ method: 'GET', url: '/api/content?q=%00abc', headers: admin.auth }));
  });

  it('raw, non-JSON bodies are refused in the error shape', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'), async (body, type) => {
        expectHandled(await t.app.inject({ method: 'POST', url: '/api/content', headers: { ...admin.auth, 'content-type': type }, payload: body }));
      }),
      runs,
    );
  });
});
