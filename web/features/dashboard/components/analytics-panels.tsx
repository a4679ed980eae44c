import '@mantine/charts/styles.css';
import { AreaChart, BarChart } from '@mantine/charts';
import { Anchor, Group, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
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
  const query = useSummary(filter);
  if (query.isError) return <ErrorAlert error={query.error} title="The key figures could not load" onRetry={() => void query.refetch()} />;
  const s: AnalyticsSummary | undefined = query.data;
  const grid = { base: 2, sm: 3, xl: 6 } as const;
  if (!s) {
    return (
      <SimpleGrid cols={grid} spacing="md" role="status" aria-label="Loading" data-testid="summary-loading">
        {Array.from({ length: 6 }, (_, i) => (
          <StatCardSkeleton key={i} />
        ))}
      </SimpleGrid>
    );
  }
  return (
    <SimpleGrid cols={grid} spacing="md" data-testid="summary-cards" style={{ opacity: query.isPlaceholderData ? 0.55 : 1 }}>
      <StatCard testId="stat-members" label="Members" value={formatNumber(s.members)} hint="In scope, all time" icon={<IconUsers size={16} />} color="violet" />
      <StatCard
        testId="stat-active"
        label="Active, 30 days"
        value={formatNumber(s.activeMembers.day30)}
        hint={`${formatNumber(s.activeMembers.day1)} today · ${formatNumber(s.activeMembers.day7)} in the last 7 days`}
        icon={<IconUserCheck size={16} />}
        color="teal"
      />
      <StatCard testId="stat-conversations" label="Conversations" value={formatNumber(s.conversations)} hint="Started in the period" icon={<IconMessages size={16} />} color="indigo" />
      <StatCard testId="stat-messages" label="Messages" value={formatNumber(s.messages)} hint="Sent in the period" icon={<IconMessage size={16} />} color="blue" />
      <StatCard testId="stat-completions" label="Completions" value={formatNumber(s.completions)} hint={`${formatNumber(s.views)} items opened`} icon={<IconCircleCheck size={16} />} color="green" />
      <StatCard testId="stat-prompt-copies" label="Prompt copies" value={formatNumber(s.promptCopies)} hint="Prompts copied to use" icon={<IconClipboardCopy size={16} />} color="orange" />
    </SimpleGrid>
  );
}

export function ActivityPanel({ filter }: { filter: AnalyticsFilter }) {
  const query = useActivity(filter);
  return (
    <Panel title="Activity over time" description="Conversations started and messages sent per day" testId="activity-panel">
      <PanelQuery
        query={query}
        skeleton={<ChartSkeleton height={280} />}
        isEmpty={(d) => d.days.every((x) => x.conversations === 0 && x.messages === 0)}
        empty={
          <EmptyState icon={<IconChartBar size={24} />} title="No conversations in this period">
            Activity appears here as soon as members chat with an agent in the sandbox. Try a longer range.
          </EmptyState>
        }
      >
        {(d) => (
          <AreaChart
            h={280}
            data={fillDays(d.days, filter.from, filter.to, (day) => ({ day, conversations: 0, messages: 0, activeMembers: 0 }))}
            dataKey="day"
            series={[
              { name: 'messages', label: 'Messages', color: 'teal.5' },
              { name: 'conversations', label: 'Conversations', color: 'violet.5' },
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
  const query = useTopAgents(filter);
  const rows = query.data?.items ?? [];
  const max = Math.max(1, ...rows.map((r) => r.conversations));
  return (
    <Panel
      title="Top agents"
      description="By conversations started, with distinct members"
      testId="top-agents-panel"
      actions={
        <CsvButton
          label="Download top agents as CSV"
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
          <EmptyState icon={<IconRobot size={24} />} title="No agent conversations yet">
            When members start conversations in the sandbox, the most used agents are ranked here.
          </EmptyState>
        }
      >
        {(d) => (
          <Stack gap="md" data-testid="top-agents-list">
            {d.items.map((a, index) => (
              <div key={a.agentId} data-testid="top-agent-row">
                <Group justify="space-between" gap="sm" wrap="nowrap" mb={6}>
                  <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
                    <Text size="xs" c="dimmed" ff="monospace" w={16} ta="right" style={{ flexShrink: 0 }}>
                      {index + 1}
                    </Text>
                    <Anchor component={Link} to={`/library/${a.agentId}`} size="sm" fw={600} truncate>
                      {a.title}
                    </Anchor>
                  </Group>
                  <Text size="xs" c="dimmed" style={{ flexShrink: 0, whiteSpace: 'nowrap' }}>
                    <Text span fw={700} c="var(--mantine-color-text)">
                      {formatNumber(a.conversations)}
                    </Text>{' '}
                    {a.conversations === 1 ? 'conversation' : 'conversations'} ·{' '}
                    <Text span fw={700} c="var(--mantine-color-text)">
                      {formatNumber(a.members)}
                    </Text>{' '}
                    {a.members === 1 ? 'member' : 'members'}
                  </Text>
                </Group>
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
  const query = useEngagement(filter);
  return (
    <Panel title="Content engagement" description="Views, completions and prompt copies by kind" testId="engagement-panel">
      <PanelQuery
        query={query}
        skeleton={<ChartSkeleton height={280} />}
        isEmpty={(d) => d.items.every((x) => x.views === 0 && x.completions === 0 && x.promptCopies === 0)}
        empty={
          <EmptyState icon={<IconChartBar size={24} />} title="No content opened in this period">
            Views and completions appear once members open their library. Try a longer range.
          </EmptyState>
        }
      >
        {(d) => (
          <BarChart
            h={280}
            data={d.items.map((x) => ({ kind: kindVisual(x.kind).plural, views: x.views, completions: x.completions, promptCopies: x.promptCopies }))}
            dataKey="kind"
            series={[
              { name: 'views', label: 'Views', color: 'indigo.5' },
              { name: 'completions', label: 'Completions', color: 'teal.5' },
              { name: 'promptCopies', label: 'Prompt copies', color: 'orange.5' },
            ]}
            withLegend
            legendProps={{ verticalAlign: 'top', height: 36 }}
            gridAxis="x"
            tickLine="none"
            maxBarWidth={22}
            valueFormatter={formatNumber}
            xAxisProps={{ tickMargin: 8, interval: 0 }}
            yAxisProps={{ allowDecimals: false, width: 44 }}
          />
        )}
      </PanelQuery>
    </Panel>
  );
}
