import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconGitMerge } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/**
 * A save refused because someone else saved meanwhile (412 edit_conflict). Before Reload: the
 * person's edits are still in the form. After Reload: the form shows the other version and the
 * person's own text stays here, visible, until they put it back or dismiss it.
 */
export function EditConflictAlert({
  mine,
  reloading,
  onReload,
  onRestore,
  onDismiss,
}: {
  mine: { title: string; description: string } | null;
  reloading: boolean;
  onReload: () => void;
  onRestore: () => void;
  onDismiss: () => void;
}) {
  const { t } = useTranslation('content');
  if (!mine) {
    return (
      <Alert color="orange" icon={<IconGitMerge size={18} />} title={t('conflict.title')} data-testid="edit-conflict">
        <Stack gap="xs">
          <Text size="sm">{t('conflict.body')}</Text>
          <Group>
            <Button size="xs" onClick={onReload} loading={reloading}>
              {t('conflict.reload')}
            </Button>
          </Group>
        </Stack>
      </Alert>
    );
  }
  return (
    <Alert color="blue" icon={<IconGitMerge size={18} />} title={t('conflict.mineTitle')} data-testid="edit-conflict-mine">
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          {t('conflict.yourTitle', { title: mine.title || '—' })}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {t('conflict.yourDescription', { description: mine.description || '—' })}
        </Text>
        <Group>
          <Button size="xs" onClick={onRestore}>
            {t('conflict.restore')}
          </Button>
          <Button size="xs" variant="default" onClick={onDismiss}>
            {t('conflict.keepTheirs')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
