import { ActionIcon, Alert, Button, Card, Group, NumberInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import type { ModelPrice } from '../../../../contracts/ai.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { usePrices, useReplacePrices } from '../hooks/use-ai.js';

interface Row {
  model: string;
  inputPerMillion: number | string;
  outputPerMillion: number | string;
}

function PricesForm({ initial }: { initial: ModelPrice[] }) {
  const replace = useReplacePrices();
  const [currency, setCurrency] = useState(initial[0]?.currency ?? 'USD');
  const [rows, setRows] = useState<Row[]>(initial.map(({ model, inputPerMillion, outputPerMillion }) => ({ model, inputPerMillion, outputPerMillion })));
  const set = (index: number, patch: Partial<Row>) => setRows((r) => r.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  const save = () => {
    const prices = rows
      .filter((r) => r.model.trim())
      .map((r) => ({ model: r.model.trim(), inputPerMillion: Number(r.inputPerMillion) || 0, outputPerMillion: Number(r.outputPerMillion) || 0, currency: currency.trim().toUpperCase() }));
    replace.mutate(prices, { onSuccess: () => notifications.show({ color: 'teal', message: 'Prices saved.', autoClose: 2500 }) });
  };

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed" maw={640}>
        Prices per million tokens, as your provider bills them. Each answer’s cost is computed from the provider’s own token counts; a model without a price is shown as “not priced”.
      </Text>
      <TextInput label="Currency" description="One currency for every price, so budgets add up." value={currency} onChange={(e) => setCurrency(e.currentTarget.value)} maxLength={3} w={200} />
      <Card padding={0}>
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" horizontalSpacing="md" aria-label="Model prices">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Model</Table.Th>
                <Table.Th w={170}>Input / 1M tokens</Table.Th>
                <Table.Th w={170}>Output / 1M tokens</Table.Th>
                <Table.Th w={48} aria-label="Remove" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row, index) => (
                <Table.Tr key={index}>
                  <Table.Td>
                    <TextInput aria-label={`Model ${index + 1}`} placeholder="e.g. gpt-4o-mini" value={row.model} onChange={(e) => set(index, { model: e.currentTarget.value })} />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput aria-label={`Input price ${index + 1}`} min={0} decimalScale={4} value={row.inputPerMillion} onChange={(v) => set(index, { inputPerMillion: v })} />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput aria-label={`Output price ${index + 1}`} min={0} decimalScale={4} value={row.outputPerMillion} onChange={(v) => set(index, { outputPerMillion: v })} />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon variant="subtle" color="gray" aria-label={`Remove price ${index + 1}`} onClick={() => setRows((r) => r.filter((_, i) => i !== index))}>
                      <IconX size={16} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      {replace.error ? (
        <Alert color="red" title="Prices not saved">
          {replace.error.message}
        </Alert>
      ) : null}
      <Group>
        <Button variant="light" leftSection={<IconPlus size={14} />} onClick={() => setRows((r) => [...r, { model: '', inputPerMillion: 0, outputPerMillion: 0 }])}>
          Add model
        </Button>
        <Button onClick={save} loading={replace.isPending}>
          Save prices
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
