import { describe, expect, it } from 'vitest';
import { http, HttpResponse, server, signIn, useMockApi } from '../test/msw.js';
import { fetchAllCommunities } from './directory.js';

useMockApi();

const community = (i: number) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  name: `Community ${String(i).padStart(3, '0')}`,
  description: '',
  memberCount: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  retention: { conversationsDays: null, attemptsDays: null, filesDays: null },
  privacyMode: 'standard' as const,
});

describe('directory look-ups', () => {
  it('reads every page, so the 101st community is there like the first', async () => {
    const all = Array.from({ length: 230 }, (_, i) => community(i + 1));
    const limits: string[] = [];
    server.use(
      http.get('*/api/communities', ({ request }) => {
        const url = new URL(request.url);
        limits.push(url.searchParams.get('limit') ?? '');
        const start = Number(url.searchParams.get('cursor') ?? 0);
        const items = all.slice(start, start + 100);
        const next = start + 100 < all.length ? String(start + 100) : null;
        return HttpResponse.json({ items, nextCursor: next });
      }),
    );
    signIn();
    const result = await fetchAllCommunities();
    expect(result).toHaveLength(230);
    expect(result[100]?.name).toBe('Community 101');
    expect(limits).toEqual(['100', '100', '100']);
  });

  it('stops when the server repeats a cursor instead of paging forever', async () => {
    server.use(http.get('*/api/communities', () => HttpResponse.json({ items: [community(1)], nextCursor: 'same' })));
    signIn();
    const result = await fetchAllCommunities();
    expect(result.length).toBeLessThanOrEqual(2);
  });
});
