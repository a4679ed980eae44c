import { Badge, Group, Input, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { malformedVariables, promptVariables } from '../../../../contracts/content.js';
import type { PromptDraft } from '../lib/editor-draft.js';
import { PromptTextPreview } from './prompt-text-preview.js';

export function PromptFields({
  value,
  onChange,
  errors,
}: {
  value: PromptDraft;
  onChange: (patch: Partial<PromptDraft>) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation('content');
  const variables = promptVariables(value.promptText);
  // Said while typing, not only on save: "{{two words}}" is refused by the server too.
  const [malformed] = malformedVariables(value.promptText);
  // A {{variable}} in a translated sentence: the braces go in as a value so i18next leaves them alone.
  const token = (name: string) => `{{${t(`prompt.exampleVar.${name}`)}}}`;
  return (
    <Stack gap="md">
      <Textarea
        label={t('prompt.label')}
        description={t('prompt.hint', { variable: token('variable') })}
        placeholder={t('prompt.placeholder', { customer: token('customer'), topic: token('topic') })}
        value={value.promptText}
        onChange={(e) => onChange({ promptText: e.currentTarget.value })}
        error={errors.promptText ?? (malformed ? t('prompt.malformedVariable', { placeholder: malformed, example: '{{customer_name}}' }) : undefined)}
        autosize
        minRows={6}
        maxRows={20}
        required
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13, lineHeight: 1.55 } }}
      />
      <Input.Wrapper label={t('prompt.variables')} description={t('prompt.variablesHint')}>
        <Group gap={6} mt={6} data-testid="prompt-variables">
          {variables.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('prompt.noVariables', { example: token('name') })}
            </Text>
          ) : (
            variables.map((name) => (
              <Badge key={name} variant="light" color="violet" tt="none" radius="sm">
                {name}
              </Badge>
            ))
          )}
        </Group>
      </Input.Wrapper>
      {value.promptText.trim() ? (
        <Input.Wrapper label={t('preview')}>
          <Stack mt={6}>
            <PromptTextPreview text={value.promptText} />
          </Stack>
        </Input.Wrapper>
      ) : null}
      <TextInput
        label={t('prompt.category')}
        placeholder={t('prompt.categoryPlaceholder')}
        value={value.category}
        onChange={(e) => onChange({ category: e.currentTarget.value })}
        error={errors.category}
        maw={320}
      />
    </Stack>
  );
}
