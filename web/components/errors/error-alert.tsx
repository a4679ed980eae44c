import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertTriangle, IconWifiOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { describeError, isApiError } from '../../lib/http/api-error.js';

export function ErrorAlert({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t } = useTranslation('common');
  const described = describeError(error);
  const offline = isApiError(error) && (error.kind === 'network' || error.kind === 'timeout');
  return (
    <Alert
      color={offline ? 'orange' : 'red'}
      variant="light"
      icon={offline ? <IconWifiOff size={18} /> : <IconAlertTriangle size={18} />}
      title={title ?? described.title}
      role="alert"
    >
      <Text size="sm">{described.message}</Text>
      {described.requestId ? (
        <Text size="xs" c="dimmed" mt={4}>
          {t('errors.reference', { id: described.requestId })}
        </Text>
      ) : null}
      {onRetry ? (
        <Group mt="sm">
          <Button size="xs" variant="white" color={offline ? 'orange' : 'red'} onClick={onRetry}>
            {t('actions.retry')}
          </Button>
        </Group>
      ) : null}
    </Alert>
  );
}
