import {
  ActionIcon,
  Anchor,
  Avatar,
  Breadcrumbs,
  Button,
  Card,
  Grid,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconBuildingCommunity,
  IconPlayerPause,
  IconPlayerPlay,
  IconPlus,
  IconTrash,
  IconUserMinus,
} from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import {
  communityRoleSchema,
  displayNameSchema,
  platformRoleSchema,
  type CommunityRole,
  type PlatformRole,
  type UserDetail as UserDetailData,
} from '../../../../contracts/users.js';
import { EditConflictNotice, type TheirValue } from '../../../components/errors/edit-conflict-notice.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { NotFoundView } from '../../../components/errors/not-found-view.js';
import { ConfirmModal } from '../../../components/ui/confirm-modal.js';
import { EmptyState } from '../../../components/ui/empty-state.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { isApiError, isEditConflict } from '../../../lib/http/api-error.js';
import { useRemoveMembership, useSetMembership } from '../hooks/use-communities.js';
import { communityOptions, useCommunityDirectory } from '../../../lib/directory.js';
import { userEtag } from '../api/users-api.js';
import { useDeleteUser, useReloadUser, useUpdateUser, useUser } from '../hooks/use-users.js';
import { RoleBadge, StatusBadge, initialsOf, useCommunityRoleOptions } from './user-badges.js';
import { formatAgo, formatDate } from '../../../lib/format.js';

