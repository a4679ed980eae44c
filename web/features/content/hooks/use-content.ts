import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BulkContentInput, ContentItem } from '../../../../contracts/content.js';
import {
  bulkContent,
  deleteContent,
  duplicateContent,
  getContent,
  listCommunityOptions,
  listContent,
  type ContentFilters,
} from '../api/content-api.js';

export const contentKeys = {
  all: ['content'] as const,
  list: (filters: ContentFilters) => ['content', 'list', filters] as const,
  detail: (id: string) => ['content', 'detail', id] as const,
  communities: ['content', 'community-options'] as const,
};

export function useContentList(filters: ContentFilters) {
  return useInfiniteQuery({
    queryKey: contentKeys.list(filters),
    queryFn: ({ pageParam, signal }) => listContent(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
}

export function useContentItem(id: string) {
  return useQuery({ queryKey: contentKeys.detail(id), queryFn: ({ signal }) => getContent(id, signal), staleTime: 0 });
}

export function useCommunityOptions() {
  return useQuery({
    queryKey: contentKeys.communities,
    queryFn: ({ signal }) => listCommunityOptions(signal),
    select: (page) => page.items,
  });
}

/** Lists (admin repository and member library) are stale after any change. */
export function useInvalidateContent() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: contentKeys.all });
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
      queryClient.removeQueries({ queryKey: contentKeys.detail(id) });
      await queryClient.invalidateQueries({ queryKey: ['content', 'list'] });
    },
  });
}

export function useDuplicateContent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => duplicateContent(id),
    onSuccess: async (copy: ContentItem) => {
      queryClient.setQueryData(contentKeys.detail(copy.id), copy);
      await queryClient.invalidateQueries({ queryKey: ['content', 'list'] });
    },
  });
}
