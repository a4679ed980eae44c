import { useTranslation } from 'react-i18next';
import '@mantine/charts/styles.css';
import { AreaChart, BarChart } from '@mantine/charts';
import { Anchor, Group, Progress, SimpleGrid, Stack, Text, useMatches } from '@mantine/core';
import {
  IconChartBar,
  IconCircleCheck,
  IconClipboardCopy,
  IconMessage,
  IconMessages,
  IconRobot,
  IconUserCheck,
  IconUsers,
} from '@tabler/icons-react';
import { Link } from 'react-router';
import type { AnalyticsSummary, TopAgents } from '../../../../contracts/analytics.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { EmptyState } from '../../../components/ui/empty-state.js';
import type { AnalyticsFilter } from '../api/analytics-api.js';
import { useActivity, useEngagement, useSummary, useTopAgents } from '../hooks/use-analytics.js';
import { csvFileName, toCsv } from '../lib/csv.js';
import { fillDays } from '../lib/date-range.js';
import { downloadText } from '../lib/download.js';
import { ChartSkeleton, CsvButton, Panel, PanelQuery, TableSkeleton } from './panel.js';
import { StatCard, StatCardSkeleton } from './stat-card.js';
import { formatDay, formatNumber } from '../../../lib/format.js';
import { kindVisual } from '../../../lib/content-kinds.js';

/** The stat cards; one query, so they load and fail together (and alone). */
export function SummaryCards({ filter }: { filter: AnalyticsFilter }) {
  const { t } = useTranslation('dashboard');
  const { t: tc } = useTranslation('common');
  const query = useSummary(filter);
  if (query.isError) return <ErrorAlert error={query.error} title={t('summary.failed')} onRetry={() => void query.refetch()} />;
  const s: AnalyticsSummary | undefined = query.data;
  const grid = { base: 2, sm: 3, xl: 6 } as const;
  if (!s) {
    return (
      <SimpleGrid cols={grid} spacing="md" role="status" aria-label={tc('status.loading')} data-testid="summary-loading">
        {Array.from({ length: 6 }, (_, i) => (
          <StatCardSkeleton key={i} />
        ))}
      </SimpleGrid>
    );
  }
  return (
    <SimpleGrid cols={grid} spacing="md" data-testid="summary-cards" style={{ opacity: query.isPlaceholderData ? 0.55 : 1 }}>
      <StatCard testId="stat-members" label={t('summary.members')} value={formatNumber(s.members)} hint={t('summary.membersHint')} icon={<IconUsers size={16} />} color="violet" />
      <StatCard
        testId="stat-active"
        label={t('summary.active')}
        value={formatNumber(s.activeMembers.day30)}
        hint={t('summary.activeHint', { today: formatNumber(s.activeMembers.day1), week: formatNumber(s.activeMembers.day7) })}
        icon={<IconUserCheck size={16} />}
        color="teal"
      />
      <StatCard testId="stat-conversations" label={t('summary.conversations')} value={formatNumber(s.conversations)} hint={t('summary.conversationsHint')} icon={<IconMessages size={16} />} color="indigo" />
      <StatCard testId="stat-messages" label={t('summary.messages')} value={formatNumber(s.messages)} hint={t('summary.messagesHint')} icon={<IconMessage size={16} />} color="blue" />
      <StatCard testId="stat-completions" label={t('summary.completions')} value={formatNumber(s.completions)} hint={t('summary.completionsHint', { views: formatNumber(s.views) })} icon={<IconCircleCheck size={16} />} color="green" />
      <StatCard testId="stat-prompt-copies" label={t('summary.promptCopies')} value={formatNumber(s.promptCopies)} hint={t('summary.promptCopiesHint')} icon={<IconClipboardCopy size={16} />} color="orange" />
    </SimpleGrid>
  );
}

export function ActivityPanel({ filter }: { filter: AnalyticsFilter }) {
  const { t } = useTranslation('dashboard');
  const query = useActivity(filter);
  return (
    <Panel title={t('activity.title')} description={t('activity.description')} testId="activity-panel">
      <PanelQuery
        query={query}
        skeleton={<ChartSkeleton height={280} />}
        isEmpty={(d) => d.days.every((x) => x.conversations === 0 && x.messages === 0)}
        empty={
          <EmptyState icon={<IconChartBar size={24} />} title={t('activity.emptyTitle')}>
            {t('activity.emptyBody')}
          </EmptyState>
        }
      >
        {(d) => (
          <AreaChart
            h={280}
            data={fillDays(d.days, filter.from, filter.to, (day) => ({ day, conversations: 0, messages: 0, activeMembers: 0 }))}
            dataKey="day"
            series={[
              { name: 'messages', label: t('summary.messages'), color: 'teal.5' },
              { name: 'conversations', label: t('summary.conversations'), color: 'violet.5' },
            ]}
            curveType="linear"
            withLegend
            legendProps={{ verticalAlign: 'top', height: 36 }}
            withDots={false}
            fillOpacity={0.25}
            gridAxis="x"
            tickLine="none"
            valueFormatter={formatNumber}
            xAxisProps={{ tickFormatter: (v: string) => formatDay(v), minTickGap: 28, tickMargin: 8 }}
            yAxisProps={{ allowDecimals: false, width: 44 }}
          />
        )}
      </PanelQuery>
    </Panel>
  );
}

