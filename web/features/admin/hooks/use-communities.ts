import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CommunityInput, CommunityPatch } from '../../../../contracts/communities.js';
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
import { queryKeys } from '../../../lib/query-keys.js';
import { useInvalidateDirectory } from '../../../lib/directory.js';


export function useCommunityList(q: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.communities.list(q),
    queryFn: ({ pageParam, signal }) => listCommunities(q || undefined, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
}

export function useCommunity(id: string) {
  return useQuery({ queryKey: queryKeys.communities.detail(id), queryFn: ({ signal }) => getCommunity(id, signal) });
}

/** Reads the community again (and so its ETag): what an editor does after a 412 edit_conflict. */
export function useReloadCommunity(id: string) {
  const queryClient = useQueryClient();
  return () => queryClient.fetchQuery({ queryKey: queryKeys.communities.detail(id), queryFn: ({ signal }) => getCommunity(id, signal), staleTime: 0 });
}

export function useCommunityMembers(id: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.communities.members(id),
    queryFn: ({ pageParam, signal }) => listMembers(id, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}


export function useCreateCommunity() {
  const invalidate = useInvalidateDirectory();
  return useMutation({ mutationFn: (input: CommunityInput) => createCommunity(input), onSuccess: invalidate });
}

export function useUpdateCommunity(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateDirectory();
  return useMutation({
    mutationFn: ({ input, ifMatch }: { input: CommunityPatch; ifMatch?: string }) => updateCommunity(id, input, ifMatch),
    onSuccess: (community) => {
      queryClient.setQueryData(queryKeys.communities.detail(id), community);
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
      queryClient.removeQueries({ queryKey: queryKeys.communities.detail(id) });
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
