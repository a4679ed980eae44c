import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Flag, UpdateFlagInput } from '../../../../contracts/flags.js';
import { createFlag, deleteFlag, flagsEtag, listFlags, updateFlag, type NewFlagInput } from '../api/flags-api.js';
import { queryKeys } from '../../../lib/query-keys.js';



export function useFlags() {
  return useQuery({
    queryKey: queryKeys.flags.all,
    queryFn: ({ signal }) => listFlags(signal),
    select: (data) => data.items,
  });
}

type FlagList = { items: Flag[] };

function patchCached(queryClient: QueryClient, key: string, patch: Partial<Flag>): void {
  queryClient.setQueryData<FlagList>(queryKeys.flags.all, (list) =>
    list ? { items: list.items.map((f) => (f.key === key ? { ...f, ...patch } : f)) } : list,
  );
}

/**
 * A flag changed: the list is stale, and so is what the signed-in admin's own session sees (the
 * navigation follows `me.flags` at once). While other changes are still in flight the list is
 * not refetched: an answer read between them would briefly undo their optimistic values.
 */
function invalidateAfterChange(queryClient: QueryClient) {
  const othersPending = queryClient.isMutating({ mutationKey: queryKeys.flags.update }) > 1;
  return Promise.all([
    othersPending ? undefined : queryClient.invalidateQueries({ queryKey: queryKeys.flags.all }),
    queryClient.invalidateQueries({ queryKey: queryKeys.me }),
    queryClient.invalidateQueries({ queryKey: queryKeys.audit.all }),
  ]);
}

interface UpdateVariables {
  key: string;
  patch: UpdateFlagInput;
  /** The list version the edit is based on; by default the latest this page has seen. */
  ifMatch?: string | undefined;
}

/**
 * Optimistic: the switch, slider or picker moves at once. On failure only the fields this change
 * touched go back to what they were, so a later change to another field of the same flag that is
 * still in flight is not undone with it.
 */
export function useUpdateFlag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: queryKeys.flags.update,
    // One after the other: each edit is sent with the list version the previous one produced, so an
    // admin's own quick changes never refuse each other (412), while someone else's still do.
    scope: { id: 'flag-edits' },
    mutationFn: ({ key, patch, ifMatch }: UpdateVariables) => updateFlag(key, patch, ifMatch ?? flagsEtag()),
    onMutate: async ({ key, patch }) => {
      await queryClient.cancelQueries({ queryKey: queryKeys.flags.all });
      const current = queryClient.getQueryData<FlagList>(queryKeys.flags.all)?.items.find((f) => f.key === key);
      const previous: Partial<Flag> = {};
      if (current) {
        for (const field of Object.keys(patch) as (keyof UpdateFlagInput)[]) {
          Object.assign(previous, { [field]: current[field] });
        }
      }
      patchCached(queryClient, key, patch as Partial<Flag>);
      return { previous };
    },
    onError: (_error, { key }, context) => {
      if (context) patchCached(queryClient, key, context.previous);
    },
    onSuccess: (flag) => patchCached(queryClient, flag.key, flag),
    onSettled: () => invalidateAfterChange(queryClient),
  });
}

/** Reads the list again (and so its ETag): what the description editor does after a 412. */
export function useReloadFlags() {
  const queryClient = useQueryClient();
  return () => queryClient.fetchQuery({ queryKey: queryKeys.flags.all, queryFn: ({ signal }) => listFlags(signal), staleTime: 0 });
}

export function useCreateFlag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewFlagInput) => createFlag(input),
    onSuccess: () => invalidateAfterChange(queryClient),
  });
}

export function useDeleteFlag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (key: string) => deleteFlag(key),
    onSuccess: () => invalidateAfterChange(queryClient),
  });
}
