import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { listMessages } from '../api/conversations-api.js';
import { queryKeys } from '../../../lib/query-keys.js';

/** Pages go backwards in time: the first page is the latest 50, each next page is older. */
export function useMessages(conversationId: string) {
  const query = useInfiniteQuery({
    queryKey: queryKeys.sandbox.messages(conversationId),
    queryFn: ({ pageParam, signal }) => listMessages(conversationId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const messages = useMemo(
    () => (query.data ? [...query.data.pages].reverse().flatMap((page) => page.items) : []),
    [query.data],
  );
  return { ...query, messages };
}
