import { Button, Group, Modal, MultiSelect, NumberInput, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { flagKeySchema } from '../../../../contracts/flags.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { isApiError } from '../../../lib/http/api-error.js';
import { useCreateFlag } from '../hooks/use-flags.js';
import type { CommunityOption } from './flag-controls.js';

/** Mounted only while open, so the fields start fresh each time. */
export function FlagCreateModal({ communityOptions, onClose }: { communityOptions: CommunityOption[]; onClose: () => void }) {
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
    setRolloutError(badRollout ? 'Enter a whole number from 0 to 100.' : undefined);
    if (!parsedKey.success || badRollout) return;
    create.mutate(
      { key: parsedKey.data, description: description.trim(), enabled, rolloutPercentage: percentage, communityIds },
      {
        onSuccess: (flag) => {
          notifications.show({ color: 'teal', title: 'Flag created', message: `${flag.key} is ${flag.enabled ? 'on' : 'off'}.` });
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
    <Modal opened onClose={onClose} title={<Text fw={650}>New flag</Text>} centered size="lg">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {create.error && !keyOwnedError ? <ErrorAlert error={create.error} /> : null}
          <TextInput
            label="Key"
            description="What the code checks, e.g. sandbox or new_dashboard. Lower-case letters, digits, dots, dashes, underscores."
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
            label="Description"
            placeholder="What switching this on changes, for whom"
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            autosize
            minRows={2}
            maxRows={6}
            maxLength={500}
          />
          <Group grow align="flex-start">
            <NumberInput
              label="Rollout"
              description="Who is in stays in as it grows"
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
              label="Communities"
              description="None chosen: everyone"
              placeholder={communityIds.length === 0 ? 'Everyone' : undefined}
              data={communityOptions}
              value={communityIds}
              onChange={setCommunityIds}
              searchable
              clearable
              hidePickedOptions
              nothingFoundMessage="No community found"
              comboboxProps={{ withinPortal: true }}
            />
          </Group>
          <Switch
            label="Switch on now"
            description="Off by default, so you can set it up first."
            checked={enabled}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
            color="teal"
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={create.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create flag
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
