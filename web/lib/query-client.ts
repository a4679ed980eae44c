import { QueryClient } from '@tanstack/react-query';

/**
 * Queries do not retry on their own: a retry would keep a spinner up past the request timeout.
 * Every error screen offers Retry instead.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: false,
        staleTime: 30_000,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}

/** Drop everything cached for the previous user; `keep` survives (it is reset by the caller). */
export function clearUserData(queryClient: QueryClient, keep: readonly unknown[]): void {
  const keepKey = JSON.stringify(keep);
  void queryClient.cancelQueries({ predicate: (query) => JSON.stringify(query.queryKey) !== keepKey });
  queryClient.removeQueries({ predicate: (query) => JSON.stringify(query.queryKey) !== keepKey });
  queryClient.getMutationCache().clear();
}
