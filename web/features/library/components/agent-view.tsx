import { Button, Card, Group, List, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconMessageChatbot, IconRobot, IconSparkles } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AgentDetails } from '../../../../contracts/content.js';

export function AgentView({ id, details, sandbox }: { id: string; details: AgentDetails; sandbox: boolean }) {
  const { t } = useTranslation('library');
  return (
    <Stack gap="md">
      {details.welcomeMessage ? (
        <Card padding="md" bg="var(--mantine-color-violet-light)" withBorder={false}>
          <Group gap="sm" align="flex-start" wrap="nowrap">
            <ThemeIcon radius="xl" size={32} variant="filled">
              <IconRobot size={18} />
            </ThemeIcon>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {details.welcomeMessage}
            </Text>
          </Group>
        </Card>
      ) : null}
      {details.starterPrompts.length > 0 ? (
        <div>
          <Text fw={600} size="sm" mb="xs">
            {t('views.agent.tryAsking')}
          </Text>
          <List spacing={6} size="sm" icon={<IconSparkles size={14} color="var(--mantine-color-violet-6)" />} center>
            {details.starterPrompts.map((prompt) => (
              <List.Item key={prompt}>{prompt}</List.Item>
            ))}
          </List>
        </div>
      ) : null}
      {sandbox ? (
      <Group>
        <Button
          component={Link}
          to={`/sandbox?agent=${encodeURIComponent(id)}`}
          size="md"
          leftSection={<IconMessageChatbot size={18} />}
        >
          {t('views.agent.chatInSandbox')}
        </Button>
      </Group>
      ) : null}
    </Stack>
  );
}
