import { Button, Center, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconRefresh, IconWifiOff } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A full error state: what happened, and a way out (Retry, Sign out, or a link). */
export function ErrorScreen({
  title,
  message,
  requestId,
  offline = false,
  onRetry,
  retryLabel,
  retrying = false,
  onSignOut,
  children,
  fullHeight = true,
}: {
  title: string;
  message: ReactNode;
  requestId?: string | undefined;
  offline?: boolean;
  onRetry?: () => void;
  /** The retry button's label when "Retry" is not the right word (Reload). */
  retryLabel?: string;
  retrying?: boolean;
  onSignOut?: () => void;
  children?: ReactNode;
  fullHeight?: boolean;
}) {
  const { t } = useTranslation('common');
  return (
    <Center mih={fullHeight ? '100dvh' : 360} p="md" data-testid="error-screen">
      <Paper withBorder radius="lg" p="xl" maw={460} w="100%" shadow="sm">
        <Stack align="center" ta="center" gap="sm">
          <ThemeIcon size={56} radius="xl" variant="light" color={offline ? 'orange' : 'red'}>
            {offline ? <IconWifiOff size={28} /> : <IconAlertTriangle size={28} />}
          </ThemeIcon>
          <Title order={2} fz={22}>
            {title}
          </Title>
          <Text c="dimmed" size="sm">
            {message}
          </Text>
          {requestId ? (
            <Text size="xs" c="dimmed">
              {t('errors.reference', { id: requestId })}
            </Text>
          ) : null}
          <Group mt="sm" justify="center">
            {onRetry ? (
              <Button leftSection={<IconRefresh size={16} />} onClick={onRetry} loading={retrying}>
                {retryLabel ?? t('actions.retry')}
              </Button>
            ) : null}
            {onSignOut ? (
              <Button variant="default" onClick={onSignOut}>
                {t('actions.signOut')}
              </Button>
            ) : null}
            {children}
          </Group>
        </Stack>
      </Paper>
    </Center>
  );
}
