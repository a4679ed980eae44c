import { Card } from '@mantine/core';
import type { ReactNode } from 'react';
import { EmptyState } from '../ui/empty-state.js';
import { QueryGate } from '../ui/query-gate.js';
import { InfinitePages, type PagedQuery } from './infinite-pages.js';

interface ListQuery extends Partial<PagedQuery> {
  isPending: boolean;
  error: unknown;
  refetch: () => Promise<unknown>;
}

/**
 * The frame of a list page: toolbar, bulk bar, then loading / error with Retry / empty / rows,
 * and the next pages. `empty` is shown when `count` is 0.
 */
export function ListFrame({
  query,
  count,
  toolbar,
  bulkBar,
  empty,
  children,
}: {
  query: ListQuery;
  count: number;
  toolbar?: ReactNode;
  bulkBar?: ReactNode;
  empty: { icon: ReactNode; title: string; body?: ReactNode };
  children: ReactNode;
}) {
  const paged = query.fetchNextPage
    ? {
        hasNextPage: query.hasNextPage ?? false,
        isFetchingNextPage: query.isFetchingNextPage ?? false,
        isPlaceholderData: query.isPlaceholderData ?? false,
        fetchNextPage: query.fetchNextPage,
      }
    : null;
  return (
    <Card padding={0}>
      {toolbar}
      {bulkBar}
      <QueryGate pending={query.isPending} error={query.error} onRetry={() => void query.refetch()}>
        {count === 0 ? (
          <EmptyState icon={empty.icon} title={empty.title}>
            {empty.body}
          </EmptyState>
        ) : (
          children
        )}
        {paged ? <InfinitePages query={paged} /> : null}
      </QueryGate>
    </Card>
  );
}
