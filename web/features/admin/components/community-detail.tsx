import type { ReactNode } from 'react';
import {
  ActionIcon,
  Anchor,
  Avatar,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconTrash, IconUserMinus, IconUserPlus, IconUsersGroup } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { CommunityMember } from '../../../../contracts/communities.js';
import { communityRoleSchema, type CommunityRole } from '../../../../contracts/users.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { NotFoundView } from '../../../components/errors/not-found-view.js';
import { ConfirmModal } from '../../../components/ui/confirm-modal.js';
import { EmptyState } from '../../../components/ui/empty-state.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { isApiError } from '../../../lib/http/api-error.js';
import {
  useCommunity,
  useCommunityMembers,
  useDeleteCommunity,
  useRemoveMembership,
  useSetMembership,
} from '../hooks/use-communities.js';
import { CommunityFormModal } from './community-form-modal.js';
import { StatusBadge, communityRoleOptions, initialsOf } from './user-badges.js';
import { UserPicker } from './user-picker.js';
import { InfinitePages, pagedItems } from '../../../components/list/infinite-pages.js';
import { formatDate } from '../../../lib/format.js';

function AddMemberForm({ communityId, existing }: { communityId: string; existing: ReadonlySet<string> }) {
  const [userId, setUserId] = useState<string | null>(null);
  const [role, setRole] = useState<CommunityRole>('member');
  const [error, setError] = useState<string | undefined>();
  const add = useSetMembership();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!userId) {
      setError('Choose a person to add.');
      return;
    }
    setError(undefined);
    add.mutate(
      { communityId, userId, role },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `Added as ${role}.` });
          setUserId(null);
          setRole('member');
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} aria-label="Add a member" noValidate>
      <Stack gap="sm">
        {add.error ? <ErrorAlert error={add.error} /> : null}
        <Group align="flex-end" gap="sm" wrap="wrap">
          <div style={{ flex: '1 1 260px' }}>
            <UserPicker value={userId} onChange={setUserId} exclude={existing} label="Add a person" error={error} />
          </div>
          <Select
            label="Role"
            aria-label="Role for the new member"
            data={communityRoleOptions}
            value={role}
            onChange={(v) => setRole(communityRoleSchema.catch('member').parse(v))}
            allowDeselect={false}
            w={140}
          />
          <Button type="submit" leftSection={<IconUserPlus size={16} />} loading={add.isPending}>
            Add
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function MemberRow({ communityId, member }: { communityId: string; member: CommunityMember }) {
  const setRole = useSetMembership();
  const remove = useRemoveMembership();
  const [confirming, setConfirming] = useState(false);
  const name = member.displayName || member.email;
  return (
    <Table.Tr>
      <Table.Td>
        <Group gap="sm" wrap="nowrap">
          <Avatar radius="xl" size={32} color="violet" variant="light">
            {initialsOf(member.displayName, member.email)}
          </Avatar>
          <div style={{ minWidth: 0 }}>
            <Anchor component={Link} to={`/admin/users/${member.userId}`} size="sm" fw={600}>
              {name}
            </Anchor>
            <Text size="xs" c="dimmed" truncate>
              {member.email}
            </Text>
          </div>
        </Group>
      </Table.Td>
      <Table.Td>
        <StatusBadge status={member.status === 'invited' || member.status === 'suspended' ? member.status : 'active'} />
      </Table.Td>
      <Table.Td>
        <Select
          size="xs"
          w={130}
          aria-label={`Role of ${name}`}
          data={communityRoleOptions}
          value={member.role}
          allowDeselect={false}
          disabled={setRole.isPending}
          onChange={(v) => {
            const role = communityRoleSchema.safeParse(v);
            if (!role.success || role.data === member.role) return;
            setRole.mutate(
              { communityId, userId: member.userId, role: role.data },
              {
                onSuccess: () => notifications.show({ color: 'teal', message: `${name} is now a ${role.data}.` }),
                onError: (e) => notifications.show({ color: 'red', title: 'Role not changed', message: e.message }),
              },
            );
          }}
        />
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed">
          {formatDate(member.joinedAt)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Tooltip label="Remove from community">
          <ActionIcon variant="subtle" color="red" aria-label={`Remove ${name}`} onClick={() => setConfirming(true)}>
            <IconUserMinus size={18} />
          </ActionIcon>
        </Tooltip>
        <ConfirmModal
          opened={confirming}
          title="Remove from community?"
          confirmLabel="Remove"
          danger
          loading={remove.isPending}
          error={remove.error}
          onClose={() => setConfirming(false)}
          onConfirm={() =>
            remove.mutate(
              { communityId, userId: member.userId },
              {
                onSuccess: () => {
                  setConfirming(false);
                  notifications.show({ color: 'teal', message: `Removed ${name}.` });
                },
              },
            )
          }
        >
          {name} will lose access to this community’s content. Their account stays.
        </ConfirmModal>
      </Table.Td>
    </Table.Tr>
  );
}

/** `aside` is composed by the route (the AI budget card): features do not import each other. */
export function CommunityDetail({ communityId, aside }: { communityId: string; aside?: ReactNode }) {
  const navigate = useNavigate();
  const community = useCommunity(communityId);
  const members = useCommunityMembers(communityId);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const remove = useDeleteCommunity();

  if (isApiError(community.error) && community.error.status === 404) return <NotFoundView fullHeight={false} />;

  const memberItems = pagedItems(members.data);
  const existing = new Set(memberItems.map((m) => m.userId));
  const managers = memberItems.filter((m) => m.role === 'manager').length;

  return (
    <Stack gap="lg">
      <Breadcrumbs>
        <Anchor component={Link} to="/admin/communities" size="sm">
          Communities
        </Anchor>
        <Text size="sm">{community.data?.name ?? '…'}</Text>
      </Breadcrumbs>
      <QueryGate pending={community.isPending} error={community.error} onRetry={() => void community.refetch()}>
        {community.data ? (
          <Card padding="lg">
            <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
              <Group gap="md" wrap="nowrap" style={{ minWidth: 0 }}>
                <Avatar size={56} radius="md" color="indigo" variant="light">
                  {community.data.name.slice(0, 2).toUpperCase()}
                </Avatar>
                <div style={{ minWidth: 0 }}>
                  <Title order={1} fz={24}>
                    {community.data.name}
                  </Title>
                  <Text c="dimmed" size="sm">
                    {community.data.description || 'No description.'}
                  </Text>
                  <Group gap="xs" mt={6}>
                    <Badge variant="light" color="gray" tt="none">
                      {community.data.memberCount} member{community.data.memberCount === 1 ? '' : 's'}
                    </Badge>
                    <Badge variant="light" color="violet" tt="none">
                      {managers} manager{managers === 1 ? '' : 's'}
                    </Badge>
                    <Text size="xs" c="dimmed">
                      Created {formatDate(community.data.createdAt)}
                    </Text>
                  </Group>
                </div>
              </Group>
              <Group gap="sm">
                <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
                  Edit
                </Button>
                <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(true)}>
                  Delete
                </Button>
              </Group>
            </Group>
          </Card>
        ) : null}
      </QueryGate>

      {aside}

      <Card padding="lg">
        <Group gap="xs" mb="md">
          <IconUsersGroup size={20} />
          <Text fw={650}>Members</Text>
        </Group>
        <AddMemberForm communityId={communityId} existing={existing} />
        <div style={{ marginTop: 'var(--mantine-spacing-lg)' }}>
          <QueryGate pending={members.isPending} error={members.error} onRetry={() => void members.refetch()}>
            {memberItems.length === 0 ? (
              <EmptyState icon={<IconUsersGroup size={24} />} title="No members yet">
                Add people above. Managers see their community’s members and its engagement.
              </EmptyState>
            ) : (
              <Table.ScrollContainer minWidth={640}>
                <Table verticalSpacing="sm" aria-label="Members">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Person</Table.Th>
                      <Table.Th w={130}>Status</Table.Th>
                      <Table.Th w={150}>Role</Table.Th>
                      <Table.Th w={140}>Joined</Table.Th>
                      <Table.Th w={56} aria-label="Actions" />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {memberItems.map((m) => (
                      <MemberRow key={m.userId} communityId={communityId} member={m} />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            <InfinitePages query={members} spacing="md" />
          </QueryGate>
        </div>
      </Card>

      {editing && community.data ? (
        <CommunityFormModal community={community.data} onClose={() => setEditing(false)} />
      ) : null}
      <ConfirmModal
        opened={deleting}
        title="Delete community?"
        confirmLabel="Delete community"
        danger
        loading={remove.isPending}
        error={remove.error}
        onClose={() => setDeleting(false)}
        onConfirm={() =>
          remove.mutate(communityId, {
            onSuccess: () => {
              notifications.show({ color: 'teal', message: 'Community deleted.' });
              void navigate('/admin/communities', { replace: true });
            },
          })
        }
      >
        “{community.data?.name}” and its memberships will be deleted. People in it keep their accounts. This cannot be
        undone.
      </ConfirmModal>
    </Stack>
  );
}
