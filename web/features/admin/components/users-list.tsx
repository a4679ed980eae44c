import { Anchor, Avatar, Badge, Button, Group, Select, Text, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconExternalLink, IconFileImport, IconPlayerPause, IconPlayerPlay, IconTrash, IconUserPlus, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
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
            message: `${user.displayName || user.email} ${next === 'suspended' ? 'is suspended' : 'is active again'}.`,
          }),
        onError: (e) => notifications.show({ color: 'red', title: 'Status not changed', message: e.message }),
      },
    );
  };

  const columns: ListColumn<UserListItem>[] = [
    {
      key: 'person',
      header: 'Person',
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
                  (you)
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
    { key: 'role', header: 'Role', width: 110, priority: 'secondary', render: (u) => <RoleBadge role={u.role} /> },
    { key: 'communities', header: 'Communities', width: 230, priority: 'secondary', render: (u) => <Memberships person={u} /> },
    { key: 'status', header: 'Status', width: 120, render: (u) => <StatusBadge status={u.status} /> },
    {
      key: 'last-sign-in',
      header: 'Last sign-in',
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
        title="Users"
        description="Everyone who can sign in to AI GYM. Invite people, set their role, suspend access."
        actions={
          <>
            <Button component={Link} to="/admin/users/import" variant="default" leftSection={<IconFileImport size={16} />}>
              Import CSV
            </Button>
            <Button leftSection={<IconUserPlus size={16} />} onClick={() => setCreating(true)}>
              Add person
            </Button>
          </>
        }
      />
      <ListFrame
        query={list}
        count={items.length}
        toolbar={
          <ListToolbar
            search={{ value: search, onChange: setSearch, placeholder: 'Search by name or email', label: 'Search users' }}
            end={
              <Select
                aria-label="Sort users"
                data={[
                  { value: 'newest', label: 'Newest first' },
                  { value: 'name', label: 'Name A–Z' },
                ]}
                value={sort}
                onChange={setSort}
                allowDeselect={false}
                w={150}
              />
            }
          >
            <Select
              aria-label="Filter by role"
              placeholder="All roles"
              data={[
                { value: 'admin', label: 'Admins' },
                { value: 'member', label: 'Members' },
              ]}
              value={role}
              onChange={setRole}
              clearable
              w={150}
            />
            <Select
              aria-label="Filter by status"
              placeholder="All statuses"
              data={[
                { value: 'active', label: 'Active' },
                { value: 'invited', label: 'Invited' },
                { value: 'suspended', label: 'Suspended' },
              ]}
              value={status}
              onChange={setStatus}
              clearable
              w={160}
            />
            <Select
              aria-label="Filter by community"
              placeholder="All communities"
              data={communityOptions(communities.data)}
              value={communityId}
              onChange={setCommunityId}
              searchable
              clearable
              w={200}
            />
            <Select
              aria-label="Filter by community role"
              placeholder="Any community role"
              data={[
                { value: 'manager', label: 'Managers' },
                { value: 'member', label: 'Community members' },
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
          title: filtered ? 'Nobody matches' : 'No users yet',
          body: filtered ? 'Try another search or clear the filters.' : 'Add the first person.',
        }}
      >
        <ListTable
          label="Users"
          rows={items}
          rowKey={(u) => u.id}
          columns={columns}
          stale={list.isPlaceholderData}
          rowData={(u) => ({ 'data-testid': `user-row-${u.email}` })}
          actions={(u) => {
            const self = u.id === currentUserId;
            return (
              <RowActions
                label={`Actions for ${u.email}`}
                actions={[
                  { label: 'Open', icon: <IconExternalLink size={16} />, onClick: () => void navigate(`/admin/users/${u.id}`) },
                  {
                    label: u.status === 'suspended' ? 'Reactivate' : 'Suspend',
                    icon: u.status === 'suspended' ? <IconPlayerPlay size={16} /> : <IconPlayerPause size={16} />,
                    hidden: u.status === 'invited' || self,
                    onClick: () => toggleStatus(u),
                  },
                  { label: 'Delete', icon: <IconTrash size={16} />, danger: true, hidden: self, onClick: () => setDeleting(u) },
                ]}
              />
            );
          }}
        />
      </ListFrame>

      {creating ? <UserCreateModal onClose={() => setCreating(false)} /> : null}
      <ConfirmDelete
        item={deleting}
        what="user"
        mutation={remove}
        variables={(d) => d.id}
        done={(d) => `Deleted ${d.email}.`}
        onClose={() => setDeleting(null)}
      >
        {deleting?.email} will lose access immediately and their account will be deleted. This cannot be undone.
      </ConfirmDelete>
    </>
  );
}

/** "Manager" next to the name of anyone who manages a community (shown on phones too). */
function ManagerBadge({ person }: { person: UserListItem }) {
  const managed = person.communities.filter((c) => c.role === 'manager');
  if (managed.length === 0) return null;
  return (
    <Tooltip label={`Manages ${managed.map((c) => c.communityName).join(', ')}`} withinPortal>
      <Badge size="sm" variant="light" color="violet" tt="none" data-testid="manager-badge" style={{ flexShrink: 0 }}>
        Manager
      </Badge>
    </Tooltip>
  );
}

/** The person's communities; the ones they manage say so. */
function Memberships({ person }: { person: UserListItem }) {
  if (person.communities.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No community
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
          {c.role === 'manager' ? <Text span c="dimmed" size="sm"> (manager)</Text> : null}
        </span>
      ))}
      {rest > 0 ? <Text span c="dimmed" size="sm">{` +${rest} more`}</Text> : null}
    </Text>
  );
}
