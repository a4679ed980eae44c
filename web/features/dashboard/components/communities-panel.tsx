import { useTranslation } from 'react-i18next';
import { Badge, Group, Table, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconBuildingCommunity, IconChevronRight } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { CommunityStats } from '../../../../contracts/analytics.js';
import { EmptyState } from '../../../components/ui/empty-state.js';
import type { AnalyticsFilter } from '../api/analytics-api.js';
import { csvFileName, toCsv } from '../lib/csv.js';
import { downloadText } from '../lib/download.js';
import { CsvButton, Panel, PanelQuery, TableSkeleton } from './panel.js';
import { formatNumber } from '../../../lib/format.js';
import { TableScroll } from '../../../components/list/list-table.js';

type Row = CommunityStats['items'][number];

const columns = [
  { header: 'Community', value: (r: Row) => r.name },
  { header: 'Members', value: (r: Row) => r.members },
  { header: 'Active members', value: (r: Row) => r.activeMembers },
  { header: 'Conversations', value: (r: Row) => r.conversations },
  { header: 'Completions', value: (r: Row) => r.completions },
];

/** Admins: one row per community; a click drills into that community (the whole dashboard follows). */
export function CommunitiesPanel({
  query,
  filter,
  selectedId,
  onSelect,
}: {
  query: UseQueryResult<CommunityStats>;
  filter: AnalyticsFilter;
  selectedId: string | null;
  onSelect: (communityId: string) => void;
}) {
  const { t } = useTranslation('dashboard');
  const rows = query.data?.items ?? [];
  return (
    <Panel
      title={t('communities.title')}
      description={t('communities.description')}
      testId="communities-panel"
      actions={
        <CsvButton
          label={t('communities.csv')}
          disabled={rows.length === 0}
          onClick={() => downloadText(csvFileName('communities', filter.from, 'to', filter.to), toCsv(columns, rows))}
        />
      }
    >
      <PanelQuery
        query={query}
        skeleton={<TableSkeleton rows={4} />}
        isEmpty={(d) => d.items.length === 0}
        empty={
          <EmptyState icon={<IconBuildingCommunity size={24} />} title={t('communities.emptyTitle')}>
            {t('communities.emptyBody')}
          </EmptyState>
        }
      >
        {(d) => (
          <TableScroll minWidth={560} label={t('communities.title')}>
            <Table highlightOnHover verticalSpacing={10} data-testid="communities-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('communities.community')}</Table.Th>
                  <Table.Th ta="right">{t('communities.members')}</Table.Th>
                  <Table.Th ta="right">{t('communities.active')}</Table.Th>
                  <Table.Th ta="right">{t('communities.conversations')}</Table.Th>
                  <Table.Th ta="right">{t('communities.completions')}</Table.Th>
                  {/* Named, if only for screen readers: a data cell under an empty header has no header (axe td-has-header). */}
                  <Table.Th w={36}>
                    <VisuallyHidden>{t('communities.openColumn')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.items.map((c) => {
                  const selected = c.communityId === selectedId;
                  return (
                    <Table.Tr
                      key={c.communityId}
                      onClick={() => onSelect(c.communityId)}
                      style={{ cursor: 'pointer' }}
                      bg={selected ? 'var(--mantine-primary-color-light)' : undefined}
                      aria-selected={selected}
                    >
                      <Table.Td>
                        <UnstyledButton
                          onClick={(event) => {
                            event.stopPropagation();
                            onSelect(c.communityId);
                          }}
                          aria-label={t('communities.show', { name: c.name })}
                        >
                          <Group gap="xs" wrap="nowrap">
                            <Text size="sm" fw={600}>
                              {c.name}
                            </Text>
                            {selected ? (
                              <Badge size="xs" variant="light">
                                {t('communities.selected')}
                              </Badge>
                            ) : null}
                          </Group>
                        </UnstyledButton>
                      </Table.Td>
                      <Table.Td ta="right" ff="monospace">
                        {formatNumber(c.members)}
                      </Table.Td>
                      <Table.Td ta="right" ff="monospace">
                        {formatNumber(c.activeMembers)}
                      </Table.Td>
                      <Table.Td ta="right" ff="monospace">
                        {formatNumber(c.conversations)}
                      </Table.Td>
                      <Table.Td ta="right" ff="monospace">
                        {formatNumber(c.completions)}
                      </Table.Td>
                      <Table.Td>
                        <IconChevronRight size={16} opacity={0.45} aria-hidden />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
      </PanelQuery>
    </Panel>
  );
}
