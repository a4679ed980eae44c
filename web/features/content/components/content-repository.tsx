import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Menu,
  Paper,
  Select,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconArchive,
  IconBooks,
  IconCopy,
  IconDots,
  IconEyeOff,
  IconPencil,
  IconPlus,
  IconSearch,
  IconSend,
  IconTag,
  IconTrash,
  IconUsersGroup,
} from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  contentKindLabels,
  contentStatusSchema,
  type BulkContentInput,
  type ContentKind,
  type ContentSummary,
} from '../../../../contracts/content.js';
import { ConfirmModal } from '../../../components/ui/confirm-modal.js';
import { EmptyState } from '../../../components/ui/empty-state.js';
import { PageHeader } from '../../../components/ui/page-header.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { useBulkContent, useCommunityOptions, useContentList, useDeleteContent, useDuplicateContent } from '../hooks/use-content.js';
import { formatDate, slugOf, statusOptions } from '../lib/kinds.js';
import { AssignCommunitiesModal } from './assign-communities-modal.js';
import { ContentStatusBadge } from './content-status-badge.js';
import { KindIcon } from './kind-icon.js';
import { LoadMore } from '../../../components/ui/load-more.js';

type BulkAction = BulkContentInput['action'];

const bulkVerb: Record<BulkAction, string> = {
  publish: 'Published',
  unpublish: 'Unpublished',
  archive: 'Archived',
  delete: 'Deleted',
  assign: 'Assigned',
};

