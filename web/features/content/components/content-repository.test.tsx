import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, http, HttpResponse, server, signIn, useMockApi } from '../../../test/msw.js';
import { renderWithApp } from '../../../test/render.js';
import { ContentRepository } from './content-repository.js';

useMockApi();

const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const video = (i: number, extra: Record<string, unknown> = {}) => ({
  id: uuid(i),
  kind: 'video',
  title: `Video ${i}`,
  description: `About ${i}`,
  status: 'draft',
  thumbnailUrl: null,
  tags: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
  publishedAt: null,
  communityIds: [],
  progress: null,
  ...extra,
});
const communities = [{ id: uuid(900), name: 'Acme Sales', description: '', memberCount: 3, createdAt: '2026-01-01T00:00:00.000Z', retention: { conversationsDays: null, attemptsDays: null, filesDays: null }, privacyMode: 'standard' as const }];

function serve(pages: { items: unknown[]; nextCursor: string | null }[], seen: URL[] = []) {
  server.use(
    http.get('*/api/communities', () => HttpResponse.json({ items: communities, nextCursor: null })),
    http.get('*/api/content', ({ request }) => {
      const url = new URL(request.url);
      seen.push(url);
      return HttpResponse.json(pages[Number(url.searchParams.get('cursor') ?? 0)]);
    }),
  );
  return seen;
}

// Rendering Mantine in jsdom is slow on a busy machine; the waits are on state, the limit is generous.
describe('content repository (list kit, mocked network)', { timeout: 20_000 }, () => {
  it('lists items with community names instead of ids and pages on with Load more', async () => {
    serve([
      { items: [video(1, { communityIds: [uuid(900)] }), video(2)], nextCursor: '1' },
      { items: [video(3)], nextCursor: null },
    ]);
    signIn();
    renderWithApp(<ContentRepository kind="video" />);
    const table = await screen.findByRole('table', { name: 'Videos' });
    expect(await within(table).findByText('Acme Sales')).toBeTruthy();
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(4));
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('sends the search and filters to the server', async () => {
    const seen = serve([{ items: [video(1)], nextCursor: null }]);
    signIn();
    renderWithApp(<ContentRepository kind="video" />);
    await screen.findByRole('table', { name: 'Videos' });
    fireEvent.change(screen.getByRole('textbox', { name: 'Search content' }), { target: { value: 'onboarding' } });
    await waitFor(() => expect(seen.some((u) => u.searchParams.get('q') === 'onboarding')).toBe(true));
    expect(seen.every((u) => u.searchParams.get('kind') === 'video')).toBe(true);
  });

  it('publishes the selected rows in one bulk request and clears the selection', async () => {
    serve([{ items: [video(1), video(2), video(3)], nextCursor: null }]);
    let body: unknown = null;
    server.use(
      http.post('*/api/content/bulk', async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ updated: 2 });
      }),
    );
    signIn();
    renderWithApp(<ContentRepository kind="video" />);
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Select Video 1' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select Video 3' }));
    const bar = screen.getByTestId('bulk-bar');
    expect(within(bar).getByText('2 selected')).toBeTruthy();
    fireEvent.click(within(bar).getByRole('button', { name: 'Publish' }));
    await waitFor(() => expect(body).toEqual({ action: 'publish', ids: [uuid(1), uuid(3)] }));
    await waitFor(() => expect(screen.queryByTestId('bulk-bar')).toBeNull());
    expect(await screen.findByText('Published 2 videos.')).toBeTruthy();
  });

  it('shows the server’s message and a Retry when the list cannot load', async () => {
    server.use(
      http.get('*/api/communities', () => HttpResponse.json({ items: [], nextCursor: null })),
      http.get('*/api/content', () => apiError(500, 'internal', 'Something went wrong on our side.')),
    );
    signIn();
    renderWithApp(<ContentRepository kind="video" />);
    expect(await screen.findByText('Something went wrong on our side.')).toBeTruthy();
    expect(screen.getByRole('button', { name: /retry/i })).toBeTruthy();
  });
});
