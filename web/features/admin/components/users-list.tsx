import { Anchor, Avatar, Badge, Button, Group, Select, Text, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconExternalLink, IconFileImport, IconPlayerPause, IconPlayerPlay, IconTrash, IconUserPlus, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { communityRoleSchema, platformRoleSchema, userSortSchema, userStatusSchema, type UserListItem } from '../../../../contracts/users.js';
import { pagedItems } from '../../../components/list/infinite-pages.js';
import { ListFrame } from '../../../components/list/list-frame.js';
import { ListTable, type ListColumn } from '../../../components/list/list-table.js';
import { ListToolbar } from '../../../components/list/list-toolbar.js';
import { RowActions } from '../../../components/list/row-actions.js';
import { ConfirmDelete } from '../../../components/ui/confirm-modal.js';
import { PageHeader } from '../../../components/ui/page-header.js';
import { communityOptions, useCommunityDirectory } from '../../../lib/directory.js';
import { formatAgo } from '../../../lib/format.js';
import { useDeleteUser, useSetUserStatus, useUserList } from '../hooks/use-users.js';
import { RoleBadge, StatusBadge, initialsOf } from './user-badges.js';
import { UserCreateModal } from './user-create-modal.js';

export function UsersList({ currentUserId }: { currentUserId: string }) {
  const { t } = useTranslation('admin');
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [role, setRole] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [communityId, setCommunityId] = useState<string | null>(null);
  const [communityRole, setCommunityRole] = useState<string | null>(null);
  const [sort, setSort] = useState<string | null>('newest');
  const communities = useCommunityDirectory();
  const filters = {
    q: q || undefined,
    role: platformRoleSchema.optional().catch(undefined).parse(role ?? undefined),
    status: userStatusSchema.optional().catch(undefined).parse(status ?? undefined),
    communityId: communityId ?? undefined,
    communityRole: communityRoleSchema.optional().catch(undefined).parse(communityRole ?? undefined),
    sort: userSortSchema.catch('newest').parse(sort),
  };
  const list = useUserList(filters);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<UserListItem | null>(null);
  const remove = useDeleteUser();
  const setUserStatus = useSetUserStatus();
  const items = pagedItems(list.data);
  const filtered = Boolean(filters.q || filters.role || filters.status || filters.communityId || filters.communityRole);

  const toggleStatus = (user: UserListItem) => {
    const next = user.status === 'suspended' ? 'active' : 'suspended';
    setUserStatus.mutate(
      { id: user.id, status: next },
      {
        onSuccess: () =>
          notifications.show({
            color: 'teal',
            message: t(next === 'suspended' ? 'users.suspended' : 'users.reactivated', { name: user.displayName || user.email }),
          }),
        onError: (e) => notifications.show({ color: 'red', title: t('users.statusNotChanged'), message: e.message }),
      },
    );
  };

  const columns: ListColumn<UserListItem>[] = [
    {
      key: 'person',
      header: t('columns.person'),
      render: (u) => (
        <Group gap="sm" wrap="nowrap">
          <Avatar radius="xl" size={34} color="violet" variant="light" visibleFrom="sm">
            {initialsOf(u.displayName, u.email)}
          </Avatar>
          <div style={{ minWidth: 0 }}>
            <Group gap={6} wrap="nowrap">
              <Anchor component={Link} to={`/admin/users/${u.id}`} fw={600} size="sm" truncate>
                {u.displayName || u.email}
              </Anchor>
              {u.id === currentUserId ? (
                <Text size="xs" c="dimmed">
                  {t('users.you')}
                </Text>
              ) : null}
              <ManagerBadge person={u} />
            </Group>
            <Text size="xs" c="dimmed" truncate>
              {u.email}
            </Text>
            {/* Phones have no Communities column: the names sit under the email. */}
            <Text size="xs" c="dimmed" truncate hiddenFrom="sm">
              {u.communities.map((c) => c.communityName).join(', ')}
            </Text>
          </div>
        </Group>
      ),
    },
    { key: 'role', header: t('columns.role'), width: 130, priority: 'secondary', render: (u) => <RoleBadge role={u.role} /> },
    { key: 'communities', header: t('columns.communities'), width: 230, priority: 'secondary', render: (u) => <Memberships person={u} /> },
    { key: 'status', header: t('columns.status'), width: 140, render: (u) => <StatusBadge status={u.status} /> },
    {
      key: 'last-sign-in',
      header: t('columns.lastSignIn'),
      width: 150,
      priority: 'secondary',
      render: (u) => (
        <Text size="sm" c="dimmed">
          {formatAgo(u.lastLoginAt)}
        </Text>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('users.title')}
        description={t('users.description')}
        actions={
          <>
            <Button component={Link} to="/admin/users/import" variant="default" leftSection={<IconFileImport size={16} />}>
              {t('users.importCsv')}
            </Button>
            <Button leftSection={<IconUserPlus size={16} />} onClick={() => setCreating(true)}>
              {t('users.add')}
            </Button>
          </>
        }
      />
      <ListFrame
        query={list}
        count={items.length}
        toolbar={
          <ListToolbar
            search={{ value: search, onChange: setSearch, placeholder: t('picker.placeholder'), label: t('users.search') }}
            end={
              <Select
                aria-label={t('users.sort')}
                data={[
                  { value: 'newest', label: t('users.sortNewest') },
                  { value: 'name', label: t('users.sortName') },
                ]}
                value={sort}
                onChange={setSort}
                allowDeselect={false}
                w={160}
              />
            }
          >
            <Select
              aria-label={t('users.filterRole')}
              placeholder={t('users.allRoles')}
              data={[
                { value: 'admin', label: t('users.admins') },
                { value: 'member', label: t('users.members') },
              ]}
              value={role}
              onChange={setRole}
              clearable
              w={150}
            />
            <Select
              aria-label={t('users.filterStatus')}
              placeholder={t('users.allStatuses')}
              data={[
                { value: 'active', label: t('status.active') },
                { value: 'invited', label: t('status.invited') },
                { value: 'suspended', label: t('status.suspended') },
              ]}
              value={status}
              onChange={setStatus}
              clearable
              w={180}
            />
            <Select
              aria-label={t('users.filterCommunity')}
              placeholder={t('users.allCommunities')}
              data={communityOptions(communities.data)}
              value={communityId}
              onChange={setCommunityId}
              searchable
              clearable
              w={200}
            />
            <Select
              aria-label={t('users.filterCommunityRole')}
              placeholder={t('users.anyCommunityRole')}
              data={[
                { value: 'manager', label: t('users.managers') },
                { value: 'member', label: t('users.communityMembers') },
              ]}
              value={communityRole}
              onChange={setCommunityRole}
              clearable
              w={190}
            />
          </ListToolbar>
        }
        empty={{
          icon: <IconUsers size={24} />,
          title: filtered ? t('users.empty.noMatchTitle') : t('users.empty.noneTitle'),
          body: filtered ? t('users.empty.noMatchBody') : t('users.empty.noneBody'),
        }}
      >
        <ListTable
          label={t('users.title')}
          rows={items}
          rowKey={(u) => u.id}
          columns={columns}
          stale={list.isPlaceholderData}
          rowData={(u) => ({ 'data-testid': `user-row-${u.email}` })}
          actions={(u) => {
            const self = u.id === currentUserId;
            return (
              <RowActions
                label={t('actionsFor', { name: u.email })}
                actions={[
                  { label: t('actions.open'), icon: <IconExternalLink size={16} />, onClick: () => void navigate(`/admin/users/${u.id}`) },
                  {
                    label: u.status === 'suspended' ? t('actions.reactivate') : t('actions.suspend'),
                    icon: u.status === 'suspended' ? <IconPlayerPlay size={16} /> : <IconPlayerPause size={16} />,
                    hidden: u.status === 'invited' || self,
                    onClick: () => toggleStatus(u),
                  },
                  { label: t('common:actions.delete'), icon: <IconTrash size={16} />, danger: true, hidden: self, onClick: () => setDeleting(u) },
                ]}
              />
            );
          }}
        />
      </ListFrame>

      {creating ? <UserCreateModal onClose={() => setCreating(false)} /> : null}
      <ConfirmDelete
        item={deleting}
        what={t('users.what')}
        mutation={remove}
        variables={(d) => d.id}
        done={(d) => t('users.deleted', { email: d.email })}
        onClose={() => setDeleting(null)}
      >
        {t('users.deleteBody', { email: deleting?.email ?? '' })}
      </ConfirmDelete>
    </>
  );
}

/** "Manager" next to the name of anyone who manages a community (shown on phones too). */
function ManagerBadge({ person }: { person: UserListItem }) {
  const { t } = useTranslation('admin');
  const managed = person.communities.filter((c) => c.role === 'manager');
  if (managed.length === 0) return null;
  return (
    <Tooltip label={t('users.manages', { names: managed.map((c) => c.communityName).join(', ') })} withinPortal>
      <Badge size="sm" variant="light" color="violet" tt="none" data-testid="manager-badge" style={{ flexShrink: 0 }}>
        {t('communityRole.manager')}
      </Badge>
    </Tooltip>
  );
}

/** The person's communities; the ones they manage say so. */
function Memberships({ person }: { person: UserListItem }) {
  const { t } = useTranslation('admin');
  if (person.communities.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('users.noCommunity')}
      </Text>
    );
  }
  const shown = person.communities.slice(0, 2);
  const rest = person.communities.length - shown.length;
  return (
    <Text size="sm" lineClamp={2} data-testid="user-communities">
      {shown.map((c, i) => (
        <span key={c.communityId}>
          {i > 0 ? ', ' : ''}
          {c.communityName}
          {c.role === 'manager' ? <Text span c="dimmed" size="sm">{` ${t('users.managerMark')}`}</Text> : null}
        </span>
      ))}
      {rest > 0 ? <Text span c="dimmed" size="sm">{` ${t('users.more', { count: rest })}`}</Text> : null}
    </Text>
  );
}
