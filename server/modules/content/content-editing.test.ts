import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem } from '../../../contracts/content.js';
import { createTestApp, errorCode, seedCommunity, seedUser, signIn, type SignedIn, type TestApp } from '../../test/test-app.js';
import { sampleContent } from '../../test/content-fixtures.js';
import { parseVideoUrl } from './video-url.js';

const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

function multipart(field: string, filename: string, bytes: Buffer, type: string) {
  const boundary = '----aigymtestboundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('editing content', () => {
  let t: TestApp;
  let admin: SignedIn;
  let member: SignedIn;
  let community: string;

  beforeAll(async () => {
    t = await createTestApp();
    community = await seedCommunity(t.database, 'Alpha');
    await seedUser(t.database, { email: 'admin@example.com', role: 'admin' });
    await seedUser(t.database, { email: 'm@example.com', communities: [{ id: community, role: 'member' }] });
    admin = await signIn(t.app, 'admin@example.com');
    member = await signIn(t.app, 'm@example.com');
  });
  afterAll(() => t.close());

  const create = async (payload: object) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/content', headers: admin.auth, payload });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<ContentItem>();
  };
  const read = async (id: string, who = admin) => (await t.app.inject({ method: 'GET', url: `/api/content/${id}`, headers: who.auth })).json<ContentItem>();

  it('stores a document with scripts, event handlers and javascript: links inert', async () => {
    const hostile = '<p onclick="steal()">Hello<script>alert(1)</script></p><img src="x" onerror="alert(2)"><a href="javascript:alert(3)">click</a><iframe src="https://evil"></iframe><a href="https://ok.example">fine</a>';
    const doc = await create(sampleContent('document', 'Hostile', { details: { bodyHtml: hostile } }));
    await t.app.inject({ method: 'PUT', url: `/api/content/${doc.id}/assignments`, headers: admin.auth, payload: { communityIds: [community] } });
    const served = await read(doc.id, member);
    const html = served.kind === 'document' ? served.details.bodyHtml : '';
    expect(html).not.toMatch(/<script|onerror|onclick|javascript:|<iframe/i);
    expect(html).toContain('Hello');
    expect(html).toContain('href="https://ok.example"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });

  it('refuses a prompt with a {{two words}} placeholder, saying which one', async () => {
    const refused = await t.app.inject({ method: 'POST', url: '/api/content', headers: admin.auth, payload: sampleContent('prompt', 'Spaced', { details: { promptText: 'Email {{customer name}} today.' } }) });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ error: { message: string } }>().error.message).toContain('{{customer name}} is not a variable');
    const fine = await t.app.inject({ method: 'POST', url: '/api/content', headers: admin.auth, payload: sampleContent('prompt', 'Underscored', { details: { promptText: 'Email {{customer_name}} today.' } }) });
    expect(fine.statusCode, fine.body).toBe(201);
  });

  it('derives word count and reading time from a document', async () => {
    const words = Array.from({ length: 450 }, (_, i) => `word${i}`).join(' ');
    const doc = await create(sampleContent('document', 'Long read', { details: { bodyHtml: `<p>${words}</p>` } }));
    expect(doc.kind === 'document' && doc.details).toMatchObject({ wordCount: 450, readingMinutes: 2 });
  });

  it('parses YouTube, Vimeo and direct video links and refuses others with a clear error', async () => {
    expect(parseVideoUrl('https://youtu.be/dQw4w9WgXcQ')).toMatchObject({ platform: 'youtube', externalId: 'dQw4w9WgXcQ' });
    expect(parseVideoUrl('https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10')).toMatchObject({ platform: 'youtube', externalId: 'dQw4w9WgXcQ' });
    expect(parseVideoUrl('https://www.youtube.com/shorts/dQw4w9WgXcQ').embedUrl).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
    expect(parseVideoUrl('https://vimeo.com/76979871')).toMatchObject({ platform: 'vimeo', externalId: '76979871' });
    expect(parseVideoUrl('https://player.vimeo.com/video/76979871')).toMatchObject({ platform: 'vimeo', externalId: '76979871' });
    expect(parseVideoUrl('https://cdn.example.com/clips/intro.mp4')).toMatchObject({ platform: 'file' });
    const refused = await t.app.inject({ method: 'POST', url: '/api/content', headers: admin.auth, payload: sampleContent('video', 'Bad', { details: { url: 'https://dailymotion.com/video/x7' } }) });
    expect(refused.statusCode).toBe(400);
    expect(errorCode(refused)).toBe('validation_failed');
    expect(refused.json<{ error: { message: string } }>().error.message).toMatch(/YouTube or Vimeo/);
    const noId = await t.app.inject({ method: 'POST', url: '/api/content', headers: admin.auth, payload: sampleContent('video', 'Bad', { details: { url: 'https://www.youtube.com/watch' } }) });
    expect(noId.statusCode).toBe(400);
    expect(await t.database.handle.db.selectFrom('content_items').select('id').where('title', '=', 'Bad').execute()).toEqual([]);
  });

  it('lists a prompt’s {{variables}} and counts copies made by members', async () => {
    const prompt = await create(sampleContent('prompt', 'Summariser'));
    expect(prompt.kind === 'prompt' && prompt.details.variables).toEqual(['text', 'audience']);
    await t.app.inject({ method: 'PUT', url: `/api/content/${prompt.id}/assignments`, headers: admin.auth, payload: { communityIds: [community] } });
    for (let i = 0; i < 2; i += 1) {
      const copied = await t.app.inject({ method: 'POST', url: `/api/content/${prompt.id}/progress`, headers: member.auth, payload: { action: 'copied' } });
      expect(copied.statusCode).toBe(200);
    }
    const after = await read(prompt.id);
    expect(after.kind === 'prompt' && after.details.copyCount).toBe(2);
    expect((await read(prompt.id, member)).progress).toMatchObject({ promptCopies: 2 });
  });

  it('records a member’s views and completion, and lets them undo completion', async () => {
    const video = await create(sampleContent('video', 'Watch me'));
    await t.app.inject({ method: 'PUT', url: `/api/content/${video.id}/assignments`, headers: admin.auth, payload: { communityIds: [community] } });
    const progress = (action: string) => t.app.inject({ method: 'POST', url: `/api/content/${video.id}/progress`, headers: member.auth, payload: { action } });
    expect((await progress('viewed')).json()).toMatchObject({ completedAt: null });
    expect((await progress('completed')).json<{ completedAt: string | null }>().completedAt).toBeTruthy();
    expect((await read(video.id, member)).progress?.completedAt).toBeTruthy();
    expect((await progress('uncompleted')).json()).toMatchObject({ completedAt: null });
    expect((await progress('copied')).statusCode).toBe(400);
  });

  it('refuses progress on content the member cannot see', async () => {
    const hidden = await create(sampleContent('document', 'Not for you'));
    const response = await t.app.inject({ method: 'POST', url: `/api/content/${hidden.id}/progress`, headers: member.auth, payload: { action: 'viewed' } });
    expect(response.statusCode).toBe(404);
  });

  it('edits shared fields and kind fields with a partial patch, validating them against the kind', async () => {
    const agent = await create(sampleContent('agent', 'Coach'));
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/content/${agent.id}`, headers: admin.auth, payload: { title: 'Coach v2', details: { temperature: 1.2 } } });
    expect(patched.statusCode, patched.body).toBe(200);
    const body = patched.json<ContentItem>();
    expect(body.title).toBe('Coach v2');
    expect(body.kind === 'agent' && body.details).toMatchObject({ temperature: 1.2, systemPrompt: 'You are Coach, a patient coach.' });
    const bad = await t.app.inject({ method: 'PATCH', url: `/api/content/${agent.id}`, headers: admin.auth, payload: { details: { temperature: 7 } } });
    expect(bad.statusCode).toBe(400);
    expect(errorCode(bad)).toBe('validation_failed');
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(/^details\.temperature/);
  });

  it('duplicates an item as a draft copy, and publishes, unpublishes and archives in bulk', async () => {
    const original = await create(sampleContent('automation', 'Digest bot'));
    const copy = await t.app.inject({ method: 'POST', url: `/api/content/${original.id}/duplicate`, headers: admin.auth });
    expect(copy.statusCode).toBe(201);
    const dup = copy.json<ContentItem>();
    expect(dup).toMatchObject({ title: 'Copy of Digest bot', status: 'draft', kind: 'automation' });
    expect(dup.kind === 'automation' && dup.details.requiredTools).toEqual(['n8n', 'Slack']);

    const bulk = (payload: object) => t.app.inject({ method: 'POST', url: '/api/content/bulk', headers: admin.auth, payload });
    expect((await bulk({ action: 'publish', ids: [dup.id] })).json()).toEqual({ updated: 1 });
    expect((await read(dup.id)).status).toBe('published');
    expect((await read(dup.id)).publishedAt).toBeTruthy();
    await bulk({ action: 'archive', ids: [dup.id, original.id] });
    expect((await read(original.id)).status).toBe('archived');
    await bulk({ action: 'assign', ids: [dup.id, original.id], communityIds: [community] });
    expect((await read(dup.id)).communityIds).toEqual([community]);
    expect((await bulk({ action: 'unpublish', ids: [dup.id, '00000000-0000-4000-8000-000000000000'] })).statusCode).toBe(404);
  });

  it('uploads a thumbnail whose type is checked by content, not by name', async () => {
    const item = await create(sampleContent('prompt', 'Pictured'));
    const ok = multipart('file', 'thumb.png', PNG_1X1, 'image/png');
    const uploaded = await t.app.inject({ method: 'POST', url: `/api/content/${item.id}/thumbnail`, headers: { ...admin.auth, ...ok.headers }, payload: ok.payload });
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    const url = uploaded.json<ContentItem>().thumbnailUrl ?? '';
    expect(url).toMatch(/^\/uploads\/[0-9a-f-]+\.png$/);
    const served = await t.app.inject({ method: 'GET', url });
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(PNG_1X1)).toBe(true);

    const fake = multipart('file', 'evil.png', Buffer.from('<svg onload=alert(1)>'), 'image/png');
    const refused = await t.app.inject({ method: 'POST', url: `/api/content/${item.id}/thumbnail`, headers: { ...admin.auth, ...fake.headers }, payload: fake.payload });
    expect(refused.statusCode).toBe(415);
    expect(errorCode(refused)).toBe('unsupported_media_type');

    const big = multipart('file', 'big.png', Buffer.concat([PNG_1X1, Buffer.alloc(3 * 1024 * 1024)]), 'image/png');
    const tooBig = await t.app.inject({ method: 'POST', url: `/api/content/${item.id}/thumbnail`, headers: { ...admin.auth, ...big.headers }, payload: big.payload });
    expect(tooBig.statusCode).toBe(413);

    const asMember = await t.app.inject({ method: 'POST', url: `/api/content/${item.id}/thumbnail`, headers: { ...member.auth, ...ok.headers }, payload: ok.payload });
    expect(asMember.statusCode).toBe(403);
  });

  it('deleting an item removes it and its assignments, and is audited', async () => {
    const item = await create(sampleContent('prompt', 'Short-lived'));
    await t.app.inject({ method: 'PUT', url: `/api/content/${item.id}/assignments`, headers: admin.auth, payload: { communityIds: [community] } });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/content/${item.id}`, headers: admin.auth })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `/api/content/${item.id}`, headers: admin.auth })).statusCode).toBe(404);
    const actions = await t.database.handle.db.selectFrom('audit_log').select('action').where('entity_id', '=', item.id).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['content.create', 'content.assign', 'content.delete']);
  });
});
