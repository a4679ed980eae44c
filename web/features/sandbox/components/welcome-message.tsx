import { Avatar, Box, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconMessage2, IconRobot } from '@tabler/icons-react';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import './sandbox.css';

// The markdown renderer (about 80 KB) is not needed to pick an agent: it loads when a welcome
// message first shows, which reads as plain text meanwhile.
const MarkdownMessage = lazy(() => import('./markdown-message.js').then((m) => ({ default: m.MarkdownMessage })));

/** A starter prompt: one click sends it. */
export function StarterButton({ text, onClick, disabled = false }: { text: string; onClick: () => void; disabled?: boolean }) {
  return (
    <UnstyledButton className="sandbox-starter" onClick={onClick} disabled={disabled} data-disabled={disabled || undefined}>
      <IconMessage2 size={14} className="sandbox-starter-icon" aria-hidden />
      <span>{text}</span>
    </UnstyledButton>
  );
}

/** An empty conversation: the agent's welcome message and its starter prompts. */
export function WelcomeMessage({
  agentTitle,
  welcome,
  starters,
  onStarter,
  disabled = false,
}: {
  agentTitle: string;
  welcome: string;
  starters: string[];
  onStarter: (text: string) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation('sandbox');
  const text = welcome || t('message.welcome', { agent: agentTitle });
  return (
    <Stack gap="md" data-testid="welcome-message">
      <Group align="flex-start" gap="sm" wrap="nowrap">
        <Avatar size={30} radius="xl" color="violet" variant="light" mt={2} aria-hidden>
          <IconRobot size={17} />
        </Avatar>
        <Box style={{ flex: 1, minWidth: 0 }}>
          <Text size="xs" fw={600} c="dimmed" mb={4}>
            {agentTitle}
          </Text>
          <Suspense fallback={<Text style={{ whiteSpace: 'pre-wrap' }}>{text}</Text>}>
            <MarkdownMessage text={text} />
          </Suspense>
        </Box>
      </Group>
      {starters.length > 0 ? (
        <Group gap="xs" pl={42} data-testid="starter-prompts">
          {starters.map((starter) => (
            <StarterButton key={starter} text={starter} disabled={disabled} onClick={() => onStarter(starter)} />
          ))}
        </Group>
      ) : null}
    </Stack>
  );
}
