import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CommunityInput } from '../../../../contracts/communities.js';
import type { CommunityRole } from '../../../../contracts/users.js';
import {
  createCommunity,
  deleteCommunity,
  getCommunity,
  listCommunities,
  listMembers,
  removeMembership,
  setMembership,
  updateCommunity,
} from '../api/communities-api.js';

export const communityKeys = {
  all: ['admin', 'communities'] as const,
  list: (q: string) => ['admin', 'communities', 'list', q] as const,
  options: ['admin', 'communities', 'options'] as const,
  detail: (id: string) => ['admin', 'communities', 'detail', id] as const,
  members: (id: string) => ['admin', 'communities', 'members', id] as const,
};

export function useCommunityList(q: string) {
  return useInfiniteQuery({
    queryKey: communityKeys.list(q),
    queryFn: ({ pageParam, signal }) => listCommunities(q || undefined, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
}

/** Up to 100 communities for pickers (add to community, create user). */
export function useCommunityOptions() {
  return useQuery({
    queryKey: communityKeys.options,
    queryFn: ({ signal }) => listCommunities(undefined, null, signal, 100),
    select: (page) => page.items,
  });
}

export function useCommunity(id: string) {
  return useQuery({ queryKey: communityKeys.detail(id), queryFn: ({ signal }) => getCommunity(id, signal) });
}

export function useCommunityMembers(id: string) {
  return useInfiniteQuery({
    queryKey: communityKeys.members(id),
    queryFn: ({ pageParam, signal }) => listMembers(id, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

function useInvalidateDirectory() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: communityKeys.all }),
      queryClient.invalidateQueries({ queryKey: ['admin', 'users'] }),
      // The signed-in admin's own communities (dashboard) may have changed too.
      queryClient.invalidateQueries({ queryKey: ['me'] }),
    ]);
}

export function useCreateCommunity() {
  const invalidate = useInvalidateDirectory();
  return useMutation({ mutationFn: (input: CommunityInput) => createCommunity(input), onSuccess: invalidate });
}

export function useUpdateCommunity(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateDirectory();
  return useMutation({
    mutationFn: (input: Partial<CommunityInput>) => updateCommunity(id, input),
    onSuccess: (community) => {
      queryClient.setQueryData(communityKeys.detail(id), community);
      return invalidate();
    },
  });
}

export function useDeleteCommunity() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateDirectory();
  return useMutation({
    mutationFn: (id: string) => deleteCommunity(id),
    onSuccess: (_void, id) => {
      queryClient.removeQueries({ queryKey: communityKeys.detail(id) });
      return invalidate();
    },
  });
}

export function useSetMembership() {
  const invalidate = useInvalidateDirectory();
  return useMutation({
    mutationFn: (input: { communityId: string; userId: string; role: CommunityRole }) =>
      setMembership(input.communityId, input.userId, input.role),
    onSuccess: invalidate,
  });
}

export function useRemoveMembership() {
  const invalidate = useInvalidateDirectory();
  return useMutation({
    mutationFn: (input: { communityId: string; userId: string }) =>
      removeMembership(input.communityId, input.userId),
    onSuccess: invalidate,
  });
}
