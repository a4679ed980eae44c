import { useTranslation } from 'react-i18next';
import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link } from 'react-router';
import { Brand } from '../ui/brand.js';

export function NotFoundView({ fullHeight = true }: { fullHeight?: boolean }) {
  const { t } = useTranslation('common');
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
          {t('notFound.title')}
        </Title>
        <Text c="dimmed">
          {t('notFound.body')}
        </Text>
        <Button component={Link} to="/" mt="sm" size="md" leftSection={<IconArrowLeft size={18} />}>
          {t('notFound.back')}
        </Button>
      </Stack>
    </Center>
  );
}
