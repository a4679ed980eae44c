import '@mantine/charts/styles.css';
import { AreaChart, BarChart } from '@mantine/charts';
import { Anchor, Avatar, Badge, Button, Grid, Group, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import {
  IconArrowLeft,
  IconCalendarTime,
  IconCircleCheck,
  IconEye,
  IconMessage,
  IconMessages,
  IconTrophy,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MemberReport as MemberReportData } from '../../../../contracts/analytics.js';
import { contentKinds } from '../../../../contracts/content.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { NotFoundView } from '../../../components/errors/not-found-view.js';
import { EmptyState } from '../../../components/ui/empty-state.js';
import { isApiError } from '../../../lib/http/api-error.js';
import { useMemberReport } from '../hooks/use-analytics.js';
import { fillDays, isoDay, shiftDay } from '../lib/date-range.js';
import { ChartSkeleton, Panel } from './panel.js';
import { StatCard, StatCardSkeleton } from './stat-card.js';
import { formatAgo, formatDate, formatDay, formatNumber } from '../../../lib/format.js';
import { KindIcon } from '../../../components/ui/kind-icon.js';
import { kindVisual } from '../../../lib/content-kinds.js';

const sum = (byKind: Record<string, number>) => Object.values(byKind).reduce((a, b) => a + b, 0);

/** Room for the longest kind name at the axis' 12 px ("Automatizaciones" is half again "Automations"). */
const kindAxisWidth = (labels: string[]) => Math.max(92, Math.max(...labels.map((label) => label.length)) * 7 + 4);

function BackLink() {
  const { t } = useTranslation('dashboard');
  return (
    <Button component={Link} to="/dashboard" variant="subtle" size="compact-sm" leftSection={<IconArrowLeft size={14} />} w="fit-content" px={4}>
      {t('memberReport.back')}
    </Button>
  );
}

function ReportSkeleton() {
  const { t } = useTranslation('dashboard');
  return (
    <Stack gap="lg" role="status" aria-label={t('loading')} data-testid="member-report-loading">
      <Group gap="md">
        <Skeleton height={56} circle />
        <Stack gap={8}>
          <Skeleton height={22} width={220} radius="sm" />
          <Skeleton height={12} width={160} radius="sm" />
        </Stack>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="md">
        {Array.from({ length: 5 }, (_, i) => (
          <StatCardSkeleton key={i} />
        ))}
      </SimpleGrid>
      <ChartSkeleton height={300} />
    </Stack>
  );
}

/**
 * One member's progress for admins, their managers and themself. Never their conversations' content.
 * `programs` and `skills` are their programs panel and skill view, composed by the route (features do
 * not import each other).
 */
export function MemberReport({ userId, programs = null, skills = null }: { userId: string; programs?: ReactNode; skills?: ReactNode }) {
  const { t } = useTranslation('dashboard');
  const query = useMemberReport(userId);
  if (query.isError) {
    // A malformed id (400) is as unknown as a missing one.
    if (isApiError(query.error) && (query.error.status === 404 || query.error.status === 400)) return <NotFoundView fullHeight={false} />;
    return (
      <Stack gap="md">
        <BackLink />
        <ErrorAlert error={query.error} title={t('memberReport.failed')} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }
  return (
    <Stack gap="lg">
      <BackLink />
      {query.data ? <ReportBody report={query.data} programs={programs} skills={skills} /> : <ReportSkeleton />}
    </Stack>
  );
}

function ReportBody({ report, programs, skills }: { report: MemberReportData; programs: ReactNode; skills: ReactNode }) {
  const { t } = useTranslation('dashboard');
  const [today] = useState(() => isoDay(new Date()));
  const from = shiftDay(today, -29);
  const completed = sum(report.completedByKind);
  const viewed = sum(report.viewedByKind);
  const activity = fillDays(report.activity, from, today, (day) => ({ day, conversations: 0, messages: 0 }));
  const hasActivity = report.activity.some((d) => d.conversations > 0 || d.messages > 0);
  const { user } = report;
  const byKind = contentKinds.map((kind) => ({ kind: kindVisual(kind).plural, viewed: report.viewedByKind[kind], completed: report.completedByKind[kind] }));
  return (
    <Stack gap="lg" data-testid="member-report">
      <Group gap="md" wrap="nowrap" align="center">
        <Avatar size={56} radius="xl" color="violet" variant="filled">
          {(user.displayName || user.email).slice(0, 1).toUpperCase()}
        </Avatar>
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs">
            <Title order={1} fz={{ base: 24, sm: 28 }} style={{ letterSpacing: '-0.01em' }} data-testid="member-report-name">
              {user.displayName || user.email}
            </Title>
            {user.status !== 'active' ? (
              <Badge variant="dot" color="orange">
                {user.status === 'invited' ? t('memberReport.status.invited') : t('memberReport.status.suspended')}
              </Badge>
            ) : null}
          </Group>
          <Text c="dimmed" size="sm">
            {user.email}
          </Text>
          {report.communities.length > 0 ? (
            <Group gap={6} mt={4}>
              {report.communities.map((c) => (
                <Badge key={c.id} variant={c.role === 'manager' ? 'filled' : 'light'} color="indigo" radius="sm">
                  {c.role === 'manager' ? t('memberReport.manager', { community: c.name }) : c.name}
                </Badge>
              ))}
            </Group>
          ) : null}
        </Stack>
      </Group>

      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="md">
        <StatCard testId="report-completed" label={t('memberReport.completed')} value={formatNumber(completed)} hint={t('memberReport.completedHint')} icon={<IconCircleCheck size={16} />} color="green" />
        <StatCard testId="report-viewed" label={t('memberReport.opened')} value={formatNumber(viewed)} hint={t('memberReport.openedHint')} icon={<IconEye size={16} />} color="indigo" />
        <StatCard testId="report-conversations" label={t('memberReport.conversations')} value={formatNumber(report.conversations)} hint={t('memberReport.conversationsHint')} icon={<IconMessages size={16} />} color="violet" />
        <StatCard testId="report-messages" label={t('memberReport.messages')} value={formatNumber(report.messages)} hint={t('memberReport.messagesHint')} icon={<IconMessage size={16} />} color="blue" />
        <StatCard testId="report-last-active" label={t('memberReport.lastActive')} value={<Text span fz={20} fw={700}>{formatAgo(report.lastActiveAt)}</Text>} hint={report.lastActiveAt ? formatDate(report.lastActiveAt) : t('memberReport.noActivity')} icon={<IconCalendarTime size={16} />} color="gray" />
      </SimpleGrid>

      {programs}
      {skills}

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Panel title={t('memberReport.byKind')} description={t('memberReport.byKindHint')}>
            {viewed === 0 && completed === 0 ? (
              <EmptyState icon={<IconEye size={24} />} title={t('memberReport.nothingOpenedTitle')}>
                {t('memberReport.nothingOpenedBody')}
              </EmptyState>
            ) : (
              <BarChart
                h={260}
                orientation="vertical"
                data={byKind}
                dataKey="kind"
                series={[
                  { name: 'viewed', label: t('memberReport.opened'), color: 'indigo.4' },
                  { name: 'completed', label: t('memberReport.completed'), color: 'teal.5' },
                ]}
                withLegend
                legendProps={{ verticalAlign: 'top', height: 36 }}
                gridAxis="y"
                tickLine="none"
                maxBarWidth={12}
                barChartProps={{ barGap: 2 }}
                xAxisProps={{ allowDecimals: false }}
                yAxisProps={{ width: kindAxisWidth(byKind.map((row) => row.kind)), interval: 0 }}
              />
            )}
          </Panel>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Panel title={t('memberReport.last30')} description={t('memberReport.last30Hint')}>
            {hasActivity ? (
              <AreaChart
                h={260}
                data={activity}
                dataKey="day"
                series={[
                  { name: 'messages', label: t('memberReport.messages'), color: 'teal.5' },
                  { name: 'conversations', label: t('memberReport.conversations'), color: 'violet.5' },
                ]}
                curveType="linear"
                withLegend
                legendProps={{ verticalAlign: 'top', height: 36 }}
                withDots={false}
                fillOpacity={0.25}
                gridAxis="x"
                tickLine="none"
                xAxisProps={{ tickFormatter: (v: string) => formatDay(v), minTickGap: 28, tickMargin: 8 }}
                yAxisProps={{ allowDecimals: false, width: 32 }}
              />
            ) : (
              <EmptyState icon={<IconMessages size={24} />} title={t('memberReport.noConversationsTitle')}>
                {t('memberReport.noConversationsBody')}
              </EmptyState>
            )}
          </Panel>
        </Grid.Col>
      </Grid>

      <Panel title={t('memberReport.recent')} description={t('memberReport.recentHint')}>
        {report.recentCompletions.length === 0 ? (
          <EmptyState icon={<IconTrophy size={24} />} title={t('memberReport.noCompletionsTitle')}>
            {t('memberReport.noCompletionsBody')}
          </EmptyState>
        ) : (
          <Stack gap={0} data-testid="recent-completions">
            {report.recentCompletions.map((c) => (
              <Group key={`${c.contentId}-${c.completedAt}`} justify="space-between" py={10} wrap="nowrap" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
                <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                  <ThemeIcon variant="light" color={kindVisual(c.kind).color} size={30} radius="md">
                    <KindIcon kind={c.kind} />
                  </ThemeIcon>
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Anchor component={Link} to={`/library/${c.contentId}`} size="sm" fw={600} lineClamp={1}>
                      {c.title}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {kindVisual(c.kind).label}
                    </Text>
                  </Stack>
                </Group>
                <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
                  {formatDate(c.completedAt)}
                </Text>
              </Group>
            ))}
          </Stack>
        )}
      </Panel>
    </Stack>
  );
}

