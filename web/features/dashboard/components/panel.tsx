import { useTranslation } from 'react-i18next';
import { i18n } from '../../../lib/i18n.js';
import { Box, Button, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { ApiError } from '../../../lib/http/api-error.js';
import { getRequestTimeoutMs } from '../../../lib/http/session.js';
import { useDeadline } from '../../../lib/use-deadline.js';

const tooSlow = () =>
  new ApiError({
    kind: 'timeout',
    status: 0,
    code: 'timeout',
    message: i18n.t('dashboard:panel.tooSlow'),
  });

/** A dashboard card: title, optional subtitle and actions, then its body. */
export function Panel({
  title,
  description,
  actions,
  children,
  testId,
}: {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Card padding="lg" h="100%" data-testid={testId}>
      {title || actions ? (
      <Group justify="space-between" align="flex-start" mb="md" gap="sm" wrap="nowrap">
        <Stack gap={2} style={{ minWidth: 0 }}>
          {/* A real heading: a bold <p> as a panel's title is a heading only to the eye (axe p-as-heading, issue 25). */}
          <Title order={2} fz="md" fw={650}>
            {title}
          </Title>
          {description ? (
            <Text size="xs" c="dimmed">
              {description}
            </Text>
          ) : null}
        </Stack>
        {actions ? <Group gap="xs" wrap="nowrap">{actions}</Group> : null}
      </Group>
      ) : null}
      {children}
    </Card>
  );
}

/**
 * One panel's query: skeleton while loading (bounded by the request timeout), its own error with
 * Retry, the empty state, or the content. A refetch keeps the previous answer, slightly faded.
 */
export function PanelQuery<T>({
  query,
  skeleton,
  isEmpty,
  empty,
  children,
}: {
  query: UseQueryResult<T>;
  skeleton: ReactNode;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation('common');
  const late = useDeadline(query.isPending && query.fetchStatus === 'fetching', getRequestTimeoutMs() + 1_000);
  const retry = () => void query.refetch();
  if (query.isError || late) return <ErrorAlert error={query.error ?? tooSlow()} onRetry={retry} />;
  if (query.isPending) {
    return (
      <Box role="status" aria-label={t('status.loading')} data-testid="panel-loading">
        {skeleton}
      </Box>
    );
  }
  const data = query.data;
  const body = isEmpty?.(data) && empty ? empty : children(data);
  return (
    <Box
      style={{ opacity: query.isPlaceholderData ? 0.55 : 1, transition: 'opacity 150ms ease' }}
      aria-busy={query.isPlaceholderData || undefined}
    >
      {body}
    </Box>
  );
}

export function ChartSkeleton({ height = 260 }: { height?: number }) {
  return <Skeleton height={height} radius="md" />;
}

export function TableSkeleton({ rows = 5 }: { rows?: number }) {
  return (
    <Stack gap="sm">
      <Skeleton height={14} width="40%" radius="sm" />
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={28} radius="sm" />
      ))}
    </Stack>
  );
}

export function CsvButton({ onClick, disabled, label }: { onClick: () => void; disabled?: boolean; label: string }) {
  return (
    <Button
      size="xs"
      variant="default"
      leftSection={<IconDownload size={14} />}
      onClick={onClick}
      disabled={disabled}
      aria-label={label}
    >
      CSV
    </Button>
  );
}
