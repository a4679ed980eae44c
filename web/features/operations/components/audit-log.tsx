import { ActionIcon, Card, Code, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight, IconHistory } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import type { AuditEntry } from '../../../../contracts/audit.js';
import { EmptyState } from '../../../components/ui/empty-state.js';
import { PageHeader } from '../../../components/ui/page-header.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { useAuditLog } from '../hooks/use-audit.js';
import {
  emptyAuditFilters,
  hasAuditFilters,
  isReversedRange,
  toAuditQuery,
  type AuditFilterValues,
} from '../lib/audit-filters.js';
import { formatDateTime, formatRelative } from '../lib/format.js';
import { AuditActionBadge } from './audit-action-badge.js';
import { AuditDiffView } from './audit-diff-view.js';
import { AuditFiltersBar, entityTypeOptions } from './audit-filters-bar.js';
import { LoadMore } from '../../../components/ui/load-more.js';

const entityLabel = new Map(entityTypeOptions.map((o) => [o.value, o.label]));
const COLUMNS = 5;

function EntryDetails({ entry }: { entry: AuditEntry }) {
  return (
    <Stack gap="sm" py="xs" px="xs">
      <AuditDiffView before={entry.before} after={entry.after} />
      <Group gap="lg">
        <Text size="xs" c="dimmed">
          {formatDateTime(entry.createdAt)}
        </Text>
        {entry.entityId ? (
          <Text size="xs" c="dimmed">
            Entity <Code fz="xs">{entry.entityId}</Code>
          </Text>
        ) : null}
        {entry.requestId ? (
          <Text size="xs" c="dimmed">
            Request <Code fz="xs">{entry.requestId}</Code>
          </Text>
        ) : null}
      </Group>
    </Stack>
  );
}

export function AuditLog() {
  const [filters, setFilters] = useState<AuditFilterValues>(emptyAuditFilters);
  // Typing an action prefix should not send a request per key stroke.
  const [debouncedAction] = useDebouncedValue(filters.action, 300);
  const reversed = isReversedRange(filters);
  const query = toAuditQuery({ ...filters, action: debouncedAction });
  const log = useAuditLog(query);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = hasAuditFilters(filters);

  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <>
      <PageHeader title="Audit log" description="Who changed what, and when. Newest first; open an entry to see exactly what changed." />
      <Card padding={0}>
        <AuditFiltersBar value={filters} onChange={setFilters} rangeError={reversed} />
        {reversed ? (
          <Text size="sm" c="red" px="md" pb="sm" mt={-6}>
            The start date is after the end date, so nothing can match.
          </Text>
        ) : null}
        <QueryGate pending={log.isPending} error={log.error} onRetry={() => void log.refetch()}>
          {items.length === 0 ? (
            <EmptyState icon={<IconHistory size={24} />} title={filtered ? 'Nothing matches' : 'Nothing recorded yet'}>
              {filtered ? 'Try a wider date range or clear the filters.' : 'Changes made by admins will be listed here.'}
            </EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={860}>
              <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Audit log" style={{ opacity: log.isPlaceholderData ? 0.6 : 1 }}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={44} aria-label="Details" />
                    <Table.Th w={150}>When</Table.Th>
                    <Table.Th>Actor</Table.Th>
                    <Table.Th>Action</Table.Th>
                    <Table.Th>Entity</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((entry) => {
                    const open = expanded.has(entry.id);
                    return (
                      <Fragment key={entry.id}>
                        <Table.Tr
                          data-testid={`audit-row-${entry.id}`}
                          data-action={entry.action}
                          onClick={() => toggle(entry.id)}
                          style={{ cursor: 'pointer', background: open ? 'var(--mantine-color-default-hover)' : undefined }}
                        >
                          <Table.Td>
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              aria-expanded={open}
                              aria-label={open ? `Hide changes of ${entry.action}` : `Show changes of ${entry.action}`}
                              onClick={(e) => {
                                e.stopPropagation();
                                toggle(entry.id);
                              }}
                            >
                              {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                            </ActionIcon>
                          </Table.Td>
                          <Table.Td>
                            <Tooltip label={formatDateTime(entry.createdAt)} withinPortal>
                              <Text size="sm" component="span">
                                {formatRelative(entry.createdAt)}
                              </Text>
                            </Tooltip>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm" truncate maw={260}>
                              {entry.actorEmail ?? (entry.actorId ? 'Deleted user' : 'System')}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            <AuditActionBadge action={entry.action} />
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm" truncate maw={280}>
                              {entityLabel.get(entry.entityType) ?? entry.entityType}
                              {entry.entityId ? (
                                <Text span c="dimmed" ff="monospace" size="xs" ml={6}>
                                  {entry.entityId}
                                </Text>
                              ) : null}
                            </Text>
                          </Table.Td>
                        </Table.Tr>
                        {open ? (
                          <Table.Tr data-testid={`audit-details-${entry.id}`}>
                            <Table.Td colSpan={COLUMNS} style={{ background: 'var(--mantine-color-body)' }}>
                              <EntryDetails entry={entry} />
                            </Table.Td>
                          </Table.Tr>
                        ) : null}
                      </Fragment>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <LoadMore query={log} spacing="md" />
        </QueryGate>
      </Card>
    </>
  );
}
