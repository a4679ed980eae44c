import {
  Anchor,
  Avatar,
  Badge,
  Card,
  Grid,
  Group,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
  UnstyledButton,
} from '@mantine/core';
import {
  IconArrowRight,
  IconBooks,
  IconBuildingCommunity,
  IconLibrary,
  IconMessageChatbot,
  IconRocket,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { MeResponse } from '../../../../contracts/auth.js';
import { EmptyState } from '../../../components/ui/empty-state.js';

interface Area {
  to: string;
  title: string;
  description: string;
  icon: ReactNode;
  color: string;
}

function areasFor(me: MeResponse): Area[] {
  if (me.user.role === 'admin') {
    return [
      {
        to: '/admin/users',
        title: 'Users',
        description: 'Invite people, set roles, suspend access.',
        icon: <IconUsers size={22} />,
        color: 'violet',
      },
      {
        to: '/admin/communities',
        title: 'Communities',
        description: 'One per client organisation, with its members and managers.',
        icon: <IconBuildingCommunity size={22} />,
        color: 'indigo',
      },
      {
        to: '/admin/content/agents',
        title: 'Content',
        description: 'Agents, videos, documents, prompts and automations.',
        icon: <IconBooks size={22} />,
        color: 'teal',
      },
    ];
  }
  const areas: Area[] = [
    {
      to: '/library',
      title: 'Library',
      description: 'Videos, guides and prompts assigned to your communities.',
      icon: <IconLibrary size={22} />,
      color: 'indigo',
    },
  ];
  if (me.flags.sandbox === true) {
    areas.push({
      to: '/sandbox',
      title: 'AI Sandbox',
      description: 'Practise with the AI agents your trainers set up.',
      icon: <IconMessageChatbot size={22} />,
      color: 'violet',
    });
  }
  return areas;
}

function greeting(date: Date): string {
  const hour = date.getHours();
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

function formatDate(value: string | null, withTime = false): string {
  if (!value) return 'Never';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  return withTime
    ? date.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })
    : date.toLocaleDateString(undefined, { dateStyle: 'medium' });
}

const gettingStarted = [
  { to: '/admin/communities', title: 'Create a community', text: 'One for each client organisation.' },
  { to: '/admin/users', title: 'Invite people', text: 'They get an email to choose a password.' },
  { to: '/admin/content/agents', title: 'Prepare content', text: 'Agents, videos, documents and prompts.' },
];

function GettingStarted() {
  return (
    <Card padding="lg">
      <Group gap="xs" mb="sm">
        <IconRocket size={20} />
        <Text fw={650}>Getting started</Text>
      </Group>
      <Stack gap={0}>
        {gettingStarted.map((step, index) => (
          <UnstyledButton
            key={step.to}
            component={Link}
            to={step.to}
            py="sm"
            style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
          >
            <Group wrap="nowrap" gap="md">
              <ThemeIcon radius="xl" size={30} variant="light">
                <Text fw={700} size="sm">
                  {index + 1}
                </Text>
              </ThemeIcon>
              <div style={{ flex: 1 }}>
                <Text fw={600} size="sm">
                  {step.title}
                </Text>
                <Text size="xs" c="dimmed">
                  {step.text}
                </Text>
              </div>
              <IconArrowRight size={16} opacity={0.5} />
            </Group>
          </UnstyledButton>
        ))}
      </Stack>
    </Card>
  );
}

function AreaCard({ area }: { area: Area }) {
  return (
    <UnstyledButton component={Link} to={area.to} style={{ display: 'block', height: '100%' }}>
      <Card padding="lg" h="100%" className="hover-lift">
        <Stack gap="sm">
          <ThemeIcon size={44} radius="md" variant="light" color={area.color}>
            {area.icon}
          </ThemeIcon>
          <Group justify="space-between" wrap="nowrap">
            <Text fw={650}>{area.title}</Text>
            <IconArrowRight size={16} opacity={0.5} />
          </Group>
          <Text size="sm" c="dimmed">
            {area.description}
          </Text>
        </Stack>
      </Card>
    </UnstyledButton>
  );
}

