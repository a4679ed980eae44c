import { useInfiniteQuery } from '@tanstack/react-query';
import { listAudit } from '../api/audit-api.js';
import type { AuditQuery } from '../lib/audit-filters.js';
import { queryKeys } from '../../../lib/query-keys.js';

export function useAuditLog(query: AuditQuery) {
  return useInfiniteQuery({
    queryKey: queryKeys.audit.list(query),
    queryFn: ({ pageParam, signal }) => listAudit(query, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
}
