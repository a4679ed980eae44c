import { Button, Code, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Flag } from '../../../../contracts/flags.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { useUpdateFlag } from '../hooks/use-flags.js';

export function FlagDescriptionModal({ flag, onClose }: { flag: Flag; onClose: () => void }) {
  const { t } = useTranslation('operations');
  const [description, setDescription] = useState(flag.description);
  const update = useUpdateFlag();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    update.mutate(
      { key: flag.key, patch: { description: description.trim() } },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('flags.descriptionSaved', { key: flag.key }) });
          onClose();
        },
      },
    );
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={
        <Group gap="xs">
          <Text fw={650}>{t('flags.editDescriptionOf')}</Text>
          <Code fz="sm">{flag.key}</Code>
        </Group>
      }
      centered
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {update.error ? <ErrorAlert error={update.error} /> : null}
          <Textarea
            label={t('flags.description')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            autosize
            minRows={3}
            maxRows={8}
            maxLength={500}
            data-autofocus
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={update.isPending}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={update.isPending}>
              {t('common:actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
