import { useTranslation } from 'react-i18next';
import { Button, Group, type MantineSpacing } from '@mantine/core';
import { useEffect, useRef } from 'react';

export interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  /** While a new filter's first page loads, the old rows stay visible: no more paging meanwhile. */
  isPlaceholderData?: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** The rows of every page loaded so far. */
export function pagedItems<T>(data: { pages: { items: T[] }[] } | undefined): T[] {
  return data?.pages.flatMap((p) => p.items) ?? [];
}

/**
 * Under a cursor-paged list: loads the next page when the end of the list scrolls into view, and
 * keeps a "Load more" button for keyboards and for browsers without IntersectionObserver.
 * Renders nothing on the last page.
 */
export function InfinitePages({ query, spacing = 'md', auto = true }: { query: PagedQuery; spacing?: MantineSpacing; auto?: boolean }) {
  const { t } = useTranslation('common');
  const sentinel = useRef<HTMLDivElement>(null);
  const busy = query.isFetchingNextPage || query.isPlaceholderData === true;
  const { hasNextPage, fetchNextPage } = query;

  useEffect(() => {
    const node = sentinel.current;
    if (!auto || !node || !hasNextPage || busy || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void fetchNextPage();
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [auto, hasNextPage, busy, fetchNextPage]);

  if (!hasNextPage) return null;
  return (
    <Group justify="center" p={spacing} ref={sentinel}>
      <Button variant="default" onClick={() => void fetchNextPage()} loading={busy}>
        {t('list.loadMore')}
      </Button>
    </Group>
  );
}
