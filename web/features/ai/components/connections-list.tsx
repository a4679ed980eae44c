import { Alert, Badge, Button, Card, Group, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconPencil, IconPlugConnected, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { type AiConnection, type ConnectionTestResult } from '../../../../contracts/ai.js';
import { encodeReason } from '../../../../contracts/failure-reasons.js';
import { ConfirmDelete } from '../../../components/ui/confirm-modal.js';
import { EmptyState } from '../../../components/ui/empty-state.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { useConnections, useDeleteConnection, usePrices, useTestConnection } from '../hooks/use-ai.js';
import { ConnectionFormModal } from './connection-form-modal.js';
import { RowActions } from '../../../components/list/row-actions.js';
import { TableScroll } from '../../../components/list/list-table.js';
import { useReason } from '../../../lib/failure-reason.js';

/** A failed test in the admin's language: the reason code worded, then the provider's own words as they are. */
function failureText(result: ConnectionTestResult, reason: (stored: string) => string, t: TFunction): string | undefined {
  if (!result.code) return result.error;
  const worded = reason(encodeReason(result.code, result.details));
  const said = result.details?.said;
  return typeof said === 'string' ? `${worded} ${t('errors:probe.provider_said', { said })}` : worded;
}

function TestResult({ result }: { result: ConnectionTestResult | undefined }) {
  const { t } = useTranslation('ai');
  const reason = useReason();
  if (!result) return null;
  return result.ok ? (
    <Badge color="teal" variant="light" leftSection={<IconCheck size={12} />}>
      {t('connections.works', { ms: result.latencyMs })}
    </Badge>
  ) : (
    <Text size="xs" c="red.7" role="alert">
      <IconX size={12} style={{ verticalAlign: 'middle' }} /> {failureText(result, reason, t)}
    </Text>
  );
}

export function ConnectionsList() {
  const { t } = useTranslation('ai');
  const connections = useConnections();
  const remove = useDeleteConnection();
  const test = useTestConnection();
  const [results, setResults] = useState<Record<string, ConnectionTestResult>>({});
  const [editing, setEditing] = useState<AiConnection | 'new' | null>(null);
  const [deleting, setDeleting] = useState<AiConnection | null>(null);

  const runTest = (c: AiConnection) =>
    test.mutate({ id: c.id }, { onSuccess: (result) => setResults((r) => ({ ...r, [c.id]: result })), onError: (e) => setResults((r) => ({ ...r, [c.id]: { ok: false, latencyMs: 0, error: e.message } })) });

  const items = connections.data ?? [];
  // Issue 25: a model with no price counts as 0 against budgets unless a community blocks it or
  // charges a default price; say so here, where the model is added.
  const prices = usePrices();
  const priced = new Set((prices.data ?? []).map((p) => p.model));
  const unpriced = prices.data ? [...new Set(items.flatMap((c) => c.models))].filter((m) => !priced.has(m)) : [];
  return (
    <Stack gap="md">
      {unpriced.length > 0 ? (
        <Alert color="yellow" icon={<IconAlertTriangle size={18} aria-hidden />} title={t('connections.unpricedTitle')} data-testid="unpriced-models">
          {t('connections.unpricedBody', { models: unpriced.join(', ') })}
        </Alert>
      ) : null}
      <Group justify="space-between" align="flex-end">
        <Text size="sm" c="dimmed" maw={640}>
          {t('connections.intro')}
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
          {t('connections.add')}
        </Button>
      </Group>
      <Card padding={0}>
        <QueryGate pending={connections.isPending} error={connections.error} onRetry={() => void connections.refetch()}>
          {items.length === 0 ? (
            <EmptyState icon={<IconPlugConnected size={24} />} title={t('connections.emptyTitle')}>
              {t('connections.emptyBody')}
            </EmptyState>
          ) : (
            <TableScroll minWidth={760} label={t('settings.title')}>
              <Table verticalSpacing="md" horizontalSpacing="md" aria-label={t('settings.title')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('connections.columns.connection')}</Table.Th>
                    <Table.Th>{t('connections.columns.models')}</Table.Th>
                    <Table.Th w={110}>{t('connections.columns.key')}</Table.Th>
                    <Table.Th w={260}>{t('connections.columns.test')}</Table.Th>
                    <Table.Th w={56} aria-label={t('connections.columns.actions')} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((c) => (
                    <Table.Tr key={c.id} data-testid={`connection-${c.name}`}>
                      <Table.Td>
                        <Text fw={600} size="sm">
                          {c.name}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {t(`providerShort.${c.provider}`)}
                          {c.baseUrl ? ` · ${c.baseUrl}` : ''}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {c.models.map((m) => (
                            <Badge key={m} variant={priced.has(m) || !prices.data ? 'default' : 'light'} color={priced.has(m) || !prices.data ? undefined : 'yellow'} tt="none" fw={500}>
                              {m}
                              {priced.has(m) || !prices.data ? '' : ` · ${t('connections.noPrice')}`}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>{c.apiKeySet ? <Badge color="teal" variant="light">{t('connections.keySet')}</Badge> : <Badge color="gray" variant="light">{t('connections.noKey')}</Badge>}</Table.Td>
                      <Table.Td>
                        <Stack gap={6} align="flex-start">
                          <Button size="xs" variant="light" onClick={() => runTest(c)} loading={test.isPending && test.variables.id === c.id}>
                            {t('connections.test')}
                          </Button>
                          <TestResult result={results[c.id]} />
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        <RowActions
                          label={t('connections.actionsFor', { name: c.name })}
                          actions={[
                            { label: t('connections.edit'), icon: <IconPencil size={16} />, onClick: () => setEditing(c) },
                            { label: t('connections.remove'), icon: <IconTrash size={16} />, danger: true, onClick: () => setDeleting(c) },
                          ]}
                        />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
          )}
        </QueryGate>
      </Card>
      {editing ? <ConnectionFormModal key={editing === 'new' ? 'new' : editing.id} connection={editing === 'new' ? null : editing} opened onClose={() => setEditing(null)} /> : null}
      <ConfirmDelete
        item={deleting}
        what={t('connections.what')}
        mutation={remove}
        variables={(c: AiConnection) => c.id}
        done={(c) => t('connections.removed', { name: c.name })}
        onClose={() => setDeleting(null)}
      >
        {t('connections.deleteBody')}
      </ConfirmDelete>
    </Stack>
  );
}
