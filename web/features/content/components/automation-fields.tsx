import { Stack, TagsInput, TextInput, Textarea } from '@mantine/core';
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
  return (
    <Stack gap="md">
      <TextInput
        label="Workflow URL"
        description="Where members open or import the workflow (n8n, Make, Zapier…)."
        placeholder="https://n8n.example.com/workflow/…"
        value={value.workflowUrl}
        onChange={(e) => onChange({ workflowUrl: e.currentTarget.value })}
        error={errors.workflowUrl}
        required
      />
      <TagsInput
        label="Required tools"
        description="Press Enter after each tool."
        placeholder={value.requiredTools.length === 0 ? 'e.g. n8n, OpenAI, Google Sheets' : ''}
        value={value.requiredTools}
        onChange={(requiredTools) => onChange({ requiredTools })}
        error={errors.requiredTools}
        clearable
        maxTags={30}
        splitChars={[',']}
      />
      <Textarea
        label="Tool description"
        description="What the automation does, in a few sentences."
        value={value.toolDescription}
        onChange={(e) => onChange({ toolDescription: e.currentTarget.value })}
        error={errors.toolDescription}
        autosize
        minRows={3}
        maxRows={10}
      />
      <Textarea
        label="Setup instructions"
        description="Step by step, one step per line."
        placeholder={'1. Import the workflow\n2. Connect your accounts\n3. Run it once'}
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
