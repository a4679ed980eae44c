import { Center, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function FullPageLoader({ label, fullHeight = true }: { label?: string; fullHeight?: boolean }) {
  const { t } = useTranslation('common');
  return (
    <Center mih={fullHeight ? '100dvh' : 240} data-testid="page-loader" aria-busy="true" role="status">
      <Stack align="center" gap="xs">
        <Loader size="md" type="dots" />
        <Text c="dimmed" size="sm">
          {label ?? t('status.loading')}
        </Text>
      </Stack>
    </Center>
  );
}
