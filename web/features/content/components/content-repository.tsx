import { Anchor, Badge, Button, Group, Select, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconBooks, IconCopy, IconEyeOff, IconPencil, IconPlus, IconSend, IconTag, IconTrash, IconUsersGroup } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { contentStatusSchema, type BulkContentInput, type ContentKind, type ContentSummary } from '../../../../contracts/content.js';
import { BulkBar } from '../../../components/list/bulk-bar.js';
import { pagedItems } from '../../../components/list/infinite-pages.js';
import { ListFrame } from '../../../components/list/list-frame.js';
import { ListTable, type ListColumn } from '../../../components/list/list-table.js';
import { ListToolbar } from '../../../components/list/list-toolbar.js';
import { RowActions } from '../../../components/list/row-actions.js';
import { useSelection } from '../../../components/list/use-selection.js';
import { ConfirmModal } from '../../../components/ui/confirm-modal.js';
import { KindIcon } from '../../../components/ui/kind-icon.js';
import { PageHeader } from '../../../components/ui/page-header.js';
import { kindVisual } from '../../../lib/content-kinds.js';
import { communityOptions, useCommunityDirectory, useCommunityNames } from '../../../lib/directory.js';
import { formatDateTime } from '../../../lib/format.js';
import { useBulkContent, useContentList, useDeleteContent, useDuplicateContent } from '../hooks/use-content.js';
import { contentStatuses } from '../lib/kinds.js';
import { AssignCommunitiesModal } from './assign-communities-modal.js';
import { ContentStatusBadge } from './content-status-badge.js';
import { CalibrationStateBadge, useCalibrationStates } from '../../../components/content/calibration-state-badge.js';

type BulkAction = BulkContentInput['action'];

function Tags({ tags }: { tags: string[] }) {
  if (tags.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Group gap={4} wrap="nowrap" style={{ overflow: 'hidden' }}>
      {tags.slice(0, 2).map((t) => (
        <Badge key={t} size="sm" variant="outline" color="gray" tt="none" radius="sm" maw={110}>
          {t}
        </Badge>
      ))}
      {tags.length > 2 ? (
        <Text size="xs" c="dimmed">
          +{tags.length - 2}
        </Text>
      ) : null}
    </Group>
  );
}