export function DashboardView({ me, now = new Date() }: { me: MeResponse; now?: Date }) {
  const firstName = (me.user.displayName.trim().split(/\s+/)[0] ?? '') || me.user.email;
  const isAdmin = me.user.role === 'admin';
  const areas = areasFor(me);
  return (
    <Stack gap="xl">
      <Stack gap={4}>
        <Title order={1} fz={{ base: 26, sm: 30 }} style={{ letterSpacing: '-0.01em' }} data-testid="dashboard-title">
          {greeting(now)}, {firstName}
        </Title>
        <Text c="dimmed">
          {isAdmin
            ? 'Here is where you run AI GYM for your client organisations.'
            : 'Here is everything your trainers have prepared for you.'}
        </Text>
      </Stack>

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Stack gap="sm">
              <Text fw={650} size="sm" tt="uppercase" c="dimmed" style={{ letterSpacing: 0.6 }}>
                {isAdmin ? 'Manage' : 'Your areas'}
              </Text>
              <SimpleGrid cols={{ base: 1, xs: 2, lg: 3 }} spacing="md">
                {areas.map((area) => (
                  <AreaCard key={area.to} area={area} />
                ))}
              </SimpleGrid>
            </Stack>

            {isAdmin && me.communities.length === 0 ? (
              <GettingStarted />
            ) : (
            <Card padding="lg">
              <Group justify="space-between" mb="sm">
                <Group gap="xs">
                  <IconUsersGroup size={20} />
                  <Text fw={650}>Your communities</Text>
                </Group>
                <Badge variant="light" color="gray">
                  {me.communities.length}
                </Badge>
              </Group>
              {me.communities.length === 0 ? (
                <EmptyState icon={<IconBuildingCommunity size={24} />} title="No communities yet">
                  {isAdmin
                    ? 'As an administrator you see every community from the Communities page.'
                    : 'When an administrator adds you to a community, it appears here.'}
                </EmptyState>
              ) : (
                <Stack gap={0} data-testid="my-communities">
                  {me.communities.map((community) => (
                    <Group
                      key={community.id}
                      justify="space-between"
                      py="sm"
                      wrap="nowrap"
                      style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
                    >
                      <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                        <Avatar radius="md" color="indigo" variant="light">
                          {community.name.slice(0, 2).toUpperCase()}
                        </Avatar>
                        {isAdmin ? (
                          <Anchor component={Link} to={`/admin/communities/${community.id}`} fw={550} truncate>
                            {community.name}
                          </Anchor>
                        ) : (
                          <Text fw={550} truncate>
                            {community.name}
                          </Text>
                        )}
                      </Group>
                      <Badge
                        variant={community.role === 'manager' ? 'filled' : 'light'}
                        color="violet"
                        style={{ flexShrink: 0 }}
                      >
                        {community.role === 'manager' ? 'Manager' : 'Member'}
                      </Badge>
                    </Group>
                  ))}
                </Stack>
              )}
            </Card>
            )}
          </Stack>
        </Grid.Col>

        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card padding="lg" data-testid="account-card">
            <Stack align="center" ta="center" gap={6}>
              <Avatar size={72} radius="xl" color="violet" variant="filled">
                {firstName.slice(0, 1).toUpperCase()}
              </Avatar>
              <Text fw={700} fz="lg" mt={6}>
                {me.user.displayName || me.user.email}
              </Text>
              <Text size="sm" c="dimmed">
                {me.user.email}
              </Text>
              <Group gap={6} mt={4}>
                <Badge variant="light">{isAdmin ? 'Administrator' : 'Member'}</Badge>
                <Badge variant="dot" color={me.user.status === 'active' ? 'teal' : 'orange'}>
                  {me.user.status}
                </Badge>
              </Group>
            </Stack>
            <Stack gap={8} mt="lg" pt="md" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm" c="dimmed">
                  Member since
                </Text>
                <Text size="sm">{formatDate(me.user.createdAt)}</Text>
              </Group>
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm" c="dimmed">
                  Last sign-in
                </Text>
                <Text size="sm">{formatDate(me.user.lastLoginAt, true)}</Text>
              </Group>
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
