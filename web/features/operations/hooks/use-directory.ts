import { useQuery } from '@tanstack/react-query';
import { listCommunityOptions, searchUsers } from '../api/directory-api.js';

/** Up to 100 communities, for the targeting picker. */
export function useCommunityOptions() {
  return useQuery({
    queryKey: ['operations', 'communities', 'options'],
    queryFn: ({ signal }) => listCommunityOptions(signal),
    select: (page) => page.items,
    staleTime: 60_000,
  });
}

export function useUserSearch(q: string) {
  return useQuery({
    queryKey: ['operations', 'users', 'search', q],
    queryFn: ({ signal }) => searchUsers(q || undefined, signal),
    select: (page) => page.items,
    placeholderData: (previous) => previous,
  });
}
