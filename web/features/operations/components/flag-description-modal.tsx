import { Button, Code, Group, Stack, Text, Textarea } from '@mantine/core';
import { Dialog } from '../../../components/ui/dialog.js';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Flag } from '../../../../contracts/flags.js';
import { EditConflictNotice, type TheirValue } from '../../../components/errors/edit-conflict-notice.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { isEditConflict } from '../../../lib/http/api-error.js';
import { flagsEtag } from '../api/flags-api.js';
import { useReloadFlags, useUpdateFlag } from '../hooks/use-flags.js';

export function FlagDescriptionModal({ flag, onClose }: { flag: Flag; onClose: () => void }) {
  const { t } = useTranslation('operations');
  const [description, setDescription] = useState(flag.description);
  const update = useUpdateFlag();
  const reload = useReloadFlags();
  // The version the text is based on (If-Match): a newer list loaded meanwhile does not move it.
  const [ifMatch, setIfMatch] = useState(() => flagsEtag());
  const [theirs, setTheirs] = useState<TheirValue[] | null>(null);
  const [reloading, setReloading] = useState(false);

  const onReload = async () => {
    setReloading(true);
    try {
      const list = await reload();
      setIfMatch(flagsEtag());
      setTheirs([{ label: t('flagDescription.label'), value: list.items.find((f) => f.key === flag.key)?.description ?? '' }]);
      update.reset();
    } finally {
      setReloading(false);
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTheirs(null);
    update.mutate(
      { key: flag.key, patch: { description: description.trim() }, ifMatch },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('flagDescription.saved', { key: flag.key }) });
          onClose();
        },
      },
    );
  };

  return (
    <Dialog
      opened
      onClose={onClose}
      title={
        <Group gap="xs">
          <Text fw={650}>{t('flagDescription.title')}</Text>
          <Code fz="sm">{flag.key}</Code>
        </Group>
      }
      centered
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {isEditConflict(update.error) || theirs ? (
            <EditConflictNotice keeps="mine-in-form" reloaded={theirs ? { kept: 'mine-in-form', theirs } : null} reloading={reloading} onReload={() => void onReload()} />
          ) : update.error ? (
            <ErrorAlert error={update.error} />
          ) : null}
          <Textarea
            label={t('flagDescription.label')}
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
    </Dialog>
  );
}
