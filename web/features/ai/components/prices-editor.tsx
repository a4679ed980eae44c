import { ActionIcon, Alert, Button, Card, Group, NumberInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelPrice } from '../../../../contracts/ai.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { usePrices, useReplacePrices } from '../hooks/use-ai.js';
import { TableScroll } from '../../../components/list/list-table.js';

interface Row {
  model: string;
  inputPerMillion: number | string;
  outputPerMillion: number | string;
}

function PricesForm({ initial }: { initial: ModelPrice[] }) {
  const { t } = useTranslation('ai');
  const replace = useReplacePrices();
  const [currency, setCurrency] = useState(initial[0]?.currency ?? 'USD');
  const [rows, setRows] = useState<Row[]>(initial.map(({ model, inputPerMillion, outputPerMillion }) => ({ model, inputPerMillion, outputPerMillion })));
  const set = (index: number, patch: Partial<Row>) => setRows((r) => r.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  const save = () => {
    const prices = rows
      .filter((r) => r.model.trim())
      .map((r) => ({ model: r.model.trim(), inputPerMillion: Number(r.inputPerMillion) || 0, outputPerMillion: Number(r.outputPerMillion) || 0, currency: currency.trim().toUpperCase() }));
    replace.mutate(prices, { onSuccess: () => notifications.show({ color: 'teal', message: t('prices.saved'), autoClose: 2500 }) });
  };

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed" maw={640}>
        {t('prices.intro')}
      </Text>
      <TextInput label={t('prices.currency')} description={t('prices.currencyHint')} value={currency} onChange={(e) => setCurrency(e.currentTarget.value)} maxLength={3} w={200} />
      <Card padding={0}>
        <TableScroll minWidth={560} label={t('prices.table')}>
          <Table verticalSpacing="xs" horizontalSpacing="md" aria-label={t('prices.table')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('prices.model')}</Table.Th>
                <Table.Th w={170}>{t('prices.input')}</Table.Th>
                <Table.Th w={170}>{t('prices.output')}</Table.Th>
                <Table.Th w={48} aria-label={t('prices.remove')} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row, index) => (
                <Table.Tr key={index}>
                  <Table.Td>
                    <TextInput aria-label={t('prices.modelN', { n: index + 1 })} placeholder={t('form.modelsPlaceholder')} value={row.model} onChange={(e) => set(index, { model: e.currentTarget.value })} />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput aria-label={t('prices.inputN', { n: index + 1 })} min={0} decimalScale={4} value={row.inputPerMillion} onChange={(v) => set(index, { inputPerMillion: v })} />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput aria-label={t('prices.outputN', { n: index + 1 })} min={0} decimalScale={4} value={row.outputPerMillion} onChange={(v) => set(index, { outputPerMillion: v })} />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon variant="subtle" color="gray" aria-label={t('prices.removeN', { n: index + 1 })} onClick={() => setRows((r) => r.filter((_, i) => i !== index))}>
                      <IconX size={16} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>
      {replace.error ? (
        <Alert color="red" title={t('prices.notSaved')}>
          {replace.error.message}
        </Alert>
      ) : null}
      <Group>
        <Button variant="light" leftSection={<IconPlus size={14} />} onClick={() => setRows((r) => [...r, { model: '', inputPerMillion: 0, outputPerMillion: 0 }])}>
          {t('prices.add')}
        </Button>
        <Button onClick={save} loading={replace.isPending}>
          {t('prices.save')}
        </Button>
      </Group>
    </Stack>
  );
}

export function PricesEditor() {
  const prices = usePrices();
  return (
    <QueryGate pending={prices.isPending} error={prices.error} onRetry={() => void prices.refetch()}>
      {prices.data ? <PricesForm initial={prices.data} /> : null}
    </QueryGate>
  );
}
