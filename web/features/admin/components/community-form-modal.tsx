import { Button, Group, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { Dialog } from '../../../components/ui/dialog.js';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { communityInputSchema, type Community } from '../../../../contracts/communities.js';
import { EditConflictNotice, type TheirValue } from '../../../components/errors/edit-conflict-notice.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { isEditConflict } from '../../../lib/http/api-error.js';
import { fieldErrors } from '../../../lib/form-errors.js';
import { communityEtag } from '../api/communities-api.js';
import { useCreateCommunity, useReloadCommunity, useUpdateCommunity } from '../hooks/use-communities.js';

/** Create (no `community`) or edit a community. Mount it only while open so the fields start fresh. */
export function CommunityFormModal({
  community,
  onClose,
  onCreated,
}: {
  community?: Community;
  onClose: () => void;
  onCreated?: (community: Community) => void;
}) {
  const { t } = useTranslation('admin');
  const [name, setName] = useState(community?.name ?? '');
  const [description, setDescription] = useState(community?.description ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useCreateCommunity();
  const update = useUpdateCommunity(community?.id ?? '');
  const reload = useReloadCommunity(community?.id ?? '');
  const mutation = community ? update : create;
  // The version the form opened on: a save over someone else's newer one is refused (412), and the
  // modal stays open with what was typed. Reload moves it to their version, keeping the typed text.
  const [ifMatch, setIfMatch] = useState(() => (community ? communityEtag(community.id) : undefined));
  const [theirs, setTheirs] = useState<TheirValue[] | null>(null);
  const [reloading, setReloading] = useState(false);
  const conflict = isEditConflict(update.error);

  const onReload = async () => {
    if (!community) return;
    setReloading(true);
    try {
      const current = await reload();
      setIfMatch(communityEtag(community.id));
      setTheirs([
        { label: t('communityForm.name'), value: current.name },
        { label: t('communityForm.description'), value: current.description ?? '' },
      ]);
      update.reset();
    } finally {
      setReloading(false);
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = communityInputSchema.safeParse({ name, description });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    if (community) {
      setTheirs(null);
      update.mutate({ input: parsed.data, ...(ifMatch ? { ifMatch } : {}) }, {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', message: t('communityForm.saved', { name: saved.name }) });
          onClose();
        },
      });
    } else {
      create.mutate(parsed.data, {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', title: t('communityForm.created'), message: saved.name });
          onClose();
          onCreated?.(saved);
        },
      });
    }
  };

  return (
    <Dialog
      opened
      onClose={onClose}
      title={<Text fw={650}>{community ? t('communityForm.editTitle') : t('communityForm.newTitle')}</Text>}
      centered
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {conflict || theirs ? (
            <EditConflictNotice keeps="mine-in-form" reloaded={theirs ? { kept: 'mine-in-form', theirs } : null} reloading={reloading} onReload={() => void onReload()} />
          ) : mutation.error ? (
            <ErrorAlert error={mutation.error} />
          ) : null}
          <TextInput
            label={t('communityForm.name')}
            placeholder={t('communityForm.namePlaceholder')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            required
            data-autofocus
          />
          <Textarea
            label={t('communityForm.description')}
            placeholder={t('communityForm.descriptionPlaceholder')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={errors.description}
            autosize
            minRows={3}
            maxRows={8}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={mutation.isPending}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {community ? t('communityForm.save') : t('communityForm.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
