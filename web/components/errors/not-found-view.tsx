import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link } from 'react-router';
import { Brand } from '../ui/brand.js';

export function NotFoundView({ fullHeight = true }: { fullHeight?: boolean }) {
  return (
    <Center mih={fullHeight ? '100dvh' : 420} p="md" data-testid="not-found">
      <Stack align="center" ta="center" gap="sm" maw={440}>
        {fullHeight ? (
          <div style={{ marginBottom: 24 }}>
            <Brand />
          </div>
        ) : null}
        <Text
          fw={900}
          fz={{ base: 96, sm: 128 }}
          lh={1}
          variant="gradient"
          gradient={{ from: 'violet.5', to: 'indigo.4', deg: 135 }}
          aria-hidden
        >
          404
        </Text>
        <Title order={1} fz={26}>
          Page not found
        </Title>
        <Text c="dimmed">
          The page you are looking for does not exist, or it has moved. Check the address, or head back to your
          dashboard.
        </Text>
        <Button component={Link} to="/" mt="sm" size="md" leftSection={<IconArrowLeft size={18} />}>
          Back to home
        </Button>
      </Stack>
    </Center>
  );
}
