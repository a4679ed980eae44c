import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { communitySchema, type Community } from '../../contracts/communities.js';
import { pageSchema, type Page } from '../../contracts/pagination.js';
import { userSchema } from '../../contracts/users.js';
import { apiRequest } from './http/request.js';
import { queryKeys } from './query-keys.js';

/**
 * Look-ups for pickers and for showing names instead of ids: the communities the signed-in person
 * may see, and people by name or email. Communities are read page by page until the last one, so
 * the 101st community is there like the first (the API pages at most 100 at a time).
 */

const PAGE = 100;
const communityPage = pageSchema(communitySchema);
const userPage = pageSchema(userSchema);

export async function fetchAllCommunities(signal?: AbortSignal): Promise<Community[]> {
  const all: Community[] = [];
  const seen = new Set<string>();
  let cursor: string | null = null;
  do {
    const page: Page<Community> = await apiRequest('/api/communities', communityPage, { query: { limit: PAGE, cursor }, ...(signal ? { signal } : {}) });
    all.push(...page.items);
    // A cursor seen twice would page forever; the server never does that, but a loop here must not hang the page.
    if (page.nextCursor && seen.has(page.nextCursor)) break;
    if (page.nextCursor) seen.add(page.nextCursor);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** Every community the person may see, sorted as the server sorts them. */
export function useCommunityDirectory() {
  return useQuery({
    queryKey: queryKeys.directory.communities,
    queryFn: ({ signal }) => fetchAllCommunities(signal),
    staleTime: 60_000,
  });
}

/** Select options ({ value: id, label: name }) for communities. */
export function communityOptions(communities: readonly Community[] | undefined): { value: string; label: string }[] {
  return (communities ?? []).map((c) => ({ value: c.id, label: c.name }));
}

/** id → name, for showing names where the API gives ids. */
export function useCommunityNames(): ReadonlyMap<string, string> {
  const { data } = useCommunityDirectory();
  return useMemo(() => new Map((data ?? []).map((c) => [c.id, c.name])), [data]);
}

/** "Mia Jones — mia@example.com", or the email alone when there is no name. */
export function personLabel(person: { displayName: string; email: string }): string {
  return person.displayName ? `${person.displayName} — ${person.email}` : person.email;
}

/**
 * After anything about people, communities or memberships changed: every list, picker and the
 * signed-in person's own communities (`me`) are stale. The one invalidation for all of them.
 */
export function useInvalidateDirectory(): () => Promise<unknown> {
  const queryClient = useQueryClient();
  return () =>
    Promise.all(
      [queryKeys.users.all, queryKeys.communities.all, queryKeys.directory.all, queryKeys.me].map((queryKey) =>
        queryClient.invalidateQueries({ queryKey }),
      ),
    );
}

/** People whose name or email matches `q` (the first 20; type more to narrow). */
export function usePeopleSearch(q: string) {
  return useQuery({
    queryKey: queryKeys.directory.people(q),
    queryFn: ({ signal }) => apiRequest('/api/users', userPage, { query: { q: q || undefined, limit: 20 }, signal }),
    select: (page) => page.items,
    placeholderData: (previous) => previous,
    staleTime: 30_000,
  });
}
