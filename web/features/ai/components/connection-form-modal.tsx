import { Alert, Button, Group, Modal, PasswordInput, Select, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { type AiConnection, aiProviderLabels, aiProviders, type AiProvider } from '../../../../contracts/ai.js';
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

const baseUrlHint: Record<AiProvider, string> = {
  openai: 'Leave empty for api.openai.com.',
  'openai-compatible': 'The server’s /v1 address, e.g. http://127.0.0.1:11434/v1 for Ollama.',
  anthropic: 'Leave empty for api.anthropic.com.',
  google: 'Leave empty for Google’s API.',
};

/** Adds or edits a connection. The key is write-only: a saved one shows as set and is never filled in. */
export function ConnectionFormModal({ connection, opened, onClose }: { connection: AiConnection | null; opened: boolean; onClose: () => void }) {
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
        notifications.show({ color: 'teal', message: `${saved.name} saved.`, autoClose: 2500 });
        onClose();
      },
    });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={connection ? `Edit ${connection.name}` : 'Add an AI connection'} size="lg">
      <Stack gap="md">
        <TextInput label="Name" placeholder="e.g. OpenAI (production)" value={draft.name} onChange={(e) => set({ name: e.currentTarget.value })} required data-autofocus />
        <Select
          label="Provider"
          data={aiProviders.map((p) => ({ value: p, label: aiProviderLabels[p] }))}
          value={draft.provider}
          onChange={(v) => v && set({ provider: v as AiProvider })}
          allowDeselect={false}
        />
        <TextInput label="Base URL" description={baseUrlHint[draft.provider]} placeholder="https://…" value={draft.baseUrl} onChange={(e) => set({ baseUrl: e.currentTarget.value })} />
        <PasswordInput
          label="API key"
          description={connection?.apiKeySet ? 'A key is set. It is stored encrypted and never shown again; type a new one to replace it.' : 'Stored encrypted; it is never shown again.'}
          placeholder={connection?.apiKeySet ? '•••••••• (set)' : 'Paste the key'}
          value={draft.apiKey}
          onChange={(e) => set({ apiKey: e.currentTarget.value, removeKey: false })}
          autoComplete="off"
        />
        {connection?.apiKeySet ? (
          <Switch label="Remove the stored key" checked={draft.removeKey} onChange={(e) => set({ removeKey: e.currentTarget.checked, apiKey: '' })} />
        ) : null}
        <TagsInput
          label="Models"
          description="The model names this connection offers; press Enter after each."
          placeholder="e.g. gpt-4o-mini"
          value={draft.models}
          onChange={(models) => set({ models })}
          required
        />
        <Switch label="Offer these models in the Prompt Lab" description="Members may compare them side by side in the sandbox." checked={draft.promptLab} onChange={(e) => set({ promptLab: e.currentTarget.checked })} />
        {save.error ? (
          <Alert color="red" title="Not saved">
            {save.error.message}
          </Alert>
        ) : null}
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            Test the connection after saving.
          </Text>
          <Group>
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button onClick={submit} loading={save.isPending} disabled={!draft.name.trim() || draft.models.length === 0}>
              Save connection
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
