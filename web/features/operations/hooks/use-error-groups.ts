import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../lib/query-keys.js';
import { type ErrorSource, listErrorGroups, resolveErrorGroup } from '../api/error-groups-api.js';

const errorGroupKeys = queryKeys.errorGroups;

export function useErrorGroups(source: ErrorSource | null) {
  return useInfiniteQuery({
    queryKey: errorGroupKeys.list(source),
    queryFn: ({ pageParam, signal }) => listErrorGroups(source, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
}

export function useResolveErrorGroup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: resolveErrorGroup,
    onSettled: () => queryClient.invalidateQueries({ queryKey: errorGroupKeys.all }),
  });
}
