import { useTranslation } from 'react-i18next';
import { Button, Group, Stack, Text } from '@mantine/core';
import { Dialog } from './dialog.js';
import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { ErrorAlert } from '../errors/error-alert.js';

export function ConfirmModal({
  opened,
  title,
  children,
  confirmLabel,
  danger = false,
  loading = false,
  error,
  onConfirm,
  onClose,
}: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  loading?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('common');
  return (
    <Dialog opened={opened} onClose={onClose} title={<Text fw={600}>{title}</Text>} centered>
      <Stack gap="md">
        <Text size="sm">{children}</Text>
        {error ? <ErrorAlert error={error} /> : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={loading}>
            {t('actions.cancel')}
          </Button>
          {/* red.9: white on the default red is under 4.5:1 (axe color-contrast, issue 25). */}
          <Button color={danger ? 'red.9' : undefined} onClick={onConfirm} loading={loading}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Dialog>
  );
}

interface DeleteMutation<V> {
  mutate(variables: V, options: { onSuccess: () => void }): void;
  reset(): void;
  isPending: boolean;
  error: unknown;
}

/**
 * "Delete X?" for one item of a list: confirms, runs the mutation, says so, and clears the choice.
 * Closing it also clears a failed attempt's error.
 */
export function ConfirmDelete<T, V>({
  item,
  what,
  mutation,
  variables,
  done,
  onClose,
  children,
}: {
  item: T | null;
  /** "community", "user"…: used in the title and the button. */
  what: string;
  mutation: DeleteMutation<V>;
  variables: (item: T) => V;
  /** The confirmation shown once it is deleted. */
  done: (item: T) => string;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation('common');
  return (
    <ConfirmModal
      opened={item !== null}
      title={t('list.deleteTitle', { what })}
      confirmLabel={t('list.deleteAction', { what })}
      danger
      loading={mutation.isPending}
      error={mutation.error}
      onClose={() => {
        onClose();
        mutation.reset();
      }}
      onConfirm={() => {
        if (item === null) return;
        mutation.mutate(variables(item), {
          onSuccess: () => {
            notifications.show({ color: 'teal', message: done(item) });
            onClose();
          },
        });
      }}
    >
      {children}
    </ConfirmModal>
  );
}
