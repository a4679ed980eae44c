import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, http, HttpResponse, server, signIn, useMockApi } from '../../../test/msw.js';
import { renderWithApp } from '../../../test/render.js';
import { ContentEditor } from './content-editor.js';

useMockApi();
const id = '00000000-0000-4000-8000-000000000001';
const video = (title: string, description: string) => ({
  id,
  kind: 'video',
  title,
  description,
  status: 'draft',
  thumbnailUrl: null,
  tags: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
  publishedAt: null,
  communityIds: [],
  progress: null,
  details: { url: 'https://youtu.be/dQw4w9WgXcQ', platform: 'youtube', externalId: 'dQw4w9WgXcQ', embedUrl: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ', durationSeconds: null, transcript: '' },
});

describe('content editor: no silent overwrites (mocked network)', { timeout: 30_000 }, () => {
  it('sends the ETag from its GET as If-Match; on 412 it says so, and after Reload the typed text stays visible', async () => {
    let current = { body: video('Original title', 'Original description'), etag: '"v1"' };
    const ifMatches: (string | null)[] = [];
    server.use(
      http.get('*/api/communities', () => HttpResponse.json({ items: [], nextCursor: null })),
      http.get(`*/api/content/${id}`, () => HttpResponse.json(current.body, { headers: { etag: current.etag } })),
      http.patch(`*/api/content/${id}`, ({ request }) => {
        ifMatches.push(request.headers.get('if-match'));
        if (request.headers.get('if-match') !== current.etag) return apiError(412, 'edit_conflict', 'Someone else changed this meanwhile.');
        return HttpResponse.json(current.body, { headers: { etag: current.etag } });
      }),
    );
    signIn();
    renderWithApp(<ContentEditor kind="video" id={id} />);
    const title = await screen.findByRole('textbox', { name: /^Title/ });
    expect((title as HTMLInputElement).value).toBe('Original title');

    // Another admin saves meanwhile.
    current = { body: video('Their title', 'Their description'), etag: '"v2"' };
    fireEvent.change(title, { target: { value: 'My title' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('Changed by someone else meanwhile')).toBeTruthy();
    expect(ifMatches).toEqual(['"v1"']);
    expect((screen.getByRole('textbox', { name: /^Title/ }) as HTMLInputElement).value).toBe('My title');

    fireEvent.click(screen.getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect((screen.getByRole('textbox', { name: /^Title/ }) as HTMLInputElement).value).toBe('Their title'));
    expect(screen.getByText('Your title: My title')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Put my changes back' }));
    expect((screen.getByRole('textbox', { name: /^Title/ }) as HTMLInputElement).value).toBe('My title');
    // Saving again is deliberate, over the version just seen: it carries the new ETag.
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(ifMatches).toEqual(['"v1"', '"v2"']));
    await waitFor(() => expect(screen.queryByText('Changed by someone else meanwhile')).toBeNull());
  });
});
