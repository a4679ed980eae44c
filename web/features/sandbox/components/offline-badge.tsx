import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export const OFFLINE_MODEL_ID = 'offline-demo';

/** Says plainly that answers come from the built-in demo model, not a real AI provider. */
export function OfflineBadge() {
  const { t } = useTranslation('sandbox');
  return (
    <Tooltip label={t('offline.explanation')} multiline w={260} withArrow>
      <Badge
        size="md"
        tt="none"
        fw={500}
        variant="light"
        color="gray"
        leftSection={<IconPlugConnectedX size={12} />}
        data-testid="offline-badge"
      >
        {t('offline.label')}
      </Badge>
    </Tooltip>
  );
}

/** The quieter per-answer form, under each answer the demo model wrote. */
export function OfflineLabel() {
  const { t } = useTranslation('sandbox');
  return (
    <Tooltip label={t('offline.explanation')} multiline w={260} withArrow>
      <Group gap={4} wrap="nowrap" data-testid="offline-label" c="dimmed">
        <IconPlugConnectedX size={12} aria-hidden />
        <Text size="xs" c="dimmed">
          {t('offline.label')}
        </Text>
      </Group>
    </Tooltip>
  );
}
