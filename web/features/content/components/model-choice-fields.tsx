import { Select, SimpleGrid, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { queryKeys } from '../../../lib/query-keys.js';
import { listAgentConnections } from '../api/connections-api.js';

/** A connection and a model as the editor holds them: '' is the platform's built-in provider / default model. */
export interface ModelChoiceDraft {
  connectionId: string;
  model: string;
}

/**
 * The one connection-and-model picker of the content studio, for an agent and for an exercise's
 * evaluator: a connection offers its own models; the built-in provider takes any model name.
 */
export function ModelChoiceFields({
  value,
  onChange,
  errors,
  connectionLabel,
  connectionHint,
}: {
  value: ModelChoiceDraft;
  onChange: (choice: ModelChoiceDraft) => void;
  errors: { connection?: string | undefined; model?: string | undefined };
  connectionLabel: string;
  connectionHint: string;
}) {
  const { t } = useTranslation('content');
  const connections = useQuery({ queryKey: queryKeys.ai.connectionPicker, queryFn: ({ signal }) => listAgentConnections(signal), select: (d) => d.items });
  const connection = (connections.data ?? []).find((c) => c.id === value.connectionId);

  return (
    // Side by side where there is room; stacked on a phone, where two pickers would be cramped.
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
      <Select
        label={connectionLabel}
        description={connectionHint}
        data={[{ value: '', label: t('agent.builtIn') }, ...(connections.data ?? []).map((c) => ({ value: c.id, label: c.name }))]}
        value={value.connectionId}
        onChange={(id) => {
          const next = (connections.data ?? []).find((c) => c.id === id);
          // A connection keeps the model when it offers it, else proposes its first one.
          onChange({ connectionId: id ?? '', model: next ? (next.models.includes(value.model) ? value.model : (next.models[0] ?? '')) : '' });
        }}
        allowDeselect={false}
        error={errors.connection}
      />
      {connection ? (
        <Select
          label={t('agent.model')}
          description={t('agent.modelOf', { connection: connection.name })}
          data={connection.models}
          value={value.model || null}
          onChange={(model) => onChange({ connectionId: value.connectionId, model: model ?? '' })}
          allowDeselect={false}
          error={errors.model}
        />
      ) : (
        <TextInput
          label={t('agent.model')}
          description={t('agent.modelHint')}
          placeholder={t('agent.modelPlaceholder')}
          value={value.model}
          onChange={(e) => onChange({ connectionId: value.connectionId, model: e.currentTarget.value })}
          error={errors.model}
        />
      )}
    </SimpleGrid>
  );
}