export function ContentRepository({ kind }: { kind: ContentKind }) {
  const { t } = useTranslation('content');
  const navigate = useNavigate();
  const visual = kindVisual(kind);
  const plural = t(`kinds.${kind}.many`);
  const pluralLower = t(`kinds.${kind}.manyLower`);
  const newLabel = t(`kinds.${kind}.new`);
  const [search, setSearch] = useState('');
  const [tagInput, setTagInput] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [tag] = useDebouncedValue(tagInput.trim().toLowerCase(), 250);
  const [status, setStatus] = useState<string | null>(null);
  const [communityId, setCommunityId] = useState<string | null>(null);
  const [sort, setSort] = useState<'recent' | 'title'>('recent');
  // The repository is for admins; a graded exercise shows where its calibration stands.
  const calibrations = useCalibrationStates(kind === 'exercise');
  const filters = {
    kind,
    q: q || undefined,
    status: contentStatusSchema.optional().catch(undefined).parse(status ?? undefined),
    communityId: communityId ?? undefined,
    tag: tag || undefined,
    sort,
  };
  const list = useContentList(filters);
  const communities = useCommunityDirectory();
  const communityNames = useCommunityNames();
  const items = pagedItems(list.data);
  const filtered = Boolean(filters.q || filters.status || filters.communityId || filters.tag);
  const selection = useSelection(items.map((i) => i.id));
  const bulk = useBulkContent();
  const [confirmingDelete, setConfirmingDelete] = useState<string[] | null>(null);
  const [assigning, setAssigning] = useState(false);
  const remove = useDeleteContent();
  const duplicate = useDuplicateContent();
  const newPath = `/admin/content/${visual.slug}/new`;
  const pathOf = (item: ContentSummary) => `/admin/content/${visual.slug}/${item.id}`;
  const counted = (count: number) => t(`kinds.${kind}.count`, { count });

  const runBulk = (input: BulkContentInput, after?: () => void) =>
    bulk.mutate(input, {
      onSuccess: (result) => {
        notifications.show({ color: 'teal', message: t(`bulk.done.${input.action}`, { count: result.updated, items: counted(result.updated) }) });
        selection.clear();
        after?.();
      },
      onError: (e) => notifications.show({ color: 'red', title: t('bulk.nothingChanged'), message: e.message }),
    });

  const onDuplicate = (item: ContentSummary) =>
    duplicate.mutate(item.id, {
      onSuccess: (copy) => {
        notifications.show({ color: 'teal', message: t('duplicated', { title: copy.title }) });
        void navigate(pathOf(copy));
      },
      onError: (e) => notifications.show({ color: 'red', title: t('notDuplicated'), message: e.message }),
    });

  const bulkButton = (action: Exclude<BulkAction, 'assign' | 'delete'>, label: string, icon: ReactNode) => (
    <Button
      size="xs"
      variant="default"
      leftSection={icon}
      loading={bulk.isPending && bulk.variables?.action === action}
      onClick={() => runBulk({ action, ids: selection.selected })}
    >
      {label}
    </Button>
  );

  const columns: ListColumn<ContentSummary>[] = [
    {
      key: 'title',
      header: t('columns.title'),
      render: (item) => (
        <>
          <Anchor component={Link} to={pathOf(item)} fw={600} size="sm" truncate="end" display="block">
            {item.title}
          </Anchor>
          <Text size="xs" c="dimmed" truncate="end">
            {item.description || t('noDescription')}
          </Text>
        </>
      ),
    },
    {
      key: 'status',
      header: t('columns.status'),
      // Exercises also show the calibration state, whose longest label needs the room.
      width: kind === 'exercise' ? 190 : 120,
      render: (item) => (
        <Group gap={4}>
          <ContentStatusBadge status={item.status} />
          <CalibrationStateBadge state={calibrations.get(item.id)} />
        </Group>
      ),
    },
    {
      key: 'communities',
      header: t('columns.communities'),
      width: 160,
      priority: 'secondary',
      render: (item) => {
        const names = item.communityIds.map((id) => communityNames.get(id) ?? t('unknownCommunity'));
        if (names.length === 0) {
          return (
            <Text size="sm" c="dimmed">
              {t('notAssigned')}
            </Text>
          );
        }
        return (
          <Tooltip label={names.join(', ')} multiline maw={320}>
            <Text size="sm" truncate="end">
              {names.length === 1 ? names[0] : `${names[0]} +${names.length - 1}`}
            </Text>
          </Tooltip>
        );
      },
    },
    { key: 'tags', header: t('columns.tags'), width: 140, priority: 'secondary', render: (item) => <Tags tags={item.tags} /> },
    {
      key: 'updated',
      header: t('columns.updated'),
      width: 150,
      priority: 'secondary',
      render: (item) => (
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(item.updatedAt)}
        </Text>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        eyebrow={
          <Group gap={6} c="dimmed">
            <IconBooks size={14} aria-hidden />
            <Text size="xs" fw={600} tt="uppercase" style={{ letterSpacing: '0.06em' }}>
              {t('repository.eyebrow')}
            </Text>
          </Group>
        }
        title={plural}
        description={t('repository.description', { items: pluralLower })}
        actions={
          <Button component={Link} to={newPath} leftSection={<IconPlus size={16} />}>
            {newLabel}
          </Button>
        }
      />
      <ListFrame
        query={list}
        count={items.length}
        toolbar={
          <ListToolbar
            search={{ value: search, onChange: setSearch, placeholder: t('repository.search', { items: pluralLower }), label: t('repository.searchLabel') }}
            end={
              <Select
                aria-label={t('repository.sort')}
                data={[
                  { value: 'recent', label: t('repository.sortRecent') },
                  { value: 'title', label: t('repository.sortTitle') },
                ]}
                value={sort}
                onChange={(value) => setSort(value === 'title' ? 'title' : 'recent')}
                allowDeselect={false}
                w={190}
              />
            }
          >
            <Select aria-label={t('repository.filterStatus')} placeholder={t('repository.allStatuses')} data={contentStatuses.map((s) => ({ value: s, label: t(`status.${s}`) }))} value={status} onChange={setStatus} clearable w={170} />
            <Select
              aria-label={t('repository.filterCommunity')}
              placeholder={t('repository.allCommunities')}
              data={communityOptions(communities.data)}
              value={communityId}
              onChange={setCommunityId}
              searchable
              clearable
              nothingFoundMessage={t('assign.noMatch')}
              w={215}
            />
            <TextInput
              aria-label={t('repository.filterTag')}
              placeholder={t('repository.tag')}
              leftSection={<IconTag size={16} aria-hidden />}
              value={tagInput}
              onChange={(e) => setTagInput(e.currentTarget.value)}
              w={130}
            />
          </ListToolbar>
        }
        bulkBar={
          <BulkBar count={selection.selected.length} onClear={selection.clear}>
            {bulkButton('publish', t('bulk.publish'), <IconSend size={14} />)}
            {bulkButton('unpublish', t('bulk.unpublish'), <IconEyeOff size={14} />)}
            {bulkButton('archive', t('bulk.archive'), <IconArchive size={14} />)}
            <Button
              size="xs"
              variant="default"
              leftSection={<IconUsersGroup size={14} />}
              onClick={() => {
                bulk.reset();
                setAssigning(true);
              }}
            >
              {t('bulk.assign')}
            </Button>
            <Button
              size="xs"
              color="red"
              variant="light"
              leftSection={<IconTrash size={14} />}
              onClick={() => {
                bulk.reset();
                setConfirmingDelete(selection.selected);
              }}
            >
              {t('common:actions.delete')}
            </Button>
          </BulkBar>
        }
        empty={{
          icon: <KindIcon kind={kind} size={24} />,
          title: filtered ? t('repository.emptyNoMatch', { items: pluralLower }) : t('repository.emptyNone', { items: pluralLower }),
          body: filtered ? (
            t('repository.emptyNoMatchBody')
          ) : (
            <Trans
              t={t}
              i18nKey="repository.emptyNoneBody"
              values={{ action: newLabel }}
              components={{ action: <Anchor component={Link} to={newPath} size="sm" /> }}
            />
          ),
        }}
      >
        <ListTable
          label={plural}
          rows={items}
          rowKey={(item) => item.id}
          columns={columns}
          selection={selection}
          selectLabel={(item) => t('repository.select', { title: item.title })}
          stale={list.isPlaceholderData}
          rowData={(item) => ({ 'data-testid': `content-row-${item.title}` })}
          actions={(item) => (
            <RowActions
              label={t('actionsFor', { name: item.title })}
              actions={[
                { label: t('common:actions.edit'), icon: <IconPencil size={16} />, onClick: () => void navigate(pathOf(item)) },
                { label: t('actions.duplicate'), icon: <IconCopy size={16} />, onClick: () => onDuplicate(item) },
                {
                  label: t('common:actions.delete'),
                  icon: <IconTrash size={16} />,
                  danger: true,
                  onClick: () => {
                    remove.reset();
                    setConfirmingDelete([item.id]);
                  },
                },
              ]}
            />
          )}
        />
      </ListFrame>
      {assigning ? (
        <AssignCommunitiesModal
          count={selection.selected.length}
          loading={bulk.isPending}
          error={bulk.error}
          onClose={() => setAssigning(false)}
          onAssign={(communityIds) =>
            runBulk({ action: 'assign', ids: selection.selected, communityIds }, () => setAssigning(false))
          }
        />
      ) : null}
      <ConfirmModal
        opened={confirmingDelete !== null}
        title={confirmingDelete && confirmingDelete.length > 1 ? t('repository.deleteMany', { count: confirmingDelete.length }) : t('editor.deleteTitle')}
        confirmLabel={t('common:actions.delete')}
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
                notifications.show({ color: 'teal', message: t('bulk.done.delete', { count: 1, items: counted(1) }) });
                selection.remove(only);
                setConfirmingDelete(null);
              },
            });
          } else {
            runBulk({ action: 'delete', ids: confirmingDelete }, () => setConfirmingDelete(null));
          }
        }}
      >
        {t('repository.deleteBody', { count: confirmingDelete?.length ?? 1 })}
      </ConfirmModal>
    </>
  );
}
