import { Stack, TagsInput, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AutomationDraft } from '../lib/editor-draft.js';

export function AutomationFields({
  value,
  onChange,
  errors,
}: {
  value: AutomationDraft;
  onChange: (patch: Partial<AutomationDraft>) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation('content');
  return (
    <Stack gap="md">
      <TextInput
        label={t('automation.workflowUrl')}
        description={t('automation.workflowUrlHint')}
        placeholder="https://n8n.example.com/workflow/…"
        value={value.workflowUrl}
        onChange={(e) => onChange({ workflowUrl: e.currentTarget.value })}
        error={errors.workflowUrl}
        required
      />
      <TagsInput
        label={t('automation.tools')}
        description={t('automation.toolsHint')}
        placeholder={value.requiredTools.length === 0 ? t('automation.toolsPlaceholder') : ''}
        value={value.requiredTools}
        onChange={(requiredTools) => onChange({ requiredTools })}
        error={errors.requiredTools}
        clearable
        maxTags={30}
        splitChars={[',']}
      />
      <Textarea
        label={t('automation.toolDescription')}
        description={t('automation.toolDescriptionHint')}
        value={value.toolDescription}
        onChange={(e) => onChange({ toolDescription: e.currentTarget.value })}
        error={errors.toolDescription}
        autosize
        minRows={3}
        maxRows={10}
      />
      <Textarea
        label={t('automation.setup')}
        description={t('automation.setupHint')}
        placeholder={t('automation.setupPlaceholder')}
        value={value.setupInstructions}
        onChange={(e) => onChange({ setupInstructions: e.currentTarget.value })}
        error={errors.setupInstructions}
        autosize
        minRows={5}
        maxRows={20}
      />
    </Stack>
  );
}
