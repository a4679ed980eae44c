import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateUserInput, UpdateUserInput } from '../../../../contracts/users.js';
import { createUser, deleteUser, getUser, listUsers, updateUser, type UserFilters } from '../api/users-api.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { useInvalidateDirectory } from '../../../lib/directory.js';


export function useUserList(filters: UserFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.users.list(filters),
    queryFn: ({ pageParam, signal }) => listUsers(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
}

export function useUser(id: string) {
  return useQuery({ queryKey: queryKeys.users.detail(id), queryFn: ({ signal }) => getUser(id, signal) });
}

/** Reads the person again (and so their ETag): what an editor does after a 412 edit_conflict. */
export function useReloadUser(id: string) {
  const queryClient = useQueryClient();
  return () => queryClient.fetchQuery({ queryKey: queryKeys.users.detail(id), queryFn: ({ signal }) => getUser(id, signal), staleTime: 0 });
}


export function useCreateUser() {
  const invalidate = useInvalidateDirectory();
  return useMutation({ mutationFn: (input: CreateUserInput) => createUser(input), onSuccess: invalidate });
}

export function useUpdateUser(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateDirectory();
  return useMutation({
    mutationFn: ({ input, ifMatch }: { input: UpdateUserInput; ifMatch?: string | undefined }) => updateUser(id, input, ifMatch),
    onSuccess: (user) => {
      queryClient.setQueryData(queryKeys.users.detail(id), user);
      return invalidate();
    },
  });
}

export function useDeleteUser() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateDirectory();
  return useMutation({
    mutationFn: (id: string) => deleteUser(id),
    onSuccess: (_void, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.users.detail(id) });
      return invalidate();
    },
  });
}

export function useSetUserStatus() {
  const invalidate = useInvalidateDirectory();
  return useMutation({
    mutationFn: (input: { id: string; status: 'active' | 'suspended' }) => updateUser(input.id, { status: input.status }),
    onSuccess: invalidate,
  });
}
