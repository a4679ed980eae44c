import { Button, Group, MultiSelect, NumberInput, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { Dialog } from '../../../components/ui/dialog.js';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { flagKeySchema } from '../../../../contracts/flags.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { isApiError } from '../../../lib/http/api-error.js';
import { useCreateFlag } from '../hooks/use-flags.js';
import type { CommunityOption } from './flag-controls.js';

/** Mounted only while open, so the fields start fresh each time. */
export function FlagCreateModal({ communityOptions, onClose }: { communityOptions: CommunityOption[]; onClose: () => void }) {
  const { t } = useTranslation('operations');
  const [key, setKey] = useState('');
  const [description, setDescription] = useState('');
  const [enabled, setEnabled] = useState(false);
  const [rollout, setRollout] = useState<number | string>(100);
  const [communityIds, setCommunityIds] = useState<string[]>([]);
  const [keyError, setKeyError] = useState<string | undefined>();
  const [rolloutError, setRolloutError] = useState<string | undefined>();
  const create = useCreateFlag();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsedKey = flagKeySchema.safeParse(key.trim());
    const percentage = typeof rollout === 'number' ? rollout : Number.NaN;
    const badRollout = !Number.isInteger(percentage) || percentage < 0 || percentage > 100;
    setKeyError(parsedKey.success ? undefined : parsedKey.error.issues[0]?.message);
    setRolloutError(badRollout ? t('flags.rolloutInvalid') : undefined);
    if (!parsedKey.success || badRollout) return;
    create.mutate(
      { key: parsedKey.data, description: description.trim(), enabled, rolloutPercentage: percentage, communityIds },
      {
        onSuccess: (flag) => {
          notifications.show({ color: 'teal', title: t('flags.created'), message: t(flag.enabled ? 'flags.isOn' : 'flags.isOff', { key: flag.key }) });
          onClose();
        },
        onError: (error) => {
          // The server's own words for a taken or refused key belong next to the key.
          if (isApiError(error) && (error.status === 409 || error.status === 400)) setKeyError(error.message);
        },
      },
    );
  };

  const keyOwnedError = isApiError(create.error) && (create.error.status === 409 || create.error.status === 400);

  return (
    <Dialog opened onClose={onClose} title={<Text fw={650}>{t('flags.new')}</Text>} centered size="lg">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {create.error && !keyOwnedError ? <ErrorAlert error={create.error} /> : null}
          <TextInput
            label={t('flags.key')}
            description={t('flags.keyHint')}
            placeholder="new_dashboard"
            value={key}
            onChange={(e) => {
              setKey(e.currentTarget.value);
              setKeyError(undefined);
            }}
            error={keyError}
            required
            data-autofocus
            autoComplete="off"
            spellCheck={false}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <Textarea
            label={t('flags.description')}
            placeholder={t('flags.descriptionPlaceholder')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            autosize
            minRows={2}
            maxRows={6}
            maxLength={500}
          />
          <Group grow align="flex-start">
            <NumberInput
              label={t('flags.rollout')}
              description={t('flags.rolloutHint')}
              value={rollout}
              onChange={setRollout}
              min={0}
              max={100}
              step={5}
              clampBehavior="strict"
              allowDecimal={false}
              suffix="%"
              error={rolloutError}
            />
            <MultiSelect
              label={t('flags.communities')}
              description={t('flags.communitiesHint')}
              placeholder={communityIds.length === 0 ? t('flags.everyone') : undefined}
              data={communityOptions}
              value={communityIds}
              onChange={setCommunityIds}
              searchable
              clearable
              hidePickedOptions
              nothingFoundMessage={t('flags.noCommunity')}
              comboboxProps={{ withinPortal: true }}
            />
          </Group>
          <Switch
            label={t('flags.switchOn')}
            description={t('flags.switchOnHint')}
            checked={enabled}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
            color="teal"
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={create.isPending}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('flags.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
