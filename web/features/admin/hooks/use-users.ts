import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateUserInput, UpdateUserInput } from '../../../../contracts/users.js';
import { createUser, deleteUser, getUser, listUsers, updateUser, type UserFilters } from '../api/users-api.js';

export const userKeys = {
  all: ['admin', 'users'] as const,
  list: (filters: UserFilters) => ['admin', 'users', 'list', filters] as const,
  detail: (id: string) => ['admin', 'users', 'detail', id] as const,
};

export function useUserList(filters: UserFilters) {
  return useInfiniteQuery({
    queryKey: userKeys.list(filters),
    queryFn: ({ pageParam, signal }) => listUsers(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
}

export function useUser(id: string) {
  return useQuery({ queryKey: userKeys.detail(id), queryFn: ({ signal }) => getUser(id, signal) });
}

/** Anything about users or memberships changed: users and communities lists are both stale. */
function useInvalidateDirectory() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: userKeys.all }),
      queryClient.invalidateQueries({ queryKey: ['admin', 'communities'] }),
    ]);
}

export function useCreateUser() {
  const invalidate = useInvalidateDirectory();
  return useMutation({ mutationFn: (input: CreateUserInput) => createUser(input), onSuccess: invalidate });
}

export function useUpdateUser(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateDirectory();
  return useMutation({
    mutationFn: (input: UpdateUserInput) => updateUser(id, input),
    onSuccess: (user) => {
      queryClient.setQueryData(userKeys.detail(id), user);
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
      queryClient.removeQueries({ queryKey: userKeys.detail(id) });
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
