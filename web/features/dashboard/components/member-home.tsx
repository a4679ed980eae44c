import { Anchor, Avatar, Badge, Button, Grid, Group, Progress, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title, UnstyledButton } from '@mantine/core';
import {
  IconArrowRight,
  IconBooks,
  IconBuildingCommunity,
  IconConfetti,
  IconLibrary,
  IconMessageChatbot,
  IconProgress,
  IconTrophy,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MemberHome as MemberHomeData } from '../../../../contracts/analytics.js';
import type { MeResponse } from '../../../../contracts/auth.js';
import type { ContentKind } from '../../../../contracts/content.js';
import { EmptyState } from '../../../components/ui/empty-state.js';
import { useMemberHome } from '../hooks/use-analytics.js';
import { Panel, PanelQuery } from './panel.js';
import { formatAgo, formatNumber, formatPercent } from '../../../lib/format.js';
import { KindIcon } from '../../../components/ui/kind-icon.js';
import { kindVisual } from '../../../lib/content-kinds.js';

function ListSkeleton({ rows = 3 }: { rows?: number }) {
  return (
    <Stack gap="md">
      {Array.from({ length: rows }, (_, i) => (
        <Group key={i} gap="sm" wrap="nowrap">
          <Skeleton height={34} width={34} radius="md" />
          <Stack gap={6} style={{ flex: 1 }}>
            <Skeleton height={12} width="70%" radius="sm" />
            <Skeleton height={10} width="40%" radius="sm" />
          </Stack>
        </Group>
      ))}
    </Stack>
  );
}

function ItemLink({ to, icon, color, title, meta }: { to: string; icon: ReactNode; color: string; title: string; meta: ReactNode }) {
  return (
    <UnstyledButton component={Link} to={to} className="hover-lift" style={{ display: 'block', borderRadius: 'var(--mantine-radius-md)' }} p={6}>
      <Group gap="sm" wrap="nowrap">
        <ThemeIcon variant="light" color={color} size={34} radius="md">
          {icon}
        </ThemeIcon>
        <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
          <Text size="sm" fw={600} lineClamp={2} lh={1.3}>
            {title}
          </Text>
          <Text size="xs" c="dimmed" lineClamp={1}>
            {meta}
          </Text>
        </Stack>
        <IconArrowRight size={16} opacity={0.45} style={{ flexShrink: 0 }} />
      </Group>
    </UnstyledButton>
  );
}

function LibraryButton({ children }: { children?: ReactNode }) {
  const { t } = useTranslation('dashboard');
  return (
    <Button component={Link} to="/library" variant="light" size="xs" mt="sm" leftSection={<IconLibrary size={14} />}>
      {children ?? t('home.openLibrary')}
    </Button>
  );
}

function RecentConversations({ data }: { data: MemberHomeData }) {
  const { t } = useTranslation('dashboard');
  if (data.recentConversations.length === 0) {
    return (
      <EmptyState icon={<IconMessageChatbot size={24} />} title={t('home.noConversations')}>
        {t('home.noConversationsBody')}
        <br />
        <Button component={Link} to="/sandbox" variant="light" size="xs" mt="sm" leftSection={<IconMessageChatbot size={14} />}>
          {t('home.startConversation')}
        </Button>
      </EmptyState>
    );
  }
  return (
    <Stack gap={4} data-testid="recent-conversations">
      {data.recentConversations.map((c) => (
        <ItemLink
          key={c.id}
          to={`/sandbox/${c.id}`}
          icon={<IconMessageChatbot size={18} />}
          color="violet"
          title={c.title}
          meta={`${c.agentTitle ?? t('home.removedAgent')} · ${formatAgo(c.updatedAt)}`}
        />
      ))}
    </Stack>
  );
}

