import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ContentItem, ProgressAction } from '../../../../contracts/content.js';
import { getLibraryItem, listLibrary, recordProgress, type LibraryFilters } from '../api/library-api.js';
import { queryKeys } from '../../../lib/query-keys.js';


export function useLibraryList(filters: LibraryFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.library.list(filters),
    queryFn: ({ pageParam, signal }) => listLibrary(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
}

export function useLibraryItem(id: string) {
  return useQuery({ queryKey: queryKeys.library.item(id), queryFn: ({ signal }) => getLibraryItem(id, signal) });
}

/** Records progress; the answer replaces the item's progress in the cache, the lists refresh. */
export function useRecordProgress(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: ProgressAction) => recordProgress(id, action),
    onSuccess: async (progress, action) => {
      queryClient.setQueryData<ContentItem>(queryKeys.library.item(id), (item) => {
        if (!item) return item;
        if (action === 'copied' && item.kind === 'prompt') {
          return { ...item, progress, details: { ...item.details, copyCount: item.details.copyCount + 1 } };
        }
        return { ...item, progress };
      });
      // A step done may move a program on: its page and the step bar show the next step.
      await Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.library.lists }), queryClient.invalidateQueries({ queryKey: queryKeys.programs.all })]);
    },
  });
}
