import { ActionIcon, Button, Group, Input, NumberInput, Slider, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { IconMessageChatbot, IconPlus, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AgentDraft } from '../lib/editor-draft.js';
import { AgentKnowledgeFields } from './agent-knowledge.js';
import { useEditorFeatures } from './editor-features.js';
import { ModelChoiceFields } from './model-choice-fields.js';

const MAX_STARTERS = 10;

export function AgentFields({
  value,
  onChange,
  errors,
  savedId,
}: {
  value: AgentDraft;
  onChange: (patch: Partial<AgentDraft>) => void;
  errors: Record<string, string>;
  savedId: string | null;
}) {
  const { t } = useTranslation('content');
  const features = useEditorFeatures();
  const setStarter = (index: number, text: string) =>
    onChange({ starterPrompts: value.starterPrompts.map((p, i) => (i === index ? text : p)) });

  return (
    <Stack gap="md">
      <Textarea
        label={t('agent.systemPrompt')}
        description={t('agent.systemPromptHint')}
        placeholder={t('agent.systemPromptPlaceholder')}
        value={value.systemPrompt}
        onChange={(e) => onChange({ systemPrompt: e.currentTarget.value })}
        error={errors.systemPrompt}
        autosize
        minRows={8}
        maxRows={24}
        required
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13, lineHeight: 1.55 } }}
      />
      <ModelChoiceFields
        value={{ connectionId: value.connectionId, model: value.model }}
        onChange={onChange}
        errors={{ connection: errors.connectionId, model: errors.model }}
        connectionLabel={t('agent.connection')}
        connectionHint={t('agent.connectionHint')}
      />
      <Group grow align="flex-start" gap="md">
        <NumberInput
          label={t('agent.maxTokens')}
          description={t('agent.maxTokensHint')}
          value={value.maxOutputTokens}
          onChange={(v) => onChange({ maxOutputTokens: v })}
          min={1}
          max={32000}
          step={256}
          thousandSeparator=","
          error={errors.maxOutputTokens}
        />
      </Group>
      <Input.Wrapper
        label={t('agent.temperatureValue', { value: value.temperature.toFixed(1) })}
        description={t('agent.temperatureHint')}
        error={errors.temperature}
      >
        <Slider
          mt="xs"
          mb="lg"
          mx="lg"
          min={0}
          max={2}
          step={0.1}
          value={value.temperature}
          onChange={(temperature) => onChange({ temperature })}
          label={(v) => v.toFixed(1)}
          marks={[
            { value: 0, label: t('agent.precise') },
            { value: 1, label: t('agent.balanced') },
            { value: 2, label: t('agent.creative') },
          ]}
          thumbLabel={t('agent.temperature')}
        />
      </Input.Wrapper>
      <Textarea
        label={t('agent.welcome')}
        description={t('agent.welcomeHint')}
        placeholder={t('agent.welcomePlaceholder')}
        value={value.welcomeMessage}
        onChange={(e) => onChange({ welcomeMessage: e.currentTarget.value })}
        error={errors.welcomeMessage}
        autosize
        minRows={2}
        maxRows={6}
      />
      <Input.Wrapper
        label={t('agent.starters')}
        description={t('agent.startersHint')}
        error={errors.starterPrompts}
      >
        <Stack gap="xs" mt="xs">
          {value.starterPrompts.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('agent.noStarters')}
            </Text>
          ) : null}
          {value.starterPrompts.map((prompt, index) => (
            <Group key={index} gap="xs" wrap="nowrap">
              <TextInput
                aria-label={t('agent.starterN', { n: index + 1 })}
                placeholder={t('agent.starterPlaceholder')}
                value={prompt}
                onChange={(e) => setStarter(index, e.currentTarget.value)}
                style={{ flex: 1 }}
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t('agent.removeStarterN', { n: index + 1 })}
                onClick={() => onChange({ starterPrompts: value.starterPrompts.filter((_, i) => i !== index) })}
              >
                <IconX size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              variant="light"
              size="xs"
              leftSection={<IconPlus size={14} />}
              disabled={value.starterPrompts.length >= MAX_STARTERS}
              onClick={() => onChange({ starterPrompts: [...value.starterPrompts, ''] })}
            >
              {t('agent.addStarter')}
            </Button>
          </Group>
        </Stack>
      </Input.Wrapper>
      {/* With the knowledge flag off the section is hidden; what an agent already had is kept as it is. */}
      {features.knowledge ? <AgentKnowledgeFields value={value.knowledge} onChange={(knowledge) => onChange({ knowledge })} /> : null}
      {savedId ? (
        <Group>
          <Button
            component={Link}
            to={`/sandbox?agent=${encodeURIComponent(savedId)}`}
            variant="default"
            leftSection={<IconMessageChatbot size={16} />}
          >
            {t('agent.try')}
          </Button>
          <Text size="xs" c="dimmed">
            {t('agent.tryHint')}
          </Text>
        </Group>
      ) : (
        <Text size="xs" c="dimmed">
          {t('agent.saveToTry')}
        </Text>
      )}
    </Stack>
  );
}
