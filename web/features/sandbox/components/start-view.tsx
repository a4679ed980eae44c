import {
  Alert,
  Anchor,
  Avatar,
  Box,
  Button,
  Card,
  Group,
  ScrollArea,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconArrowLeft, IconMessageChatbot, IconPrompt, IconRobot } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import type { ContentSummary } from '../../../../contracts/content.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { EmptyState } from '../../../components/ui/empty-state.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { queueFirstMessage } from '../hooks/first-message-queue.js';
import { useAgent, useAgents, usePrompt } from '../hooks/use-content.js';
import { useCreateConversation } from '../hooks/use-conversations.js';
import { Composer } from './composer.js';
import { StarterButton, WelcomeMessage } from './welcome-message.js';

/** Creates the conversation, hands it its first message and opens it. */
function useStartConversation() {
  const create = useCreateConversation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const start = (agentId: string, text: string) => {
    if (create.isPending) return;
    create.mutate(agentId, {
      onSuccess: (conversation) => {
        queueFirstMessage(conversation.id, text);
        const q = params.get('q');
        void navigate({ pathname: `/sandbox/${conversation.id}`, search: q ? `?q=${encodeURIComponent(q)}` : '' });
      },
    });
  };
  return { start, pending: create.isPending, error: create.error, reset: create.reset };
}

function AgentCard({ agent, onOpen, onStarter, disabled }: { agent: ContentSummary; onOpen: () => void; onStarter: (text: string) => void; disabled: boolean }) {
  const { t } = useTranslation('sandbox');
  const details = useAgent(agent.id);
  const starters = details.data?.details.starterPrompts.slice(0, 3) ?? [];
  return (
    <Card withBorder radius="md" padding="lg" className="hover-lift" data-testid="agent-card">
      <Stack gap="sm" h="100%">
        <Group gap="sm" wrap="nowrap">
          <Avatar color="violet" variant="light" radius="md" size={40}>
            <IconRobot size={22} />
          </Avatar>
          <Title order={3} fz="md" lineClamp={2}>
            {agent.title}
          </Title>
        </Group>
        <Text size="sm" c="dimmed" lineClamp={3}>
          {agent.description || t('start.noDescription')}
        </Text>
        {details.isPending ? (
          <Stack gap={6}>
            <Skeleton h={28} radius="xl" />
            <Skeleton h={28} radius="xl" w="70%" />
          </Stack>
        ) : details.error ? (
          <Text size="xs" c="red">
            {t('start.startersFailed')}{' '}
            <Anchor component="button" size="xs" onClick={() => void details.refetch()}>
              {t('common:actions.retry')}
            </Anchor>
          </Text>
        ) : starters.length > 0 ? (
          <Stack gap={6} aria-label={t('start.starters', { agent: agent.title })}>
            {starters.map((starter) => (
              <StarterButton key={starter} text={starter} disabled={disabled} onClick={() => onStarter(starter)} />
            ))}
          </Stack>
        ) : null}
        <Box mt="auto" pt="xs">
          <Button fullWidth variant="light" leftSection={<IconMessageChatbot size={16} />} onClick={onOpen} disabled={disabled} aria-label={t('start.startChatWith', { agent: agent.title })}>
            {t('start.startChat')}
          </Button>
        </Box>
      </Stack>
    </Card>
  );
}

function PromptNotice({ promptId }: { promptId: string }) {
  const { t } = useTranslation('sandbox');
  const prompt = usePrompt(promptId);
  return (
    <Alert color="violet" variant="light" icon={<IconPrompt size={18} />} mb="md">
      {prompt.data ? t('start.promptNotice', { prompt: prompt.data.title }) : t('start.promptNoticeLoading')}
    </Alert>
  );
}

