import { useTranslation } from 'react-i18next';
import { Button, Group, Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** Shown while rows are selected: how many, the actions for them, and a way to clear the selection. */
export function BulkBar({ count, onClear, children }: { count: number; onClear: () => void; children: ReactNode }) {
  const { t } = useTranslation('common');
  if (count === 0) return null;
  return (
    <Paper mx="md" mb="md" px="md" py="xs" radius="md" bg="var(--mantine-color-violet-light)" data-testid="bulk-bar" role="region" aria-label={t('list.selectedItems')}>
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Group gap="xs">
          <Text size="sm" fw={600} aria-live="polite">
            {t('list.selected', { count })}
          </Text>
          <Button size="compact-xs" variant="subtle" color="gray" onClick={onClear}>
            {t('list.clear')}
          </Button>
        </Group>
        <Group gap="xs" wrap="wrap">
          {children}
        </Group>
      </Group>
    </Paper>
  );
}
