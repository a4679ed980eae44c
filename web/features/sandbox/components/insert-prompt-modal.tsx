import {
  Badge,
  Button,
  Group,
  Paper,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { Dialog } from '../../../components/ui/dialog.js';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowLeft, IconPrompt, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { EmptyState } from '../../../components/ui/empty-state.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { recordPromptUse } from '../api/content-api.js';
import { usePrompt, usePrompts } from '../hooks/use-content.js';
import { PromptVariableFields } from '../../../components/content/prompt-variable-fields.js';
import { fillTemplate, handedOffValues } from '../../../lib/prompt-template.js';

function PromptList({ onPick }: { onPick: (id: string) => void }) {
  const { t } = useTranslation('sandbox');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const prompts = usePrompts(q, true);
  return (
    <Stack gap="sm">
      <TextInput
        leftSection={<IconSearch size={16} />}
        placeholder={t('prompts.search')}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        aria-label={t('prompts.searchLabel')}
        data-autofocus
      />
      <QueryGate pending={prompts.isPending} error={prompts.error} onRetry={() => void prompts.refetch()}>
        {prompts.data && prompts.data.length > 0 ? (
          <ScrollArea.Autosize mah={360} type="auto" offsetScrollbars>
            <Stack gap={6}>
              {prompts.data.map((prompt) => (
                <UnstyledButton key={prompt.id} onClick={() => onPick(prompt.id)} aria-label={t('prompts.use', { title: prompt.title })}>
                  <Paper withBorder p="sm" radius="md" className="hover-lift">
                    <Text size="sm" fw={600} lineClamp={1}>
                      {prompt.title}
                    </Text>
                    {prompt.description ? (
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        {prompt.description}
                      </Text>
                    ) : null}
                  </Paper>
                </UnstyledButton>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        ) : (
          <EmptyState icon={<IconPrompt size={22} />} title={q ? t('prompts.noMatchTitle') : t('prompts.emptyTitle')}>
            {q ? t('prompts.noMatchBody') : t('prompts.emptyBody')}
          </EmptyState>
        )}
      </QueryGate>
    </Stack>
  );
}

function PromptForm({ promptId, onBack, onInsert }: { promptId: string; onBack?: (() => void) | undefined; onInsert: (text: string) => void }) {
  const { t } = useTranslation('sandbox');
  const prompt = usePrompt(promptId);
  // Values the member typed on the library's prompt page come along ("Use in sandbox").
  const location = useLocation();
  const [values, setValues] = useState<Record<string, string>>(() => handedOffValues(location.state, promptId));
  const details = prompt.data?.details;
  const filled = details ? fillTemplate(details.promptText, values) : '';
  return (
    <QueryGate pending={prompt.isPending} error={prompt.error} onRetry={() => void prompt.refetch()}>
      {prompt.data && details ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            onInsert(filled);
            // Best effort: a failed record must not stop the member from using the prompt.
            recordPromptUse(promptId).catch(() => undefined);
          }}
        >
          <Stack gap="sm">
            <Group gap="xs" justify="space-between" wrap="nowrap">
              <Text fw={600} size="sm" lineClamp={1}>
                {prompt.data.title}
              </Text>
              {details.category ? (
                <Badge variant="light" size="sm">
                  {details.category}
                </Badge>
              ) : null}
            </Group>
            {details.variables.length > 0 ? (
              <Text size="xs" c="dimmed">
                {t('prompts.fillHint', { example: `{{${t('prompts.exampleName')}}}` })}
              </Text>
            ) : null}
            <PromptVariableFields variables={details.variables} values={values} onChange={(name, value) => setValues((prev) => ({ ...prev, [name]: value }))} autoFocus />
            <Text size="xs" fw={600} c="dimmed" tt="uppercase">
              {t('prompts.preview')}
            </Text>
            <ScrollArea.Autosize mah={180} type="auto">
              <Paper withBorder p="sm" radius="md" bg="var(--mantine-color-default-hover)">
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="prompt-preview">
                  {filled}
                </Text>
              </Paper>
            </ScrollArea.Autosize>
            <Group justify={onBack ? 'space-between' : 'flex-end'}>
              {onBack ? (
                <Button variant="subtle" leftSection={<IconArrowLeft size={16} />} onClick={onBack}>
                  {t('prompts.all')}
                </Button>
              ) : null}
              <Button type="submit">{t('prompts.insert')}</Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </QueryGate>
  );
}

/** Pick a prompt from the library, fill its {{variables}}, and put the result in the composer. */
export function InsertPromptModal({
  opened,
  initialPromptId,
  onClose,
  onInsert,
}: {
  opened: boolean;
  initialPromptId: string | null;
  onClose: () => void;
  onInsert: (text: string) => void;
}) {
  const { t } = useTranslation('sandbox');
  // Mounted afresh each time it opens (see Composer), so the initial prompt is read once.
  const [promptId, setPromptId] = useState<string | null>(initialPromptId);
  return (
    <Dialog opened={opened} onClose={onClose} title={<Text fw={600}>{t('prompts.modalTitle')}</Text>} size="lg" centered>
      {promptId ? (
        <PromptForm
          key={promptId}
          promptId={promptId}
          onBack={() => setPromptId(null)}
          onInsert={onInsert}
        />
      ) : (
        <PromptList onPick={setPromptId} />
      )}
    </Dialog>
  );
}