type AgentRow = TopAgents['items'][number];

const agentColumns = [
  { header: 'Agent', value: (r: AgentRow) => r.title },
  { header: 'Conversations', value: (r: AgentRow) => r.conversations },
  { header: 'Members', value: (r: AgentRow) => r.members },
];

export function TopAgentsPanel({ filter, scopeName }: { filter: AnalyticsFilter; scopeName: string | null }) {
  const { t } = useTranslation('dashboard');
  const query = useTopAgents(filter);
  const rows = query.data?.items ?? [];
  const max = Math.max(1, ...rows.map((r) => r.conversations));
  return (
    <Panel
      title={t('topAgents.title')}
      description={t('topAgents.description')}
      testId="top-agents-panel"
      actions={
        <CsvButton
          label={t('topAgents.csv')}
          disabled={rows.length === 0}
          onClick={() => downloadText(csvFileName('top-agents', scopeName, filter.from, 'to', filter.to), toCsv(agentColumns, rows))}
        />
      }
    >
      <PanelQuery
        query={query}
        skeleton={<TableSkeleton rows={5} />}
        isEmpty={(d) => d.items.length === 0}
        empty={
          <EmptyState icon={<IconRobot size={24} />} title={t('topAgents.emptyTitle')}>
            {t('topAgents.emptyBody')}
          </EmptyState>
        }
      >
        {(d) => (
          <Stack gap="md" data-testid="top-agents-list">
            {d.items.map((a, index) => (
              <div key={a.agentId} data-testid="top-agent-row">
                {/* The counts go under the name, which then has the whole width (the panel is narrow on every screen). */}
                <Stack gap={2} mb={6}>
                  <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
                    <Text size="xs" c="dimmed" ff="monospace" w={16} ta="right" style={{ flexShrink: 0 }}>
                      {index + 1}
                    </Text>
                    <Anchor component={Link} to={`/library/${a.agentId}`} size="sm" fw={600} truncate>
                      {a.title}
                    </Anchor>
                  </Group>
                  <Text size="xs" c="dimmed" ml={24}>
                    <Text span fw={700} c="var(--mantine-color-text)">
                      {formatNumber(a.conversations)}
                    </Text>{' '}
                    {t('topAgents.conversations', { count: a.conversations })} ·{' '}
                    <Text span fw={700} c="var(--mantine-color-text)">
                      {formatNumber(a.members)}
                    </Text>{' '}
                    {t('topAgents.members', { count: a.members })}
                  </Text>
                </Stack>
                <Progress value={(a.conversations / max) * 100} size={6} radius="xl" color="violet" ml={24} aria-hidden />
              </div>
            ))}
          </Stack>
        )}
      </PanelQuery>
    </Panel>
  );
}

export function EngagementPanel({ filter }: { filter: AnalyticsFilter }) {
  const { t } = useTranslation('dashboard');
  const query = useEngagement(filter);
  // Six kind names side by side overlap on a phone (longer still in Spanish): there the bars lie
  // down and the names stand one per line on the left.
  const phone = useMatches({ base: true, sm: false });
  return (
    <Panel title={t('engagement.title')} description={t('engagement.description')} testId="engagement-panel">
      <PanelQuery
        query={query}
        skeleton={<ChartSkeleton height={280} />}
        isEmpty={(d) => d.items.every((x) => x.views === 0 && x.completions === 0 && x.promptCopies === 0)}
        empty={
          <EmptyState icon={<IconChartBar size={24} />} title={t('engagement.emptyTitle')}>
            {t('engagement.emptyBody')}
          </EmptyState>
        }
      >
        {(d) => (
          <BarChart
            h={phone ? 420 : 280}
            orientation={phone ? 'vertical' : 'horizontal'}
            data={d.items.map((x) => ({ kind: kindVisual(x.kind).plural, views: x.views, completions: x.completions, promptCopies: x.promptCopies }))}
            dataKey="kind"
            series={[
              { name: 'views', label: t('engagement.views'), color: 'indigo.5' },
              { name: 'completions', label: t('summary.completions'), color: 'teal.5' },
              { name: 'promptCopies', label: t('summary.promptCopies'), color: 'orange.5' },
            ]}
            withLegend
            legendProps={{ verticalAlign: 'top', height: phone ? 64 : 36 }}
            gridAxis="x"
            tickLine="none"
            maxBarWidth={22}
            valueFormatter={formatNumber}
            xAxisProps={phone ? { allowDecimals: false } : { tickMargin: 8, interval: 0 }}
            yAxisProps={phone ? { width: 112, interval: 0 } : { allowDecimals: false, width: 44 }}
          />
        )}
      </PanelQuery>
    </Panel>
  );
}
