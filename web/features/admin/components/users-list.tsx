import { ActionIcon, Anchor, Avatar, Button, Card, Group, Menu, Select, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconDots,
  IconExternalLink,
  IconFileImport,
  IconPlayerPause,
  IconPlayerPlay,
  IconSearch,
  IconTrash,
  IconUserPlus,
  IconUsers,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { platformRoleSchema, userStatusSchema, type User } from '../../../../contracts/users.js';
import { ConfirmDelete } from '../../../components/ui/confirm-modal.js';
import { EmptyState } from '../../../components/ui/empty-state.js';
import { PageHeader } from '../../../components/ui/page-header.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { useDeleteUser, useSetUserStatus, useUserList } from '../hooks/use-users.js';
import { RoleBadge, StatusBadge, formatDate, initialsOf } from './user-badges.js';
import { UserCreateModal } from './user-create-modal.js';
import { LoadMore } from '../../../components/ui/load-more.js';

export function UsersList({ currentUserId }: { currentUserId: string }) {
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [role, setRole] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const filters = {
    q: q || undefined,
    role: platformRoleSchema.optional().catch(undefined).parse(role ?? undefined),
    status: userStatusSchema.optional().catch(undefined).parse(status ?? undefined),
  };
  const list = useUserList(filters);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<User | null>(null);
  const remove = useDeleteUser();
  const setUserStatus = useSetUserStatus();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(filters.q || filters.role || filters.status);

  const toggleStatus = (user: User) => {
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
      <Card padding={0}>
        <Group p="md" gap="sm" wrap="wrap">
          <TextInput
            placeholder="Search by name or email"
            aria-label="Search users"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: '1 1 240px', maxWidth: 420 }}
          />
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
        </Group>
        <QueryGate pending={list.isPending} error={list.error} onRetry={() => void list.refetch()}>
          {items.length === 0 ? (
            <EmptyState icon={<IconUsers size={24} />} title={filtered ? 'Nobody matches' : 'No users yet'}>
              {filtered ? 'Try another search or clear the filters.' : 'Add the first person.'}
            </EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover aria-label="Users">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Person</Table.Th>
                    <Table.Th w={110}>Role</Table.Th>
                    <Table.Th w={130}>Status</Table.Th>
                    <Table.Th w={170}>Last sign-in</Table.Th>
                    <Table.Th w={56} aria-label="Actions" />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((u) => {
                    const name = u.displayName || u.email;
                    const self = u.id === currentUserId;
                    return (
                      <Table.Tr key={u.id} data-testid={`user-row-${u.email}`}>
                        <Table.Td>
                          <Group gap="sm" wrap="nowrap">
                            <Avatar radius="xl" size={34} color="violet" variant="light">
                              {initialsOf(u.displayName, u.email)}
                            </Avatar>
                            <div style={{ minWidth: 0 }}>
                              <Group gap={6} wrap="nowrap">
                                <Anchor component={Link} to={`/admin/users/${u.id}`} fw={600} size="sm" truncate>
                                  {name}
                                </Anchor>
                                {self ? (
                                  <Text size="xs" c="dimmed">
                                    (you)
                                  </Text>
                                ) : null}
                              </Group>
                              <Text size="xs" c="dimmed" truncate>
                                {u.email}
                              </Text>
                            </div>
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <RoleBadge role={u.role} />
                        </Table.Td>
                        <Table.Td>
                          <StatusBadge status={u.status} />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" c="dimmed">
                            {u.lastLoginAt ? formatDate(u.lastLoginAt, true) : 'Never'}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Menu position="bottom-end" withinPortal>
                            <Menu.Target>
                              <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${u.email}`}>
                                <IconDots size={18} />
                              </ActionIcon>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item
                                leftSection={<IconExternalLink size={16} />}
                                onClick={() => void navigate(`/admin/users/${u.id}`)}
                              >
                                Open
                              </Menu.Item>
                              {u.status !== 'invited' && !self ? (
                                <Menu.Item
                                  leftSection={
                                    u.status === 'suspended' ? <IconPlayerPlay size={16} /> : <IconPlayerPause size={16} />
                                  }
                                  onClick={() => toggleStatus(u)}
                                >
                                  {u.status === 'suspended' ? 'Reactivate' : 'Suspend'}
                                </Menu.Item>
                              ) : null}
                              {!self ? (
                                <>
                                  <Menu.Divider />
                                  <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(u)}>
                                    Delete
                                  </Menu.Item>
                                </>
                              ) : null}
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
