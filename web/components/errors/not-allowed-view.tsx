import { Button, Center, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link } from 'react-router';

export function NotAllowedView() {
  return (
    <Center mih={420} p="md" data-testid="not-allowed">
      <Stack align="center" ta="center" gap="sm" maw={460}>
        <ThemeIcon size={64} radius="xl" variant="light" color="orange">
          <IconLock size={32} />
        </ThemeIcon>
        <Title order={1} fz={26}>
          You don’t have access to this page
        </Title>
        <Text c="dimmed">
          This area is for administrators. If you think you should have access, ask an administrator of your
          organisation.
        </Text>
        <Button component={Link} to="/dashboard" mt="sm">
          Go to your dashboard
        </Button>
      </Stack>
    </Center>
  );
}
