import { Avatar, Box, Button, Group, Stack, Text } from '@mantine/core';
import { IconRobot } from '@tabler/icons-react';
import { MarkdownMessage } from './markdown-message.js';

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
          <MarkdownMessage text={welcome || `Hi! I’m ${agentTitle}. Ask me anything to get started.`} />
        </Box>
      </Group>
      {starters.length > 0 ? (
        <Group gap="xs" pl={42} data-testid="starter-prompts">
          {starters.map((starter) => (
            <Button
              key={starter}
              variant="default"
              size="xs"
              radius="xl"
              onClick={() => onStarter(starter)}
              disabled={disabled}
              styles={{ root: { height: 'auto', paddingTop: 6, paddingBottom: 6 }, label: { whiteSpace: 'normal', textAlign: 'left' } }}
            >
              {starter}
            </Button>
          ))}
        </Group>
      ) : null}
    </Stack>
  );
}
