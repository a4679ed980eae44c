import { Badge, Box, Button, Group, Mark, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy, IconMessageChatbot } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ContentProgress, PromptDetails } from '../../../../contracts/content.js';
import { PromptVariableFields } from '../../../components/content/prompt-variable-fields.js';
import { fillTemplate, promptSegments, type PromptHandOff } from '../../../lib/prompt-template.js';
import { useRecordProgress } from '../hooks/use-library.js';

/**
 * A prompt in the library: the member fills its {{variables}}, sees the prompt with their details
 * in place (what is still blank stays highlighted), and copies it or takes it to the sandbox.
 */
export function PromptView({
  id,
  details,
  progress,
  sandbox,
}: {
  id: string;
  details: PromptDetails;
  progress: ContentProgress | null;
  /** Whether the reader has the sandbox, so "Use in sandbox" leads somewhere. */
  sandbox: boolean;
}) {
  const { t } = useTranslation('library');
  const record = useRecordProgress(id);
  const [values, setValues] = useState<Record<string, string>>({});
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return undefined;
    const timer = setTimeout(() => setCopied(false), 2500);
    return () => clearTimeout(timer);
  }, [copied]);

  const filled = fillTemplate(details.promptText, values);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(filled);
    } catch {
      notifications.show({ color: 'red', title: t('prompt.notCopiedTitle'), message: t('prompt.notCopiedBody') });
      return;
    }
    setCopied(true);
    record.mutate('copied');
  };
  const handOff: { promptHandOff: PromptHandOff } = { promptHandOff: { promptId: id, values } };

  const mine = progress?.promptCopies ?? 0;
  const hasVariables = details.variables.length > 0;

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap={6}>
          {details.category ? (
            <Badge variant="light" color="gray" tt="none" radius="sm">
              {details.category}
            </Badge>
          ) : null}
        </Group>
        <Group gap="sm">
          <Button
            onClick={() => void copy()}
            color={copied ? 'teal' : undefined}
            leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
            aria-live="polite"
          >
            {copied ? t('prompt.copied') : t('prompt.copy')}
          </Button>
          {sandbox ? (
            <Button
              component={Link}
              to={`/sandbox?prompt=${encodeURIComponent(id)}`}
              state={handOff}
              variant="default"
              leftSection={<IconMessageChatbot size={16} />}
            >
              {t('prompt.useInSandbox')}
            </Button>
          ) : null}
        </Group>
      </Group>
      {hasVariables ? (
        <Paper withBorder p="md" radius="md" component="section" aria-labelledby="prompt-fill-title" data-testid="prompt-fill">
          <Title order={2} fz="sm" id="prompt-fill-title">
            {t('prompt.fillTitle')}
          </Title>
          <Text size="xs" c="dimmed" mb="sm">
            {t('prompt.fillHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <PromptVariableFields variables={details.variables} values={values} onChange={(name, value) => setValues((prev) => ({ ...prev, [name]: value }))} />
          </SimpleGrid>
        </Paper>
      ) : null}
      <Box
        component="pre"
        m={0}
        p="md"
        data-testid="prompt-text"
        aria-label={t('prompt.textLabel')}
        style={{
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-word',
          fontFamily: 'var(--mantine-font-family-monospace)',
          fontSize: 14,
          lineHeight: 1.65,
          background: 'var(--mantine-color-default-hover)',
          border: '1px solid var(--mantine-color-default-border)',
          borderRadius: 'var(--mantine-radius-md)',
        }}
      >
        {promptSegments(filled).map((segment, index) =>
          segment.type === 'variable' ? (
            <Mark key={index} color="violet" px={3} style={{ borderRadius: 4 }}>
              {segment.text}
            </Mark>
          ) : (
            <span key={index}>{segment.text}</span>
          ),
        )}
      </Box>
      <Text size="xs" c="dimmed" data-testid="prompt-copies">
        {mine > 0 ? t('prompt.copies', { count: mine }) : t('prompt.notCopiedYet')}
      </Text>
    </Stack>
  );
}
