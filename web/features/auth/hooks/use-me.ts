import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { createContext, use } from 'react';
import type { MeResponse } from '../../../../contracts/auth.js';
import { setLanguage } from '../../../lib/i18n.js';
import { clearUserData } from '../../../lib/query-client.js';
import { fetchMe } from '../api/auth-api.js';
import { queryKeys } from '../../../lib/query-keys.js';

export const meQueryOptions = queryOptions({
  queryKey: queryKeys.me,
  // No abort signal on purpose. Restoring the session is one chain (refresh, /me, at most one more
  // refresh and retry); a query whose signal was read is cancelled when its last observer unmounts,
  // which happens when the boot guard gives way to the page's guard. The page's guard then started
  // a second chain beside the first, and the two together refreshed three times.
  queryFn: async () => {
    const me = await fetchMe();
    // The person's saved language wins over the browser's, before any signed-in page renders.
    if (me?.user.language) await setLanguage(me.user.language);
    return me;
  },
  staleTime: 60_000,
  retry: false,
});

export function useMeQuery() {
  return useQuery(meQueryOptions);
}

let signedOutOnPurpose = false;

/**
 * After "Sign out" the guards send people to a plain /login rather than /login?next=<page they
 * were on>. Cleared once the sign-in page has been shown.
 */
export function wasSignedOutOnPurpose(): boolean {
  return signedOutOnPurpose;
}

export function clearSignedOutOnPurpose(): void {
  signedOutOnPurpose = false;
}

/** Everything cached for the previous user goes; `me` becomes "nobody", so guards redirect. */
export function markSignedOut(queryClient: QueryClient, options: { onPurpose?: boolean } = {}): void {
  if (options.onPurpose) signedOutOnPurpose = true;
  clearUserData(queryClient, queryKeys.me);
  // Not cancelQueries on `me`: a cancel reverts the query's state asynchronously and would undo this.
  queryClient.setQueryData<MeResponse | null>(queryKeys.me, null);
}

/** After login / invitation: load `me` with the new token before leaving the form. */
export async function loadSignedInUser(queryClient: QueryClient): Promise<MeResponse | null> {
  clearUserData(queryClient, queryKeys.me);
  return queryClient.fetchQuery({ ...meQueryOptions, staleTime: 0 });
}

export const SessionContext = createContext<MeResponse | null>(null);

/** The signed-in user; only valid below <RequireSession>, which guarantees one. */
export function useSession(): MeResponse {
  const me = use(SessionContext);
  if (!me) throw new Error('useSession() used outside <RequireSession>.');
  return me;
}

