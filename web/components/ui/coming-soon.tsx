import { useTranslation } from 'react-i18next';
import { Badge, Card, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** An honest placeholder for an area that is routed and guarded but not built yet. */
export function ComingSoon({ icon, title, children }: { icon: ReactNode; title: string; children: ReactNode }) {
  const { t } = useTranslation('common');
  return (
    <Card padding="xl" data-testid="coming-soon">
      <Stack align="center" ta="center" gap="sm" py="xl">
        <ThemeIcon size={64} radius="xl" variant="light">
          {icon}
        </ThemeIcon>
        <Badge variant="light" color="gray">
          {t('comingSoon')}
        </Badge>
        <Title order={2} fz={22}>
          {title}
        </Title>
        <Text c="dimmed" maw={480}>
          {children}
        </Text>
      </Stack>
    </Card>
  );
}
