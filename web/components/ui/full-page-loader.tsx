import { Center, Loader, Stack, Text } from '@mantine/core';

export function FullPageLoader({ label = 'Loading…', fullHeight = true }: { label?: string; fullHeight?: boolean }) {
  return (
    <Center mih={fullHeight ? '100dvh' : 240} data-testid="page-loader" aria-busy="true" role="status">
      <Stack align="center" gap="xs">
        <Loader size="md" type="dots" />
        <Text c="dimmed" size="sm">
          {label}
        </Text>
      </Stack>
    </Center>
  );
}
