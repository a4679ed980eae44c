import { ActionIcon, Code, Group, Stack, Text, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight, IconHistory } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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
import { auditSentence } from '../lib/audit-sentence.js';
import { AuditFiltersBar } from './audit-filters-bar.js';

function EntryDetails({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation('operations');
  return (
    <Stack gap="sm" py="xs" px="xs">
      <AuditDiffView before={entry.before} after={entry.after} />
      <Group gap="lg">
        <Text size="xs" c="dimmed">
          {formatDateTime(entry.createdAt)}
        </Text>
        {entry.entityId ? (
          <Text size="xs" c="dimmed">
            {t('audit.entityLabel')} <Code fz="xs">{entry.entityId}</Code>
          </Text>
        ) : null}
        {entry.requestId ? (
          <Text size="xs" c="dimmed">
            {t('audit.request')} <Code fz="xs">{entry.requestId}</Code>
          </Text>
        ) : null}
      </Group>
    </Stack>
  );
}

export function AuditLog() {
  const { t } = useTranslation('operations');
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
      <PageHeader title={t('audit.title')} description={t('audit.description')} />
        <ListFrame
          query={log}
          count={items.length}
          toolbar={
            <>
              <AuditFiltersBar value={filters} onChange={setFilters} rangeError={reversed} />
              {reversed ? (
                <Text size="sm" c="red" px="md" pb="sm" mt={-6}>
                  {t('audit.reversed')}
                </Text>
              ) : null}
            </>
          }
          empty={{
            icon: <IconHistory size={24} />,
            title: filtered ? t('audit.emptyNoMatchTitle') : t('audit.emptyNoneTitle'),
            body: filtered ? t('audit.emptyNoMatchBody') : t('audit.emptyNoneBody'),
          }}
        >
          <ListTable
            label={t('audit.title')}
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
                headerLabel: t('diff.changes'),
                width: 52,
                render: (entry) => {
                  const open = expanded.has(entry.id);
                  return (
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-expanded={open}
                      aria-label={t(open ? 'audit.hideChanges' : 'audit.showChanges', { action: entry.action })}
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
                header: t('audit.when'),
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
                key: 'what',
                header: t('audit.whatHappened'),
                // The sentence names the actor and the thing; on a phone it is the whole row.
                render: (entry) => (
                  <Text size="sm" lineClamp={2} data-testid="audit-sentence">
                    {auditSentence(entry, t)}
                  </Text>
                ),
              },
              {
                key: 'action',
                header: t('audit.action'),
                width: 190,
                priority: 'secondary',
                render: (entry) => <AuditActionBadge action={entry.action} />,
              },
            ]}
          />
        </ListFrame>
    </>
  );
}
