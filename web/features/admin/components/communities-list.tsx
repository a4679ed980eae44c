import { Anchor, Avatar, Button, Group, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBuildingCommunity, IconExternalLink, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Community } from '../../../../contracts/communities.js';
import { pagedItems } from '../../../components/list/infinite-pages.js';
import { ListFrame } from '../../../components/list/list-frame.js';
import { ListTable, type ListColumn } from '../../../components/list/list-table.js';
import { ListToolbar } from '../../../components/list/list-toolbar.js';
import { RowActions } from '../../../components/list/row-actions.js';
import { ConfirmDelete } from '../../../components/ui/confirm-modal.js';
import { PageHeader } from '../../../components/ui/page-header.js';
import { formatDate, formatNumber } from '../../../lib/format.js';
import { useCommunityList, useDeleteCommunity } from '../hooks/use-communities.js';
import { CommunityFormModal } from './community-form-modal.js';

export function CommunitiesList() {
  const { t } = useTranslation('admin');
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const list = useCommunityList(q);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Community | null>(null);
  const [deleting, setDeleting] = useState<Community | null>(null);
  const remove = useDeleteCommunity();
  const items = pagedItems(list.data);

  const columns: ListColumn<Community>[] = [
    {
      key: 'community',
      header: t('communities.columns.community'),
      render: (c) => (
        <Group gap="sm" wrap="nowrap">
          <Avatar radius="md" color="indigo" variant="light" visibleFrom="sm">
            {c.name.slice(0, 2).toUpperCase()}
          </Avatar>
          <div style={{ minWidth: 0 }}>
            <Anchor component={Link} to={`/admin/communities/${c.id}`} fw={600} size="sm" truncate="end" display="block">
              {c.name}
            </Anchor>
            {c.description ? (
              <Text size="xs" c="dimmed" lineClamp={1}>
                {c.description}
              </Text>
            ) : null}
          </div>
        </Group>
      ),
    },
    { key: 'members', header: t('communities.columns.members'), width: 100, render: (c) => <Text size="sm">{formatNumber(c.memberCount)}</Text> },
    {
      key: 'created',
      header: t('communities.columns.created'),
      width: 140,
      priority: 'secondary',
      render: (c) => (
        <Text size="sm" c="dimmed">
          {formatDate(c.createdAt)}
        </Text>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('communities.title')}
        description={t('communities.description')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('communities.new')}
          </Button>
        }
      />
      <ListFrame
        query={list}
        count={items.length}
        toolbar={<ListToolbar search={{ value: search, onChange: setSearch, placeholder: t('communities.search'), label: t('communities.search') }} />}
        empty={{
          icon: <IconBuildingCommunity size={24} />,
          title: q ? t('communities.empty.noMatchTitle') : t('communities.empty.noneTitle'),
          body: q ? t('communities.empty.noMatchBody') : t('communities.empty.noneBody'),
        }}
      >
        <ListTable
          label={t('communities.title')}
          rows={items}
          rowKey={(c) => c.id}
          columns={columns}
          stale={list.isPlaceholderData}
          actions={(c) => (
            <RowActions
              label={t('actionsFor', { name: c.name })}
              actions={[
                { label: t('actions.open'), icon: <IconExternalLink size={16} />, onClick: () => void navigate(`/admin/communities/${c.id}`) },
                { label: t('common:actions.edit'), icon: <IconPencil size={16} />, onClick: () => setEditing(c) },
                { label: t('common:actions.delete'), icon: <IconTrash size={16} />, danger: true, onClick: () => setDeleting(c) },
              ]}
            />
          )}
        />
      </ListFrame>

      {creating ? (
        <CommunityFormModal
          onClose={() => setCreating(false)}
          onCreated={(c) => void navigate(`/admin/communities/${c.id}`)}
        />
      ) : null}
      {editing ? <CommunityFormModal community={editing} onClose={() => setEditing(null)} /> : null}
      <ConfirmDelete
        item={deleting}
        what={t('communities.what')}
        mutation={remove}
        variables={(d) => d.id}
        done={(d) => t('communities.deleted', { name: d.name })}
        onClose={() => setDeleting(null)}
      >
        {t('communities.deleteBody', { name: deleting?.name ?? '' })}
      </ConfirmDelete>
    </>
  );
}
