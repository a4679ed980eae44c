import { Badge, Box, Button, Group, Mark, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy, IconMessageChatbot } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ContentProgress, PromptDetails } from '../../../../contracts/content.js';
import { promptSegments } from '../../../lib/prompt-template.js';
import { useRecordProgress } from '../hooks/use-library.js';

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
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return undefined;
    const timer = setTimeout(() => setCopied(false), 2500);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(details.promptText);
    } catch {
      notifications.show({ color: 'red', title: t('views.prompt.notCopiedTitle'), message: t('views.prompt.notCopiedBody') });
      return;
    }
    setCopied(true);
    record.mutate('copied');
  };

  const mine = progress?.promptCopies ?? 0;

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap={6}>
          {details.category ? (
            <Badge variant="light" color="gray" tt="none" radius="sm">
              {details.category}
            </Badge>
          ) : null}
          {details.variables.map((name) => (
            <Badge key={name} variant="light" color="violet" tt="none" radius="sm">
              {`{{${name}}}`}
            </Badge>
          ))}
        </Group>
        <Group gap="sm">
          <Button
            onClick={() => void copy()}
            color={copied ? 'teal' : undefined}
            leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
            aria-live="polite"
          >
            {copied ? t('views.prompt.copied') : t('views.prompt.copy')}
          </Button>
          {sandbox ? (
            <Button
              component={Link}
              to={`/sandbox?prompt=${encodeURIComponent(id)}`}
              variant="default"
              leftSection={<IconMessageChatbot size={16} />}
            >
              {t('views.prompt.useInSandbox')}
            </Button>
          ) : null}
        </Group>
      </Group>
      <Box
        component="pre"
        m={0}
        p="md"
        data-testid="prompt-text"
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
        {promptSegments(details.promptText).map((segment, index) =>
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
        {details.variables.length > 0 ? `${t('views.prompt.variablesHint')} ` : ''}
        {mine > 0 ? t('views.prompt.copies', { count: mine }) : t('views.prompt.notCopied')}
      </Text>
    </Stack>
  );
}
