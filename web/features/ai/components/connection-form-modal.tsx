import { Alert, Button, Group, PasswordInput, Select, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { Dialog } from '../../../components/ui/dialog.js';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AiConnection, aiProviders, type AiProvider } from '../../../../contracts/ai.js';
import { useSaveConnection } from '../hooks/use-ai.js';

interface Draft {
  name: string;
  provider: AiProvider;
  baseUrl: string;
  apiKey: string;
  removeKey: boolean;
  models: string[];
  promptLab: boolean;
}

/** Adds or edits a connection. The key is write-only: a saved one shows as set and is never filled in. */
export function ConnectionFormModal({ connection, opened, onClose }: { connection: AiConnection | null; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('ai');
  const save = useSaveConnection();
  const [draft, setDraft] = useState<Draft>(() => ({
    name: connection?.name ?? '',
    provider: connection?.provider ?? 'openai',
    baseUrl: connection?.baseUrl ?? '',
    apiKey: '',
    removeKey: false,
    models: connection?.models ?? [],
    promptLab: connection?.promptLab ?? true,
  }));
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = () => {
    const common = { name: draft.name, provider: draft.provider, baseUrl: draft.baseUrl.trim() || null, models: draft.models, promptLab: draft.promptLab };
    const apiKey = draft.apiKey.trim();
    const variables = connection
      ? { id: connection.id, patch: { ...common, ...(apiKey ? { apiKey } : draft.removeKey ? { apiKey: null } : {}) } }
      : { id: null, create: { ...common, ...(apiKey ? { apiKey } : {}) } };
    save.mutate(variables, {
      onSuccess: (saved) => {
        notifications.show({ color: 'teal', message: t('form.saved', { name: saved.name }), autoClose: 2500 });
        onClose();
      },
    });
  };

  return (
    <Dialog opened={opened} onClose={onClose} title={connection ? t('form.editTitle', { name: connection.name }) : t('form.addTitle')} size="lg">
      <Stack gap="md">
        <TextInput label={t('form.name')} placeholder={t('form.namePlaceholder')} value={draft.name} onChange={(e) => set({ name: e.currentTarget.value })} required data-autofocus />
        <Select
          label={t('form.provider')}
          data={aiProviders.map((p) => ({ value: p, label: t(`providers.${p}`) }))}
          value={draft.provider}
          onChange={(v) => v && set({ provider: v as AiProvider })}
          allowDeselect={false}
        />
        <TextInput label={t('form.baseUrl')} description={t(`form.baseUrlHint.${draft.provider}`)} placeholder="https://…" value={draft.baseUrl} onChange={(e) => set({ baseUrl: e.currentTarget.value })} />
        <PasswordInput
          label={t('form.apiKey')}
          description={connection?.apiKeySet ? t('form.apiKeySetHint') : t('form.apiKeyHint')}
          placeholder={connection?.apiKeySet ? t('form.apiKeySetPlaceholder') : t('form.apiKeyPlaceholder')}
          value={draft.apiKey}
          onChange={(e) => set({ apiKey: e.currentTarget.value, removeKey: false })}
          autoComplete="off"
        />
        {connection?.apiKeySet ? (
          <Switch label={t('form.removeKey')} checked={draft.removeKey} onChange={(e) => set({ removeKey: e.currentTarget.checked, apiKey: '' })} />
        ) : null}
        <TagsInput
          label={t('form.models')}
          description={t('form.modelsHint')}
          placeholder={t('form.modelsPlaceholder')}
          value={draft.models}
          onChange={(models) => set({ models })}
          required
        />
        <Switch label={t('form.promptLab')} description={t('form.promptLabHint')} checked={draft.promptLab} onChange={(e) => set({ promptLab: e.currentTarget.checked })} />
        {save.error ? (
          <Alert color="red" title={t('form.notSaved')}>
            {save.error.message}
          </Alert>
        ) : null}
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            {t('form.testAfter')}
          </Text>
          <Group>
            <Button variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button onClick={submit} loading={save.isPending} disabled={!draft.name.trim() || draft.models.length === 0}>
              {t('form.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Dialog>
  );
}
