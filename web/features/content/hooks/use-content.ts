import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BulkContentInput, ContentItem } from '../../../../contracts/content.js';
import {
  bulkContent,
  deleteContent,
  duplicateContent,
  getContent,
  listContent,
  type ContentFilters,
} from '../api/content-api.js';
import { queryKeys } from '../../../lib/query-keys.js';


export function useContentList(filters: ContentFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.content.list(filters),
    queryFn: ({ pageParam, signal }) => listContent(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
}

export function useContentItem(id: string) {
  return useQuery({ queryKey: queryKeys.content.detail(id), queryFn: ({ signal }) => getContent(id, signal), staleTime: 0 });
}

/** Lists (admin repository and member library) are stale after any change. */
export function useInvalidateContent() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: queryKeys.content.all });
}

export function useBulkContent() {
  const invalidate = useInvalidateContent();
  return useMutation({ mutationFn: (input: BulkContentInput) => bulkContent(input), onSuccess: invalidate });
}

export function useDeleteContent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteContent(id),
    onSuccess: async (_void, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.content.detail(id) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.content.lists });
    },
  });
}

export function useDuplicateContent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => duplicateContent(id),
    onSuccess: async (copy: ContentItem) => {
      queryClient.setQueryData(queryKeys.content.detail(copy.id), copy);
      await queryClient.invalidateQueries({ queryKey: queryKeys.content.lists });
    },
  });
}
