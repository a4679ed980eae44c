import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconGitMerge } from '@tabler/icons-react';

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
  if (!mine) {
    return (
      <Alert color="orange" icon={<IconGitMerge size={18} />} title="Changed by someone else meanwhile" data-testid="edit-conflict">
        <Stack gap="xs">
          <Text size="sm">Your changes were not saved. Reload to see their version; what you typed is kept so you can put it back.</Text>
          <Group>
            <Button size="xs" onClick={onReload} loading={reloading}>
              Reload
            </Button>
          </Group>
        </Stack>
      </Alert>
    );
  }
  return (
    <Alert color="blue" icon={<IconGitMerge size={18} />} title="Showing their version; yours is kept below" data-testid="edit-conflict-mine">
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          Your title: {mine.title || '—'}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          Your description: {mine.description || '—'}
        </Text>
        <Group>
          <Button size="xs" onClick={onRestore}>
            Put my changes back
          </Button>
          <Button size="xs" variant="default" onClick={onDismiss}>
            Keep their version
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
