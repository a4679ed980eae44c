import { ActionIcon, Badge, Button, Card, Code, Group, SegmentedControl, Stack, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorGroup } from '../../../../contracts/error-groups.js';
import { InfinitePages } from '../../../components/list/infinite-pages.js';
import { EmptyState } from '../../../components/ui/empty-state.js';
import { PageHeader } from '../../../components/ui/page-header.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { formatAgo, formatDateTime, formatNumber } from '../../../lib/format.js';
import { describeError } from '../../../lib/http/api-error.js';
import type { ErrorSource } from '../api/error-groups-api.js';
import { useErrorGroups, useResolveErrorGroup } from '../hooks/use-error-groups.js';
import { TableScroll } from '../../../components/list/list-table.js';

const COLUMNS = 6;

function When({ value }: { value: string }) {
  return (
    <Tooltip label={formatDateTime(value)} withinPortal>
      <Text size="sm" component="span">
        {formatAgo(value)}
      </Text>
    </Tooltip>
  );
}

function GroupDetails({ group }: { group: ErrorGroup }) {
  const { t } = useTranslation('operations');
  const resolve = useResolveErrorGroup();
  return (
    <Stack gap="sm" py="xs" px="xs">
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {group.message}
      </Text>
      {group.stack ? (
        <Code block fz="xs" style={{ maxHeight: 240, overflow: 'auto' }}>
          {group.stack}
        </Code>
      ) : null}
      <Group gap="lg" justify="space-between">
        <Group gap="lg">
          <Text size="xs" c="dimmed">
            {t('errors.firstSeen', { date: formatDateTime(group.firstSeen) })}
          </Text>
          {group.lastRequestId ? (
            <Text size="xs" c="dimmed">
              {t('errors.lastRequest')} <Code fz="xs">{group.lastRequestId}</Code>
            </Text>
          ) : null}
        </Group>
        <Button
          size="xs"
          variant="light"
          loading={resolve.isPending}
          onClick={() =>
            resolve.mutate(group.fingerprint, {
              onSuccess: () => notifications.show({ color: 'green', message: t('errors.resolved') }),
              onError: (error) => notifications.show({ color: 'red', ...describeError(error) }),
            })
          }
        >
          {t('errors.resolve')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Server failures and web-app crashes, one row per kind of failure, most recent first. */
export function ErrorGroupsList() {
  const { t } = useTranslation('operations');
  const [source, setSource] = useState<'all' | ErrorSource>('all');
  const groups = useErrorGroups(source === 'all' ? null : source);
  const [open, setOpen] = useState<string | null>(null);
  const items = groups.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader title={t('errors.title')} description={t('errors.description')} />
      <Card padding={0}>
        <Group p="md">
          <SegmentedControl
            aria-label={t('errors.where')}
            value={source}
            onChange={(value) => setSource(value as 'all' | ErrorSource)}
            data={[
              { value: 'all', label: t('errors.all') },
              { value: 'server', label: t('errors.server') },
              { value: 'client', label: t('errors.client') },
            ]}
          />
        </Group>
        <QueryGate pending={groups.isPending} error={groups.error} onRetry={() => void groups.refetch()}>
          {items.length === 0 ? (
            <EmptyState icon={<IconAlertTriangle size={24} />} title={t('errors.emptyTitle')}>
              {t('errors.emptyBody')}
            </EmptyState>
          ) : (
            <TableScroll minWidth={760} label={t('errors.groups')}>
              <Table verticalSpacing="sm" horizontalSpacing="md" aria-label={t('errors.groups')} style={{ opacity: groups.isPlaceholderData ? 0.6 : 1 }}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={44} aria-label={t('errors.columns.details')} />
                    <Table.Th>{t('errors.columns.error')}</Table.Th>
                    <Table.Th>{t('errors.columns.where')}</Table.Th>
                    <Table.Th w={90} ta="right">
                      {t('errors.columns.count')}
                    </Table.Th>
                    <Table.Th w={120}>{t('errors.columns.lastSeen')}</Table.Th>
                    <Table.Th w={120}>{t('errors.columns.source')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((group) => {
                    const isOpen = open === group.fingerprint;
                    return (
                      <Fragment key={group.fingerprint}>
                        <Table.Tr data-testid="error-group" onClick={() => setOpen(isOpen ? null : group.fingerprint)} style={{ cursor: 'pointer' }}>
                          <Table.Td>
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              aria-expanded={isOpen}
                              aria-label={t(isOpen ? 'errors.hideDetails' : 'errors.showDetails', { name: group.name })}
                              onClick={(e) => {
                                e.stopPropagation();
                                setOpen(isOpen ? null : group.fingerprint);
                              }}
                            >
                              {isOpen ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                            </ActionIcon>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm" fw={600}>
                              {group.name}
                            </Text>
                            <Text size="xs" c="dimmed" lineClamp={1} maw={420}>
                              {group.message}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            <Text size="xs" ff="monospace" truncate maw={260}>
                              {group.location}
                            </Text>
                          </Table.Td>
                          <Table.Td ta="right">
                            <Text size="sm" fw={600} data-testid="error-group-count">
                              {formatNumber(group.count)}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            <When value={group.lastSeen} />
                          </Table.Td>
                          <Table.Td>
                            <Badge variant="light" color={group.source === 'server' ? 'red' : 'orange'}>
                              {group.source === 'server' ? t('errors.server') : t('errors.client')}
                            </Badge>
                          </Table.Td>
                        </Table.Tr>
                        {isOpen ? (
                          <Table.Tr>
                            <Table.Td colSpan={COLUMNS}>
                              <GroupDetails group={group} />
                            </Table.Td>
                          </Table.Tr>
                        ) : null}
                      </Fragment>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </TableScroll>
          )}
          <InfinitePages query={groups} />
        </QueryGate>
      </Card>
    </>
  );
}
