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
import { useTranslation } from 'react-i18next';
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
import { StatusBadge, initialsOf, useCommunityRoleOptions } from './user-badges.js';
import { UserPicker } from './user-picker.js';
import { InfinitePages, pagedItems } from '../../../components/list/infinite-pages.js';
import { formatDate } from '../../../lib/format.js';
import { TableScroll } from '../../../components/list/list-table.js';

function AddMemberForm({ communityId, existing }: { communityId: string; existing: ReadonlySet<string> }) {
  const { t } = useTranslation('admin');
  const communityRoleOptions = useCommunityRoleOptions();
  const [userId, setUserId] = useState<string | null>(null);
  const [role, setRole] = useState<CommunityRole>('member');
  const [error, setError] = useState<string | undefined>();
  const add = useSetMembership();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!userId) {
      setError(t('members.choosePerson'));
      return;
    }
    setError(undefined);
    add.mutate(
      { communityId, userId, role },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('members.addedAs', { role: t(`roleInSentence.${role}`) }) });
          setUserId(null);
          setRole('member');
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} aria-label={t('members.addForm')} noValidate>
      <Stack gap="sm">
        {add.error ? <ErrorAlert error={add.error} /> : null}
        <Group align="flex-end" gap="sm" wrap="wrap">
          <div style={{ flex: '1 1 260px' }}>
            <UserPicker value={userId} onChange={setUserId} exclude={existing} label={t('members.addPerson')} error={error} />
          </div>
          <Select
            label={t('members.role')}
            aria-label={t('members.roleForNew')}
            data={communityRoleOptions}
            value={role}
            onChange={(v) => setRole(communityRoleSchema.catch('member').parse(v))}
            allowDeselect={false}
            w={140}
          />
          <Button type="submit" leftSection={<IconUserPlus size={16} />} loading={add.isPending}>
            {t('members.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function MemberRow({ communityId, member }: { communityId: string; member: CommunityMember }) {
  const setRole = useSetMembership();
  const remove = useRemoveMembership();
  const { t } = useTranslation('admin');
  const communityRoleOptions = useCommunityRoleOptions();
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
          aria-label={t('members.roleOf', { name })}
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
                onSuccess: () => notifications.show({ color: 'teal', message: t('members.nowRole', { name, role: t(`roleInSentence.${role.data}`) }) }),
                onError: (e) => notifications.show({ color: 'red', title: t('members.roleNotChanged'), message: e.message }),
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
        <Tooltip label={t('members.removeTooltip')}>
          <ActionIcon variant="subtle" color="red" aria-label={t('members.removeName', { name })} onClick={() => setConfirming(true)}>
            <IconUserMinus size={18} />
          </ActionIcon>
        </Tooltip>
        <ConfirmModal
          opened={confirming}
          title={t('members.removeTitle')}
          confirmLabel={t('members.remove')}
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
                  notifications.show({ color: 'teal', message: t('members.removed', { name }) });
                },
              },
            )
          }
        >
          {t('members.removeBody', { name })}
        </ConfirmModal>
      </Table.Td>
    </Table.Tr>
  );
}

/** `aside` is composed by the route (the AI budget card): features do not import each other. */
export function CommunityDetail({ communityId, aside }: { communityId: string; aside?: ReactNode }) {
  const { t } = useTranslation('admin');
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
          {t('communities.title')}
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
                    {community.data.description || t('communityDetail.noDescription')}
                  </Text>
                  <Group gap="xs" mt={6}>
                    <Badge variant="light" color="gray" tt="none">
                      {t('communityDetail.memberCount', { count: community.data.memberCount })}
                    </Badge>
                    <Badge variant="light" color="violet" tt="none">
                      {t('communityDetail.managerCount', { count: managers })}
                    </Badge>
                    <Text size="xs" c="dimmed">
                      {t('communityDetail.created', { date: formatDate(community.data.createdAt) })}
                    </Text>
                  </Group>
                </div>
              </Group>
              <Group gap="sm">
                <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
                  {t('common:actions.edit')}
                </Button>
                <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(true)}>
                  {t('common:actions.delete')}
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
          <Text fw={650}>{t('communityDetail.members')}</Text>
        </Group>
        <AddMemberForm communityId={communityId} existing={existing} />
        <div style={{ marginTop: 'var(--mantine-spacing-lg)' }}>
          <QueryGate pending={members.isPending} error={members.error} onRetry={() => void members.refetch()}>
            {memberItems.length === 0 ? (
              <EmptyState icon={<IconUsersGroup size={24} />} title={t('communityDetail.noMembersTitle')}>
                {t('communityDetail.noMembersBody')}
              </EmptyState>
            ) : (
              <TableScroll minWidth={640} label={t('communityDetail.members')}>
                <Table verticalSpacing="sm" aria-label={t('communityDetail.members')}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('columns.person')}</Table.Th>
                      <Table.Th w={130}>{t('columns.status')}</Table.Th>
                      <Table.Th w={150}>{t('columns.role')}</Table.Th>
                      <Table.Th w={140}>{t('columns.joined')}</Table.Th>
                      <Table.Th w={56} aria-label={t('columns.actions')} />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {memberItems.map((m) => (
                      <MemberRow key={m.userId} communityId={communityId} member={m} />
                    ))}
                  </Table.Tbody>
                </Table>
              </TableScroll>
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
        title={t('communityDetail.deleteTitle')}
        confirmLabel={t('communityDetail.deleteConfirm')}
        danger
        loading={remove.isPending}
        error={remove.error}
        onClose={() => setDeleting(false)}
        onConfirm={() =>
          remove.mutate(communityId, {
            onSuccess: () => {
              notifications.show({ color: 'teal', message: t('communityDetail.deleted') });
              void navigate('/admin/communities', { replace: true });
            },
          })
        }
      >
        {t('communities.deleteBody', { name: community.data?.name ?? '' })}
      </ConfirmModal>
    </Stack>
  );
}
