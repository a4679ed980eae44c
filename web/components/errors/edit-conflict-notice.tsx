import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconGitMerge } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export interface TheirValue {
  label: string;
  value: string;
}

/**
 * A save refused with 412 edit_conflict, for editors whose fields are few (community, profile).
 * Before Reload: the person's text is in the form, unsaved. After Reload: the form now edits the
 * newer version (its ETag) yet still holds what the person typed; their colleague's values are
 * listed here, so saving again replaces them knowingly and nothing is lost unseen.
 */
export function EditConflictNotice({
  theirs,
  reloading,
  onReload,
}: {
  theirs: TheirValue[] | null;
  reloading: boolean;
  onReload: () => void;
}) {
  const { t } = useTranslation('signed-in');
  if (!theirs) {
    return (
      <Alert color="orange" icon={<IconGitMerge size={18} />} title={t('conflict.title')} data-testid="edit-conflict" role="alert">
        <Stack gap="xs">
          <Text size="sm">{t('conflict.notSaved')}</Text>
          <Group>
            <Button size="xs" onClick={onReload} loading={reloading}>
              {t('common:actions.reload')}
            </Button>
          </Group>
        </Stack>
      </Alert>
    );
  }
  return (
    <Alert color="blue" icon={<IconGitMerge size={18} />} title={t('conflict.reloadedTitle')} data-testid="edit-conflict-reloaded">
      <Stack gap={4}>
        <Text size="sm">{t('conflict.reloaded')}</Text>
        {theirs.map((item) => (
          <Text key={item.label} size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            <Text span fw={600}>
              {t('conflict.theirValue', { label: item.label })}
            </Text>{' '}
            {item.value || '—'}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}
