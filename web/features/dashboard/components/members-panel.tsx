import { useTranslation } from 'react-i18next';
import { Box, Button, Group, SimpleGrid, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconReportAnalytics, IconSearch, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { MemberStats } from '../../../../contracts/analytics.js';
import { contentKinds } from '../../../../contracts/content.js';
import { EmptyState } from '../../../components/ui/empty-state.js';
import type { AnalyticsFilter } from '../api/analytics-api.js';
import { useMemberStats } from '../hooks/use-analytics.js';
import { type CsvColumn, csvFileName, toCsv } from '../lib/csv.js';
import { downloadText } from '../lib/download.js';
import { CsvButton, Panel, PanelQuery, TableSkeleton } from './panel.js';
import { formatAgo, formatNumber } from '../../../lib/format.js';
import { KindIcon } from '../../../components/ui/kind-icon.js';
import { kindVisual } from '../../../lib/content-kinds.js';
import { TableScroll } from '../../../components/list/list-table.js';

type Row = MemberStats['items'][number];

const columns: CsvColumn<Row>[] = [
  { header: 'Name', value: (r) => r.displayName },
  { header: 'Email', value: (r) => r.email },
  ...contentKinds.map((kind): CsvColumn<Row> => ({ header: `${kindVisual(kind).plural} completed`, value: (r) => r.completedByKind[kind] })),
  { header: 'Completions', value: (r) => r.completions },
  { header: 'Conversations', value: (r) => r.conversations },
  { header: 'Last active', value: (r) => r.lastActiveAt ?? '' },
];

const matches = (r: Row, q: string) => !q || `${r.displayName} ${r.email}`.toLowerCase().includes(q.toLowerCase());

/** Per-member progress (never transcripts): what each person completed, chatted and when last seen. */
export function MembersPanel({ filter, scopeName }: { filter: AnalyticsFilter; scopeName: string | null }) {
  const { t } = useTranslation('dashboard');
  const query = useMemberStats(filter);
  const [q, setQ] = useState('');
  const all = query.data?.items ?? [];
  const rows = all.filter((r) => matches(r, q.trim()));
  return (
    <Panel
      title={scopeName ? t('members.titleOf', { name: scopeName }) : t('members.title')}
      description={t('members.description')}
      testId="members-panel"
      actions={
        <>
          {all.length > 8 ? (
            <TextInput
              size="xs"
              placeholder={t('members.find')}
              aria-label={t('members.find')}
              leftSection={<IconSearch size={14} />}
              value={q}
              onChange={(e) => setQ(e.currentTarget.value)}
              w={180}
            />
          ) : null}
          <CsvButton
            label={t('members.csv')}
            disabled={rows.length === 0}
            onClick={() => downloadText(csvFileName('members', scopeName, filter.from, 'to', filter.to), toCsv(columns, rows))}
          />
        </>
      }
    >
      <PanelQuery
        query={query}
        skeleton={<TableSkeleton rows={6} />}
        isEmpty={(d) => d.items.length === 0}
        empty={
          <EmptyState icon={<IconUsers size={24} />} title={t('members.emptyTitle')}>
            {t('members.emptyBody')}
          </EmptyState>
        }
      >
        {() =>
          rows.length === 0 ? (
            <Text c="dimmed" size="sm" ta="center" py="lg">
              {t('members.noMatch', { q })}
            </Text>
          ) : (
            <>
            <Box visibleFrom="sm">
            <TableScroll minWidth={820} label={scopeName ? t('members.titleOf', { name: scopeName }) : t('members.title')}>
              <Table highlightOnHover verticalSpacing={8} data-testid="members-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('members.member')}</Table.Th>
                    {contentKinds.map((kind) => (
                      <Table.Th key={kind} ta="center" w={56}>
                        <Tooltip label={t('members.kindCompleted', { kind: kindVisual(kind).plural })}>
                          <span role="img" aria-label={t('members.kindCompleted', { kind: kindVisual(kind).plural })} style={{ display: 'inline-flex' }}>
                            <KindIcon kind={kind} />
                          </span>
                        </Tooltip>
                      </Table.Th>
                    ))}
                    <Table.Th ta="right" w={100}>
                      {t('members.completed')}
                    </Table.Th>
                    <Table.Th ta="right" w={110}>
                      {t('members.conversations')}
                    </Table.Th>
                    <Table.Th w={120}>{t('members.lastActive')}</Table.Th>
                    <Table.Th w={96} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((m) => (
                    <Table.Tr key={m.userId} data-testid="member-row">
                      <Table.Td>
                        <Stack gap={0}>
                          <Text size="sm" fw={600} lineClamp={1}>
                            {m.displayName}
                          </Text>
                          <Text size="xs" c="dimmed" lineClamp={1}>
                            {m.email}
                          </Text>
                        </Stack>
                      </Table.Td>
                      {contentKinds.map((kind) => (
                        <Table.Td key={kind} ta="center" ff="monospace" c={m.completedByKind[kind] ? undefined : 'dimmed'}>
                          {m.completedByKind[kind]}
                        </Table.Td>
                      ))}
                      <Table.Td ta="right" ff="monospace" fw={600}>
                        {formatNumber(m.completions)}
                      </Table.Td>
                      <Table.Td ta="right" ff="monospace">
                        {formatNumber(m.conversations)}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c={m.lastActiveAt ? undefined : 'dimmed'}>
                          {formatAgo(m.lastActiveAt)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <ReportLink member={m} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
            </Box>
            <MemberCards rows={rows} />
            </>
          )
        }
      </PanelQuery>
    </Panel>
  );
}

/** The way to one member's report, in the table and on the phone's cards. */
function ReportLink({ member }: { member: Row }) {
  const { t } = useTranslation('dashboard');
  return (
    <Button
      component={Link}
      to={`/reports/members/${member.userId}`}
      size="compact-xs"
      variant="subtle"
      leftSection={<IconReportAnalytics size={14} />}
      aria-label={t('members.reportFor', { name: member.displayName })}
      style={{ flexShrink: 0 }}
    >
      {t('members.report')}
    </Button>
  );
}

/**
 * The same figures as a stacked list on a phone: the table needs about 820 px and scrolled
 * sideways inside a 316 px panel there, hiding everything past the name.
 */
function MemberCards({ rows }: { rows: Row[] }) {
  const { t } = useTranslation('dashboard');
  return (
    <SimpleGrid cols={1} spacing={0} hiddenFrom="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="member-cards">
      {rows.map((m) => (
        <Stack component="li" key={m.userId} gap={6} py="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)', minWidth: 0 }} data-testid="member-card">
          <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text size="sm" fw={600} truncate>
                {m.displayName}
              </Text>
              <Text size="xs" c="dimmed" truncate>
                {m.email}
              </Text>
            </Stack>
            <ReportLink member={m} />
          </Group>
          <Group gap="md" wrap="wrap">
            <Text size="xs">
              {t('members.completed')}: <b>{formatNumber(m.completions)}</b>
            </Text>
            <Text size="xs">
              {t('members.conversations')}: <b>{formatNumber(m.conversations)}</b>
            </Text>
            <Text size="xs" c="dimmed">
              {t('members.lastActive')}: {formatAgo(m.lastActiveAt)}
            </Text>
          </Group>
          <Group gap="sm" wrap="wrap">
            {contentKinds.map((kind) => (
              <Group key={kind} gap={4} wrap="nowrap" c={m.completedByKind[kind] ? undefined : 'dimmed'}>
                <span role="img" aria-label={t('members.kindCompleted', { kind: kindVisual(kind).plural })} style={{ display: 'inline-flex' }}>
                  <KindIcon kind={kind} />
                </span>
                <Text size="xs" ff="monospace">
                  {m.completedByKind[kind]}
                </Text>
              </Group>
            ))}
          </Group>
        </Stack>
      ))}
    </SimpleGrid>
  );
}
