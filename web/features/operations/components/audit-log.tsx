import { ActionIcon, Code, Group, Stack, Text, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight, IconHistory } from '@tabler/icons-react';
import { useState } from 'react';
import type { AuditEntry } from '../../../../contracts/audit.js';
import { pagedItems } from '../../../components/list/infinite-pages.js';
import { ListFrame } from '../../../components/list/list-frame.js';
import { ListTable } from '../../../components/list/list-table.js';
import { PageHeader } from '../../../components/ui/page-header.js';
import { useAuditLog } from '../hooks/use-audit.js';
import {
  emptyAuditFilters,
  hasAuditFilters,
  isReversedRange,
  toAuditQuery,
  type AuditFilterValues,
} from '../lib/audit-filters.js';
import { formatAgo, formatDateTime } from '../../../lib/format.js';
import { AuditActionBadge } from './audit-action-badge.js';
import { AuditDiffView } from './audit-diff-view.js';
import { AuditFiltersBar, entityTypeOptions } from './audit-filters-bar.js';

const entityLabel = new Map(entityTypeOptions.map((o) => [o.value, o.label]));

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
  const items = pagedItems(log.data);
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
        <ListFrame
          query={log}
          count={items.length}
          toolbar={
            <>
              <AuditFiltersBar value={filters} onChange={setFilters} rangeError={reversed} />
              {reversed ? (
                <Text size="sm" c="red" px="md" pb="sm" mt={-6}>
                  The start date is after the end date, so nothing can match.
                </Text>
              ) : null}
            </>
          }
          empty={{
            icon: <IconHistory size={24} />,
            title: filtered ? 'Nothing matches' : 'Nothing recorded yet',
            body: filtered ? 'Try a wider date range or clear the filters.' : 'Changes made by admins will be listed here.',
          }}
        >
          <ListTable
            label="Audit log"
            rows={items}
            rowKey={(entry) => entry.id}
            stale={log.isPlaceholderData}
            onRowClick={(entry) => toggle(entry.id)}
            rowData={(entry) => ({ 'data-testid': `audit-row-${entry.id}`, 'data-action': entry.action })}
            details={(entry) => (expanded.has(entry.id) ? <EntryDetails entry={entry} /> : null)}
            detailsData={(entry) => ({ 'data-testid': `audit-details-${entry.id}` })}
            columns={[
              {
                key: 'toggle',
                header: '',
                width: 52,
                render: (entry) => {
                  const open = expanded.has(entry.id);
                  return (
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
                  );
                },
              },
              {
                key: 'when',
                header: 'When',
                width: 130,
                priority: 'secondary',
                render: (entry) => (
                  <Tooltip label={formatDateTime(entry.createdAt)} withinPortal>
                    <Text size="sm" component="span">
                      {formatAgo(entry.createdAt)}
                    </Text>
                  </Tooltip>
                ),
              },
              {
                key: 'actor',
                header: 'Actor',
                render: (entry) => (
                  <Text size="sm" truncate="end">
                    {entry.actorEmail ?? (entry.actorId ? 'Deleted user' : 'System')}
                  </Text>
                ),
              },
              { key: 'action', header: 'Action', render: (entry) => <AuditActionBadge action={entry.action} /> },
              {
                key: 'entity',
                header: 'Entity',
                priority: 'secondary',
                render: (entry) => (
                  <Text size="sm" truncate="end">
                    {entityLabel.get(entry.entityType) ?? entry.entityType}
                    {entry.entityId ? (
                      <Text span c="dimmed" ff="monospace" size="xs" ml={6}>
                        {entry.entityId}
                      </Text>
                    ) : null}
                  </Text>
                ),
              },
            ]}
          />
        </ListFrame>
    </>
  );
}
