import { useTranslation } from 'react-i18next';
import { Button, Grid, Table, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import type { Costs } from '../../../../contracts/ai.js';
import { useQuery } from '@tanstack/react-query';
import { authorizedFetch } from '../../../lib/http/stream.js';
import { type CostsFilter, fetchCosts } from '../api/costs-api.js';
import { downloadText } from '../lib/download.js';
import { Panel, PanelQuery } from './panel.js';
import { formatNumber } from '../../../lib/format.js';
import { formatMoney } from '../../../lib/format-money.js';
import { TableScroll } from '../../../components/list/list-table.js';

function CostTable({ label, rows, currency }: { label: string; rows: Array<{ key: string; name: string; answers: number; cost: number }>; currency: string }) {
  const { t } = useTranslation('dashboard');
  return (
    <TableScroll minWidth={320} label={t('costs.by', { what: label })}>
      <Table aria-label={t('costs.by', { what: label })} verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{label}</Table.Th>
            <Table.Th ta="right">{t('costs.answers')}</Table.Th>
            <Table.Th ta="right">{t('costs.cost')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.slice(0, 8).map((r) => (
            <Table.Tr key={r.key}>
              <Table.Td>
                <Text size="sm" truncate maw={150}>
                  {r.name}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{formatNumber(r.answers)}</Table.Td>
              <Table.Td ta="right">{formatMoney(r.cost, currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

/** What practice cost in the dashboard's range: by community, agent and member, with CSV. */
export function CostsPanel({ filter }: { filter: CostsFilter }) {
  const { t } = useTranslation('dashboard');
  const { t: tc } = useTranslation('common');
  const costs = useQuery({ queryKey: ['analytics', 'costs', filter], queryFn: ({ signal }) => fetchCosts(filter, signal) });
  const [downloading, setDownloading] = useState(false);
  const download = async () => {
    setDownloading(true);
    try {
      const params = new URLSearchParams({ format: 'csv', ...(filter.from ? { from: filter.from } : {}), ...(filter.to ? { to: filter.to } : {}), ...(filter.communityId ? { communityId: filter.communityId } : {}) });
      const response = await authorizedFetch(`/api/analytics/costs?${params.toString()}`);
      downloadText(`ai-costs-${filter.from ?? 'from'}-to-${filter.to ?? 'today'}.csv`, await response.text());
    } finally {
      setDownloading(false);
    }
  };
  return (
    <Panel
      title={t('costs.title')}
      description={costs.data ? t('costs.summary', { cost: formatMoney(costs.data.total.cost, costs.data.currency), count: costs.data.total.answers }) : t('costs.hint')}
      actions={
        <Button size="xs" variant="default" leftSection={<IconDownload size={14} />} onClick={() => void download()} loading={downloading}>
          CSV
        </Button>
      }
      testId="costs-panel"
    >
      <PanelQuery query={costs} skeleton={<Text size="sm">{tc('status.loading')}</Text>} isEmpty={(d: Costs) => d.total.answers === 0} empty={<Text size="sm" c="dimmed">{t('costs.empty')}</Text>}>
        {(d) => (
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, lg: 4 }}>
              <CostTable label={t('costs.community')} currency={d.currency} rows={d.byCommunity.map((r) => ({ key: r.communityId ?? 'none', name: r.name, answers: r.answers, cost: r.cost }))} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 4 }}>
              <CostTable label={t('costs.agent')} currency={d.currency} rows={d.byAgent.map((r) => ({ key: r.agentId ?? 'lab', name: r.title, answers: r.answers, cost: r.cost }))} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 4 }}>
              <CostTable label={t('costs.member')} currency={d.currency} rows={d.byMember.map((r) => ({ key: r.userId ?? 'gone', name: r.displayName, answers: r.answers, cost: r.cost }))} />
            </Grid.Col>
          </Grid>
        )}
      </PanelQuery>
    </Panel>
  );
}