function InProgress({ data }: { data: MemberHomeData }) {
  const { t } = useTranslation('dashboard');
  if (data.inProgress.length === 0) {
    return (
      <EmptyState icon={<IconProgress size={24} />} title={t('home.nothingInProgress')}>
        {t('home.nothingInProgressBody')}
        <br />
        <LibraryButton />
      </EmptyState>
    );
  }
  return (
    <Stack gap={4} data-testid="in-progress">
      {data.inProgress.map((item) => (
        <ItemLink
          key={item.id}
          to={`/library/${item.id}`}
          icon={<KindIcon kind={item.kind} size={18} />}
          color={kindVisual(item.kind).color}
          title={item.title}
          meta={t('home.opened', { kind: kindVisual(item.kind).label, ago: formatAgo(item.viewedAt) })}
        />
      ))}
    </Stack>
  );
}

function NewForYou({ data }: { data: MemberHomeData }) {
  const { t } = useTranslation('dashboard');
  if (data.newlyAssigned.length === 0) {
    return (
      <EmptyState icon={<IconConfetti size={24} />} title={t('home.caughtUp')}>
        {t('home.caughtUpBody')}
        <br />
        <LibraryButton>{t('home.browseLibrary')}</LibraryButton>
      </EmptyState>
    );
  }
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" data-testid="newly-assigned">
      {data.newlyAssigned.map((item) => (
        <ItemLink
          key={item.id}
          to={`/library/${item.id}`}
          icon={<KindIcon kind={item.kind} size={18} />}
          color={kindVisual(item.kind).color}
          title={item.title}
          meta={t('home.assigned', { kind: kindVisual(item.kind).label, ago: formatAgo(item.assignedAt) })}
        />
      ))}
    </SimpleGrid>
  );
}

function ProgressRow({ kind, assigned, completed }: { kind: ContentKind; assigned: number; completed: number }) {
  const { t } = useTranslation('dashboard');
  const percent = assigned ? Math.round((completed / assigned) * 100) : 0;
  return (
    <Stack gap={6} data-testid="progress-row" data-kind={kind}>
      <Group justify="space-between" wrap="nowrap">
        <Group gap={8} wrap="nowrap">
          <ThemeIcon variant="light" color={kindVisual(kind).color} size={24} radius="sm">
            <KindIcon kind={kind} size={14} />
          </ThemeIcon>
          <Text size="sm" fw={550}>
            {kindVisual(kind).plural}
          </Text>
        </Group>
        <Text size="sm" c="dimmed" data-testid="progress-count">
          <Text span fw={650} c="var(--mantine-color-text)">
            {formatNumber(completed)}
          </Text>{' '}
          {t('home.countOf', { total: formatNumber(assigned) })}
        </Text>
      </Group>
      <Progress
        value={percent}
        color={kindVisual(kind).color}
        size="md"
        radius="xl"
        aria-label={t('home.progressLabel', { kind: kindVisual(kind).plural, completed: formatNumber(completed), total: formatNumber(assigned) })}
      />
    </Stack>
  );
}

function YourProgress({ data }: { data: MemberHomeData }) {
  const { t } = useTranslation('dashboard');
  const rows = data.progressByKind.filter((p) => p.assigned > 0);
  if (rows.length === 0) {
    return (
      <EmptyState icon={<IconBooks size={24} />} title={t('home.nothingAssigned')}>
        {t('home.nothingAssignedBody')}
      </EmptyState>
    );
  }
  const assigned = rows.reduce((n, r) => n + r.assigned, 0);
  const completed = rows.reduce((n, r) => n + r.completed, 0);
  return (
    <Stack gap="md" data-testid="progress-by-kind">
      <Group gap="sm" wrap="nowrap">
        <ThemeIcon variant="light" color="yellow" size={40} radius="xl">
          <IconTrophy size={22} />
        </ThemeIcon>
        <div>
          {/* A figure, not a paragraph styled as a heading (axe p-as-heading). */}
          <Text component="div" fw={700} fz="xl" lh={1.1}>
            {formatPercent(assigned ? completed / assigned : 0)}
          </Text>
          <Text size="xs" c="dimmed">
            {t('home.itemsCompleted', { completed: formatNumber(completed), total: formatNumber(assigned) })}
          </Text>
        </div>
      </Group>
      {rows.map((r) => (
        <ProgressRow key={r.kind} {...r} />
      ))}
    </Stack>
  );
}

