import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ContentItem, ProgressAction } from '../../../../contracts/content.js';
import { getLibraryItem, listLibrary, recordProgress, type LibraryFilters } from '../api/library-api.js';

export const libraryKeys = {
  all: ['library'] as const,
  list: (filters: LibraryFilters) => ['library', 'list', filters] as const,
  item: (id: string) => ['library', 'item', id] as const,
};

export function useLibraryList(filters: LibraryFilters) {
  return useInfiniteQuery({
    queryKey: libraryKeys.list(filters),
    queryFn: ({ pageParam, signal }) => listLibrary(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
}

export function useLibraryItem(id: string) {
  return useQuery({ queryKey: libraryKeys.item(id), queryFn: ({ signal }) => getLibraryItem(id, signal) });
}

/** Records progress; the answer replaces the item's progress in the cache, the lists refresh. */
export function useRecordProgress(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: ProgressAction) => recordProgress(id, action),
    onSuccess: async (progress, action) => {
      queryClient.setQueryData<ContentItem>(libraryKeys.item(id), (item) => {
        if (!item) return item;
        if (action === 'copied' && item.kind === 'prompt') {
          return { ...item, progress, details: { ...item.details, copyCount: item.details.copyCount + 1 } };
        }
        return { ...item, progress };
      });
      await queryClient.invalidateQueries({ queryKey: ['library', 'list'] });
    },
  });
}