export function ContentRepository({ kind }: { kind: ContentKind }) {
  const navigate = useNavigate();
  const labels = contentKindLabels[kind];
  const [search, setSearch] = useState('');
  const [tagInput, setTagInput] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [tag] = useDebouncedValue(tagInput.trim().toLowerCase(), 250);
  const [status, setStatus] = useState<string | null>(null);
  const [communityId, setCommunityId] = useState<string | null>(null);
  const [sort, setSort] = useState<'recent' | 'title'>('recent');
  const filters = {
    kind,
    q: q || undefined,
    status: contentStatusSchema.optional().catch(undefined).parse(status ?? undefined),
    communityId: communityId ?? undefined,
    tag: tag || undefined,
    sort,
  };
  const list = useContentList(filters);
  const communities = useCommunityOptions();
  const communityNames = useMemo(() => new Map((communities.data ?? []).map((c) => [c.id, c.name])), [communities.data]);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(filters.q || filters.status || filters.communityId || filters.tag);

  const [selected, setSelected] = useState<Set<string>>(new Set());
  const visibleSelected = items.filter((i) => selected.has(i.id)).map((i) => i.id);
  const allSelected = items.length > 0 && visibleSelected.length === items.length;
  const bulk = useBulkContent();
  const [confirmingDelete, setConfirmingDelete] = useState<string[] | null>(null);
  const [assigning, setAssigning] = useState(false);
  const remove = useDeleteContent();
  const duplicate = useDuplicateContent();

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const runBulk = (input: BulkContentInput, after?: () => void) =>
    bulk.mutate(input, {
      onSuccess: (result) => {
        notifications.show({
          color: 'teal',
          message: `${bulkVerb[input.action]} ${result.updated} ${result.updated === 1 ? labels.one.toLowerCase() : labels.many.toLowerCase()}.`,
        });
        setSelected(new Set());
        after?.();
      },
      onError: (e) => notifications.show({ color: 'red', title: 'Nothing changed', message: e.message }),
    });

  const onDuplicate = (item: ContentSummary) =>
    duplicate.mutate(item.id, {
      onSuccess: (copy) => {
        notifications.show({ color: 'teal', message: `Duplicated as “${copy.title}”.` });
        void navigate(`/admin/content/${slugOf(kind)}/${copy.id}`);
      },
      onError: (e) => notifications.show({ color: 'red', title: 'Not duplicated', message: e.message }),
    });

  return (
    <>
      <PageHeader
        eyebrow={
          <Group gap={6} c="dimmed">
            <IconBooks size={14} />
            <Text size="xs" fw={600} tt="uppercase" style={{ letterSpacing: '0.06em' }}>
              Content
            </Text>
          </Group>
        }
        title={labels.many}
        description={`Create, publish and assign ${labels.many.toLowerCase()} to communities.`}
        actions={
          <Button component={Link} to={`/admin/content/${slugOf(kind)}/new`} leftSection={<IconPlus size={16} />}>
            New {labels.one.toLowerCase()}
          </Button>
        }
      />
      <Card padding={0}>
        <Group p="md" gap="sm" wrap="wrap">
          <TextInput
            placeholder={`Search ${labels.many.toLowerCase()}`}
            aria-label="Search content"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: '1 1 180px', maxWidth: 340 }}
          />
          <Select
            aria-label="Filter by status"
            placeholder="All statuses"
            data={statusOptions}
            value={status}
            onChange={setStatus}
            clearable
            w={140}
          />
          <Select
            aria-label="Filter by community"
            placeholder="All communities"
            data={(communities.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            value={communityId}
            onChange={setCommunityId}
            searchable
            clearable
            nothingFoundMessage="No community matches"
            w={180}
          />
          <TextInput
            aria-label="Filter by tag"
            placeholder="Tag"
            leftSection={<IconTag size={16} />}
            value={tagInput}
            onChange={(e) => setTagInput(e.currentTarget.value)}
            w={130}
          />
          <Select
            aria-label="Sort"
            data={[
              { value: 'recent', label: 'Recently updated' },
              { value: 'title', label: 'Title A–Z' },
            ]}
            value={sort}
            onChange={(value) => setSort(value === 'title' ? 'title' : 'recent')}
            allowDeselect={false}
            w={170}
            ml="auto"
          />
        </Group>

        {visibleSelected.length > 0 ? (
          <Paper
            mx="md"
            mb="md"
            px="md"
            py="xs"
            radius="md"
            bg="var(--mantine-color-violet-light)"
            data-testid="bulk-bar"
          >
            <Group justify="space-between" gap="xs" wrap="wrap">
              <Text size="sm" fw={600}>
                {visibleSelected.length} selected
              </Text>
              <Group gap="xs" wrap="wrap">
                <Button
                  size="xs"
                  variant="default"
                  leftSection={<IconSend size={14} />}
                  loading={bulk.isPending && bulk.variables?.action === 'publish'}
                  onClick={() => runBulk({ action: 'publish', ids: visibleSelected })}
                >
                  Publish
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  leftSection={<IconEyeOff size={14} />}
                  loading={bulk.isPending && bulk.variables?.action === 'unpublish'}
                  onClick={() => runBulk({ action: 'unpublish', ids: visibleSelected })}
                >
                  Unpublish
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  leftSection={<IconArchive size={14} />}
                  loading={bulk.isPending && bulk.variables?.action === 'archive'}
                  onClick={() => runBulk({ action: 'archive', ids: visibleSelected })}
                >
                  Archive
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  leftSection={<IconUsersGroup size={14} />}
                  onClick={() => {
                    bulk.reset();
                    setAssigning(true);
                  }}
                >
                  Assign…
                </Button>
                <Button
                  size="xs"
                  color="red"
                  variant="light"
                  leftSection={<IconTrash size={14} />}
                  onClick={() => {
                    bulk.reset();
                    setConfirmingDelete(visibleSelected);
                  }}
                >
                  Delete
                </Button>
              </Group>
            </Group>
          </Paper>
        ) : null}

        <QueryGate pending={list.isPending} error={list.error} onRetry={() => void list.refetch()}>
          {items.length === 0 ? (
            <EmptyState
              icon={<KindIcon kind={kind} size={24} />}
              title={filtered ? `No ${labels.many.toLowerCase()} match` : `No ${labels.many.toLowerCase()} yet`}
            >
              {filtered ? (
                'Try another search or clear the filters.'
              ) : (
                <>
                  Create the first one with{' '}
                  <Anchor component={Link} to={`/admin/content/${slugOf(kind)}/new`} size="sm">
                    New {labels.one.toLowerCase()}
                  </Anchor>
                  .
                </>
              )}
            </EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={820}>
              <Table
                layout="fixed"
                verticalSpacing="sm"
                horizontalSpacing="md"
                highlightOnHover
                aria-label={labels.many}
                aria-busy={list.isPlaceholderData}
                style={{ opacity: list.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}
              >
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={44}>
                      <Checkbox
                        aria-label="Select all"
                        checked={allSelected}
                        indeterminate={visibleSelected.length > 0 && !allSelected}
                        onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((i) => i.id)))}
                      />
                    </Table.Th>
                    <Table.Th>Title</Table.Th>
                    <Table.Th w={130}>Status</Table.Th>
                    <Table.Th w={160}>Communities</Table.Th>
                    <Table.Th w={130}>Tags</Table.Th>
                    <Table.Th w={160}>Updated</Table.Th>
                    <Table.Th w={52} aria-label="Actions" />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((item) => {
                    const to = `/admin/content/${slugOf(kind)}/${item.id}`;
                    const names = item.communityIds.map((id) => communityNames.get(id) ?? 'Unknown community');
                    return (
                      <Table.Tr
                        key={item.id}
                        data-testid={`content-row-${item.title}`}
                        bg={selected.has(item.id) ? 'var(--mantine-color-violet-light)' : undefined}
                      >
                        <Table.Td>
                          <Checkbox
                            aria-label={`Select ${item.title}`}
                            checked={selected.has(item.id)}
                            onChange={() => toggle(item.id)}
                          />
                        </Table.Td>
                        <Table.Td style={{ maxWidth: 0 }}>
                          <Anchor component={Link} to={to} fw={600} size="sm" truncate="end" display="block">
                            {item.title}
                          </Anchor>
                          <Text size="xs" c="dimmed" truncate="end">
                            {item.description || 'No description'}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <ContentStatusBadge status={item.status} />
                        </Table.Td>
                        <Table.Td>
                          {names.length === 0 ? (
                            <Text size="sm" c="dimmed">
                              Not assigned
                            </Text>
                          ) : (
                            <Tooltip label={names.join(', ')} multiline maw={320}>
                              <Text size="sm" truncate="end">
                                {names.length === 1 ? names[0] : `${names[0]} +${names.length - 1}`}
                              </Text>
                            </Tooltip>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4} wrap="nowrap" style={{ overflow: 'hidden' }}>
                            {item.tags.slice(0, 2).map((t) => (
                              <Badge key={t} size="sm" variant="outline" color="gray" tt="none" radius="sm" maw={110}>
                                {t}
                              </Badge>
                            ))}
                            {item.tags.length > 2 ? (
                              <Text size="xs" c="dimmed">
                                +{item.tags.length - 2}
                              </Text>
                            ) : null}
                            {item.tags.length === 0 ? (
                              <Text size="sm" c="dimmed">
                                —
                              </Text>
                            ) : null}
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                            {formatDate(item.updatedAt)}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Menu position="bottom-end" withinPortal>
                            <Menu.Target>
                              <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${item.title}`}>
                                <IconDots size={18} />
                              </ActionIcon>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => void navigate(to)}>
                                Edit
                              </Menu.Item>
                              <Menu.Item leftSection={<IconCopy size={16} />} onClick={() => onDuplicate(item)}>
                                Duplicate
                              </Menu.Item>
                              <Menu.Divider />
                              <Menu.Item
                                color="red"
                                leftSection={<IconTrash size={16} />}
                                onClick={() => {
                                  remove.reset();
                                  setConfirmingDelete([item.id]);
                                }}
                              >
                                Delete
                              </Menu.Item>
                            </Menu.Dropdown>
                          </Menu>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <LoadMore query={list} spacing="md" />
        </QueryGate>
      </Card>

      {assigning ? (
        <AssignCommunitiesModal
          count={visibleSelected.length}
          loading={bulk.isPending}
          error={bulk.error}
          onClose={() => setAssigning(false)}
          onAssign={(communityIds) =>
            runBulk({ action: 'assign', ids: visibleSelected, communityIds }, () => setAssigning(false))
          }
        />
      ) : null}
      <ConfirmModal
        opened={confirmingDelete !== null}
        title={confirmingDelete && confirmingDelete.length > 1 ? `Delete ${confirmingDelete.length} items?` : 'Delete this item?'}
        confirmLabel="Delete"
        danger
        loading={bulk.isPending || remove.isPending}
        error={bulk.error ?? remove.error}
        onClose={() => setConfirmingDelete(null)}
        onConfirm={() => {
          if (!confirmingDelete) return;
          const [only] = confirmingDelete;
          if (confirmingDelete.length === 1 && only) {
            remove.mutate(only, {
              onSuccess: () => {
                notifications.show({ color: 'teal', message: `Deleted 1 ${labels.one.toLowerCase()}.` });
                setSelected((current) => {
                  const next = new Set(current);
                  next.delete(only);
                  return next;
                });
                setConfirmingDelete(null);
              },
            });
          } else {
            runBulk({ action: 'delete', ids: confirmingDelete }, () => setConfirmingDelete(null));
          }
        }}
      >
        Members lose access at once and their progress on{' '}
        {confirmingDelete && confirmingDelete.length > 1 ? 'these items' : 'this item'} is deleted. This cannot be undone.
      </ConfirmModal>
    </>
  );
}