function YourCommunities({ me }: { me: MeResponse }) {
  const { t } = useTranslation('dashboard');
  return (
    <Panel title={t('home.yourCommunities')}>
      {me.communities.length === 0 ? (
        <EmptyState icon={<IconBuildingCommunity size={24} />} title={t('home.noCommunities')}>
          {t('home.noCommunitiesBody')}
        </EmptyState>
      ) : (
        <Stack gap={0} data-testid="my-communities">
          {me.communities.map((community) => (
            <Group key={community.id} justify="space-between" py={10} wrap="nowrap" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
              <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                <Avatar radius="md" color="indigo" variant="light" size={32}>
                  {community.name.slice(0, 2).toUpperCase()}
                </Avatar>
                <Text fw={550} size="sm" lineClamp={2} lh={1.3}>
                  {community.name}
                </Text>
              </Group>
              <Badge size="sm" variant={community.role === 'manager' ? 'filled' : 'light'} color="violet" style={{ flexShrink: 0 }}>
                {community.role === 'manager' ? t('home.roleManager') : t('home.roleMember')}
              </Badge>
            </Group>
          ))}
        </Stack>
      )}
    </Panel>
  );
}

function SectionLabel({ children }: { children: ReactNode }) {
  return (
    <Text fw={650} size="sm" tt="uppercase" c="dimmed" style={{ letterSpacing: 0.6 }}>
      {children}
    </Text>
  );
}

/** A member's home: where to pick up, what is new, and how far along they are. */
export function MemberHome({ me, heading, programs = null, skills = null }: { me: MeResponse; heading?: string; programs?: ReactNode; skills?: ReactNode }) {
  const { t } = useTranslation('dashboard');
  const query = useMemberHome();
  const sandbox = me.flags.sandbox === true;
  return (
    <Stack gap="lg" data-testid="member-home">
      {heading ? (
        <Title order={2} fz="lg">
          {heading}
        </Title>
      ) : null}
      {programs}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Stack gap="xs">
            <SectionLabel>{t('home.continue')}</SectionLabel>
            <SimpleGrid cols={{ base: 1, sm: sandbox ? 2 : 1 }} spacing="lg">
              {sandbox ? (
                <Panel
                  title={t('home.recentConversations')}
                  actions={
                    <Anchor component={Link} to="/sandbox" size="xs">
                      {t('home.sandbox')}
                    </Anchor>
                  }
                >
                  <PanelQuery query={query} skeleton={<ListSkeleton />}>
                    {(data) => <RecentConversations data={data} />}
                  </PanelQuery>
                </Panel>
              ) : null}
              <Panel
                title={t('home.inProgress')}
                actions={
                  <Anchor component={Link} to="/library" size="xs">
                    {t('home.library')}
                  </Anchor>
                }
              >
                <PanelQuery query={query} skeleton={<ListSkeleton />}>
                  {(data) => <InProgress data={data} />}
                </PanelQuery>
              </Panel>
            </SimpleGrid>
            </Stack>
            <Panel title={t('home.newForYou')} description={t('home.newForYouHint')}>
              <PanelQuery query={query} skeleton={<ListSkeleton rows={4} />}>
                {(data) => <NewForYou data={data} />}
              </PanelQuery>
            </Panel>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <Stack gap="xs">
              <SectionLabel>{t('home.yourProgress')}</SectionLabel>
              <Panel testId="your-progress">
                <PanelQuery query={query} skeleton={<ListSkeleton rows={5} />}>
                  {(data) => <YourProgress data={data} />}
                </PanelQuery>
              </Panel>
              {skills}
            </Stack>
            <YourCommunities me={me} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

