import { Button, Group, type MantineSpacing } from '@mantine/core';

interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  /** While a new filter's first page loads, the old rows stay visible: no more paging meanwhile. */
  isPlaceholderData?: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** The "Load more" button under a cursor-paginated list; renders nothing on the last page. */
export function LoadMore({ query, spacing = 'md' }: { query: PagedQuery; spacing?: MantineSpacing }) {
  if (!query.hasNextPage) return null;
  return (
    <Group justify="center" p={spacing}>
      <Button variant="default" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage || query.isPlaceholderData === true}>
        Load more
      </Button>
    </Group>
  );
}