function AgentPicker({ leading }: { leading?: ReactNode }) {
  const { t } = useTranslation('sandbox');
  const agents = useAgents();
  const [params, setParams] = useSearchParams();
  const starter = useStartConversation();
  const promptId = params.get('prompt');
  // Keeps the router state: the values typed on the library's prompt page ride along to the form.
  const { state } = useLocation();
  const open = (agentId: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('agent', agentId);
        return next;
      },
      { state },
    );
  return (
    <ScrollArea h="100%" type="auto">
      <Box p={{ base: 'md', sm: 'xl' }} maw={1100} mx="auto">
        <Group gap="sm" mb="lg" wrap="nowrap" align="flex-start">
          {leading}
          <Box>
            <Title order={1} fz={{ base: 22, sm: 26 }} fw={700}>
              {t('start.title')}
            </Title>
            <Text c="dimmed" size="sm">
              {t('start.description')}
            </Text>
          </Box>
        </Group>
        {promptId ? <PromptNotice promptId={promptId} /> : null}
        {starter.error ? (
          <Box mb="md">
            <ErrorAlert error={starter.error} title={t('start.startFailed')} onRetry={starter.reset} />
          </Box>
        ) : null}
        <QueryGate pending={agents.isPending} error={agents.error} onRetry={() => void agents.refetch()}>
          {agents.data && agents.data.length > 0 ? (
            <Box
              data-testid="agent-picker"
              style={{ display: 'grid', gap: 'var(--mantine-spacing-md)', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))' }}
            >
              {agents.data.map((agent) => (
                <AgentCard
                  key={agent.id}
                  agent={agent}
                  disabled={starter.pending}
                  onOpen={() => open(agent.id)}
                  onStarter={(text) => starter.start(agent.id, text)}
                />
              ))}
            </Box>
          ) : (
            <EmptyState icon={<IconRobot size={22} />} title={t('start.noAgentsTitle')}>
              {t('start.noAgentsBody')}
            </EmptyState>
          )}
        </QueryGate>
      </Box>
    </ScrollArea>
  );
}

/** ?agent=<id>: a new conversation with that agent, created when the first message is sent. */
function NewConversation({ agentId, leading }: { agentId: string; leading?: ReactNode }) {
  const { t } = useTranslation('sandbox');
  const agent = useAgent(agentId);
  const [params, setParams] = useSearchParams();
  const starter = useStartConversation();
  const back = () =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      next.delete('agent');
      return next;
    });
  const clearPrompt = () =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.delete('prompt');
        return next;
      },
      { replace: true },
    );
  const title = agent.data?.title ?? t('start.newConversation');
  return (
    <Stack gap={0} h="100%" style={{ minHeight: 0 }}>
      <Group
        px={{ base: 'sm', sm: 'md' }}
        py="sm"
        gap="sm"
        wrap="nowrap"
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      >
        {leading}
        <Button variant="subtle" color="gray" size="compact-sm" leftSection={<IconArrowLeft size={16} />} onClick={back}>
          {t('start.agents')}
        </Button>
        <Box style={{ flex: 1, minWidth: 0 }}>
          <Text fw={600} truncate>
            {title}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {t('start.newConversation')}
          </Text>
        </Box>
      </Group>
      <Box style={{ flex: 1, minHeight: 0, overflowY: 'auto' }}>
        <Box maw={820} mx="auto" px={{ base: 'sm', sm: 'lg' }} py="md">
          <QueryGate pending={agent.isPending} error={agent.error} onRetry={() => void agent.refetch()}>
            {agent.data ? (
              <Stack gap="md">
                {agent.data.description ? (
                  <Text size="sm" c="dimmed">
                    {agent.data.description}
                  </Text>
                ) : null}
                <WelcomeMessage
                  agentTitle={agent.data.title}
                  welcome={agent.data.details.welcomeMessage}
                  starters={agent.data.details.starterPrompts}
                  onStarter={(text) => starter.start(agentId, text)}
                  disabled={starter.pending}
                />
              </Stack>
            ) : null}
          </QueryGate>
          {starter.error ? (
            <Box mt="md">
              <ErrorAlert error={starter.error} title={t('start.startFailed')} onRetry={starter.reset} />
            </Box>
          ) : null}
        </Box>
      </Box>
      <Box px={{ base: 'sm', sm: 'md' }} pb={{ base: 'sm', sm: 'md' }} pt="xs">
        <Box maw={820} mx="auto">
          <Composer
            onSend={(text) => {
              starter.start(agentId, text);
              // Kept in the box until the conversation opens (or the error shows).
              return false;
            }}
            onStop={() => undefined}
            streaming={false}
            busy={starter.pending}
            disabled={!agent.data}
            placeholder={agent.data ? t('composer.placeholderAgent', { agent: agent.data.title }) : undefined}
            openPromptId={agent.data ? params.get('prompt') : null}
            onPromptHandled={clearPrompt}
            autoFocus
          />
        </Box>
      </Box>
    </Stack>
  );
}

export function StartView({ leading }: { leading?: ReactNode }) {
  const [params] = useSearchParams();
  const agentId = params.get('agent');
  return agentId ? <NewConversation key={agentId} agentId={agentId} leading={leading} /> : <AgentPicker leading={leading} />;
}
