import { useTranslation } from 'react-i18next';
import { Button, Center, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link } from 'react-router';

export function NotAllowedView() {
  const { t } = useTranslation('signed-in');
  return (
    <Center mih={420} p="md" data-testid="not-allowed">
      <Stack align="center" ta="center" gap="sm" maw={460}>
        <ThemeIcon size={64} radius="xl" variant="light" color="orange">
          <IconLock size={32} />
        </ThemeIcon>
        <Title order={1} fz={26}>
          {t('notAllowed.title')}
        </Title>
        <Text c="dimmed">
          {t('notAllowed.body')}
        </Text>
        <Button component={Link} to="/dashboard" mt="sm">
          {t('notAllowed.back')}
        </Button>
      </Stack>
    </Center>
  );
}