function ProfileCard({ user, self }: { user: UserDetailData; self: boolean }) {
  const { t } = useTranslation('admin');
  const [displayName, setDisplayName] = useState(user.displayName);
  const [role, setRole] = useState<PlatformRole>(user.role);
  const [error, setError] = useState<string | undefined>();
  const update = useUpdateUser(user.id);
  const reload = useReloadUser(user.id);
  // The version the typed text is based on, sent as If-Match. A newer version of the person (a
  // refetch, this page's own status change) replaces it only while nothing is typed; once the form
  // is dirty a newer version is someone else's edit, and saving over it is refused (412).
  const [base, setBase] = useState(user);
  const [ifMatch, setIfMatch] = useState(() => userEtag(user.id));
  const [theirs, setTheirs] = useState<TheirValue[] | null>(null);
  const [reloading, setReloading] = useState(false);
  const dirty = displayName.trim() !== base.displayName || role !== base.role;
  useEffect(() => {
    if (user === base || dirty) return;
    setBase(user);
    setDisplayName(user.displayName);
    setRole(user.role);
    setIfMatch(userEtag(user.id));
    // Runs when the person's data changes, not on every keystroke.
  }, [user]);

  const onReload = async () => {
    setReloading(true);
    try {
      const current = await reload();
      setBase(current);
      setIfMatch(userEtag(user.id));
      setTheirs([
        { label: t('userProfile.name'), value: current.displayName },
        { label: t('userProfile.platformRole'), value: current.role === 'admin' ? t('userProfile.admin') : t('userProfile.member') },
      ]);
      update.reset();
    } finally {
      setReloading(false);
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = displayNameSchema.safeParse(displayName);
    if (!name.success) {
      setError(name.error.issues[0]?.message);
      return;
    }
    setError(undefined);
    const changes: { displayName?: string; role?: PlatformRole } = {};
    if (name.data !== base.displayName) changes.displayName = name.data;
    if (role !== base.role) changes.role = role;
    if (Object.keys(changes).length === 0) return;
    setTheirs(null);
    update.mutate(
      { input: changes, ifMatch },
      {
        onSuccess: (saved) => {
          setBase(saved);
          setIfMatch(userEtag(user.id));
          notifications.show({ color: 'teal', message: t('userProfile.saved') });
        },
      },
    );
  };

  return (
    <Card padding="lg">
      <Text fw={650} mb="md">
        {t('userProfile.title')}
      </Text>
      <form onSubmit={onSubmit} noValidate aria-label={t('userProfile.title')}>
        <Stack gap="md">
          {isEditConflict(update.error) || theirs ? (
            <EditConflictNotice keeps="mine-in-form" reloaded={theirs ? { kept: 'mine-in-form', theirs } : null} reloading={reloading} onReload={() => void onReload()} />
          ) : update.error ? (
            <ErrorAlert error={update.error} />
          ) : null}
          <TextInput label={t('userProfile.email')} value={user.email} readOnly disabled />
          <TextInput
            label={t('userProfile.name')}
            value={displayName}
            onChange={(e) => setDisplayName(e.currentTarget.value)}
            error={error}
            required
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('userProfile.platformRole')}
            </Text>
            <SegmentedControl
              aria-label={t('userProfile.platformRole')}
              value={role}
              disabled={self}
              onChange={(v) => setRole(platformRoleSchema.catch('member').parse(v))}
              data={[
                { value: 'member', label: t('userProfile.member') },
                { value: 'admin', label: t('userProfile.admin') },
              ]}
            />
            {self ? (
              <Text size="xs" c="dimmed">
                {t('userProfile.ownRole')}
              </Text>
            ) : null}
          </Stack>
          <Group justify="flex-end">
            <Button type="submit" disabled={!dirty} loading={update.isPending}>
              {t('userProfile.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function AccessCard({ user, self }: { user: UserDetailData; self: boolean }) {
  const { t } = useTranslation('admin');
  const navigate = useNavigate();
  const update = useUpdateUser(user.id);
  const remove = useDeleteUser();
  const [deleting, setDeleting] = useState(false);
  const suspended = user.status === 'suspended';
  return (
    <Card padding="lg">
      <Text fw={650} mb="xs">
        {t('userDetail.access')}
      </Text>
      <Stack gap="sm">
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {t('columns.status')}
          </Text>
          <StatusBadge status={user.status} />
        </Group>
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {t('communities.columns.created')}
          </Text>
          <Text size="sm">{formatDate(user.createdAt)}</Text>
        </Group>
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {t('columns.lastSignIn')}
          </Text>
          <Text size="sm">{formatAgo(user.lastLoginAt)}</Text>
        </Group>
        {update.error ? <ErrorAlert error={update.error} /> : null}
        {self ? (
          <Text size="xs" c="dimmed">
            {t('userDetail.ownAccount')}
          </Text>
        ) : (
          <Group gap="sm" mt="xs" grow>
            {user.status !== 'invited' ? (
              <Button
                variant="light"
                color={suspended ? 'teal' : 'orange'}
                leftSection={suspended ? <IconPlayerPlay size={16} /> : <IconPlayerPause size={16} />}
                loading={update.isPending}
                onClick={() =>
                  update.mutate(
                    { input: { status: suspended ? 'active' : 'suspended' } },
                    {
                      onSuccess: () =>
                        notifications.show({
                          color: 'teal',
                          message: suspended ? t('userDetail.restored') : t('userDetail.suspended'),
                        }),
                    },
                  )
                }
              >
                {suspended ? t('actions.reactivate') : t('actions.suspend')}
              </Button>
            ) : null}
            <Button variant="light" color="red" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(true)}>
              {t('common:actions.delete')}
            </Button>
          </Group>
        )}
      </Stack>
      <ConfirmModal
        opened={deleting}
        title={t('userDetail.deleteTitle')}
        confirmLabel={t('userDetail.deleteConfirm')}
        danger
        loading={remove.isPending}
        error={remove.error}
        onClose={() => setDeleting(false)}
        onConfirm={() =>
          remove.mutate(user.id, {
            onSuccess: () => {
              notifications.show({ color: 'teal', message: t('users.deleted', { email: user.email }) });
              void navigate('/admin/users', { replace: true });
            },
          })
        }
      >
        {t('users.deleteBody', { email: user.email })}
      </ConfirmModal>
    </Card>
  );
}

function MembershipsCard({ user }: { user: UserDetailData }) {
  const { t } = useTranslation('admin');
  const communityRoleOptions = useCommunityRoleOptions();
  const communities = useCommunityDirectory();
  const setMembership = useSetMembership();
  const removeMembership = useRemoveMembership();
  const [communityId, setCommunityId] = useState<string | null>(null);
  const [role, setRole] = useState<CommunityRole>('member');
  const joined = new Set(user.communities.map((c) => c.communityId));
  const options = communityOptions(communities.data?.filter((c) => !joined.has(c.id)));

  const onAdd = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!communityId) return;
    setMembership.mutate(
      { communityId, userId: user.id, role },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('members.addedAs', { role: t(`roleInSentence.${role}`) }) });
          setCommunityId(null);
          setRole('member');
        },
      },
    );
  };

  return (
    <Card padding="lg">
      <Group gap="xs" mb="md">
        <IconBuildingCommunity size={20} />
        <Text fw={650}>{t('communities.title')}</Text>
      </Group>
      <form onSubmit={onAdd} aria-label={t('userDetail.addToCommunityForm')} noValidate>
        <Stack gap="sm">
          {setMembership.error ? <ErrorAlert error={setMembership.error} /> : null}
          {removeMembership.error ? <ErrorAlert error={removeMembership.error} /> : null}
          <Group align="flex-end" gap="sm" wrap="wrap">
            <Select
              label={t('userDetail.addToCommunity')}
              placeholder={communities.isPending ? t('common:status.loading') : t('userDetail.chooseCommunity')}
              data={options}
              value={communityId}
              onChange={setCommunityId}
              searchable
              nothingFoundMessage={communities.error ? t('communitiesLoadError') : t('userDetail.noOtherCommunities')}
              style={{ flex: '1 1 220px' }}
              comboboxProps={{ withinPortal: true }}
            />
            <Select
              label={t('members.role')}
              aria-label={t('userDetail.communityRole')}
              data={communityRoleOptions}
              value={role}
              onChange={(v) => setRole(communityRoleSchema.catch('member').parse(v))}
              allowDeselect={false}
              w={140}
            />
            <Button type="submit" leftSection={<IconPlus size={16} />} disabled={!communityId} loading={setMembership.isPending}>
              {t('members.add')}
            </Button>
          </Group>
        </Stack>
      </form>
      {user.communities.length === 0 ? (
        <EmptyState icon={<IconBuildingCommunity size={24} />} title={t('userDetail.noCommunitiesTitle')}>
          {t('userDetail.noCommunitiesBody')}
        </EmptyState>
      ) : (
        <Table mt="md" verticalSpacing="sm" aria-label={t('userDetail.memberships')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('communities.columns.community')}</Table.Th>
              <Table.Th w={150}>{t('columns.role')}</Table.Th>
              <Table.Th w={48} aria-label={t('columns.actions')} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {user.communities.map((m) => (
              <Table.Tr key={m.communityId}>
                <Table.Td>
                  <Anchor component={Link} to={`/admin/communities/${m.communityId}`} size="sm" fw={600}>
                    {m.communityName}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={t('userDetail.roleIn', { community: m.communityName })}
                    data={communityRoleOptions}
                    value={m.role}
                    allowDeselect={false}
                    onChange={(v) => {
                      const next = communityRoleSchema.safeParse(v);
                      if (!next.success || next.data === m.role) return;
                      setMembership.mutate(
                        { communityId: m.communityId, userId: user.id, role: next.data },
                        { onSuccess: () => notifications.show({ color: 'teal', message: t('userDetail.nowRoleIn', { role: t(`roleInSentence.${next.data}`), community: m.communityName }) }) },
                      );
                    }}
                  />
                </Table.Td>
                <Table.Td>
                  <Tooltip label={t('members.removeTooltip')}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('userDetail.removeFrom', { community: m.communityName })}
                      loading={removeMembership.isPending && removeMembership.variables.communityId === m.communityId}
                      onClick={() =>
                        removeMembership.mutate(
                          { communityId: m.communityId, userId: user.id },
                          { onSuccess: () => notifications.show({ color: 'teal', message: t('userDetail.removedFrom', { community: m.communityName }) }) },
                        )
                      }
                    >
                      <IconUserMinus size={18} />
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

export function UserDetail({ userId, currentUserId }: { userId: string; currentUserId: string }) {
  const { t } = useTranslation('admin');
  const user = useUser(userId);
  if (isApiError(user.error) && user.error.status === 404) return <NotFoundView fullHeight={false} />;
  const self = userId === currentUserId;
  return (
    <Stack gap="lg">
      <Breadcrumbs>
        <Anchor component={Link} to="/admin/users" size="sm">
          {t('users.title')}
        </Anchor>
        <Text size="sm">{user.data ? user.data.displayName || user.data.email : '…'}</Text>
      </Breadcrumbs>
      <QueryGate pending={user.isPending} error={user.error} onRetry={() => void user.refetch()}>
        {user.data ? (
          <Stack gap="lg">
            <Group gap="md" wrap="nowrap">
              <Avatar size={56} radius="xl" color="violet">
                {initialsOf(user.data.displayName, user.data.email)}
              </Avatar>
              <div style={{ minWidth: 0 }}>
                <Title order={1} fz={24}>
                  {user.data.displayName || user.data.email}
                </Title>
                <Group gap="xs" mt={4}>
                  <Text size="sm" c="dimmed">
                    {user.data.email}
                  </Text>
                  <RoleBadge role={user.data.role} />
                  <StatusBadge status={user.data.status} />
                </Group>
              </div>
            </Group>
            <Grid gap="lg">
              <Grid.Col span={{ base: 12, md: 7 }}>
                <Stack gap="lg">
                  <ProfileCard user={user.data} self={self} />
                  <MembershipsCard user={user.data} />
                </Stack>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 5 }}>
                <AccessCard user={user.data} self={self} />
              </Grid.Col>
            </Grid>
          </Stack>
        ) : null}
      </QueryGate>
    </Stack>
  );
}
