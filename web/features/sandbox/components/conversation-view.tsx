import { Box, Button, Group, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { type BudgetRefusal, BudgetRefusalAlert, budgetRefusal } from '../../../components/ai/budget-refusal.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { takeFirstMessage } from '../hooks/first-message-queue.js';
import { useChatTurn } from '../hooks/use-chat-turn.js';
import { useAgent } from '../hooks/use-content.js';
import { useConversation } from '../hooks/use-conversations.js';
import { useMessages } from '../hooks/use-messages.js';
import { type LiveTurn, visibleMessages } from '../lib/visible-messages.js';
import { Composer } from './composer.js';
import { ConversationActions } from './conversation-actions.js';
import { MessageScroller } from './message-scroller.js';
import { AssistantMessage, LiveAssistantMessage, UserMessage } from './message-item.js';
import { OFFLINE_MODEL_ID, OfflineBadge } from './offline-badge.js';
import { WelcomeMessage } from './welcome-message.js';

/**
 * A plain send refused because the AI budget is used up saved nothing: the conversation shows no
 * trace of it, the reason is shown above the box, and the text goes back into the box.
 */
function refusedSend(live: LiveTurn | null): { refusal: BudgetRefusal; restore: { key: number; text: string } } | null {
  if (!live || live.accepted || live.phase !== 'done' || live.request.kind !== 'send' || live.request.replaceFromMessageId) return null;
  const refusal = budgetRefusal(live.error);
  return refusal ? { refusal, restore: { key: live.key, text: live.request.text } } : null;
}

export function ConversationView({ conversationId, leading }: { conversationId: string; leading?: ReactNode }) {
  const { t } = useTranslation('sandbox');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const conversation = useConversation(conversationId);
  const messages = useMessages(conversationId);
  const agent = useAgent(conversation.data?.agentId ?? null);
  const turn = useChatTurn(conversationId);
  const { start } = turn;

  // A conversation started from the agent picker sends its first message on arrival.
  useEffect(() => {
    const text = takeFirstMessage(conversationId);
    if (text) void start({ kind: 'send', text });
  }, [conversationId, start]);

  const refused = useMemo(() => refusedSend(turn.live), [turn.live]);
  const shown = useMemo(() => visibleMessages(messages.messages, refused ? null : turn.live), [messages.messages, turn.live, refused]);
  const last = shown[shown.length - 1];
  // The demo model is named once per conversation: in the header when it wrote every answer, under
  // each of its answers only when a real model answered too (a provider was set up midway).
  const answers = messages.messages.filter((m) => m.role === 'assistant');
  const liveOffline = turn.live?.metadata.offline; // unknown until the answer starts streaming
  const offlineAnswers = answers.filter((m) => m.model === OFFLINE_MODEL_ID).length + (liveOffline === true ? 1 : 0);
  const offline = offlineAnswers > 0 && offlineAnswers === answers.length + (liveOffline === undefined ? 0 : 1);
  const labelEachAnswer = offlineAnswers > 0 && !offline;

  const send = useCallback((text: string) => void start({ kind: 'send', text }), [start]);
  const regenerate = useCallback(() => void start({ kind: 'regenerate' }), [start]);
  const edit = useCallback(
    (messageId: string) => (text: string) => void start({ kind: 'send', text, replaceFromMessageId: messageId }),
    [start],
  );
  const retryLive = () => {
    const live = turn.live;
    if (!live) return;
    turn.dismiss();
    void start(live.accepted ? { kind: 'regenerate' } : live.request);
  };

  const promptId = params.get('prompt');
  const clearPrompt = () =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.delete('prompt');
        return next;
      },
      { replace: true },
    );

  const firstKey = shown[0]?.kind === 'saved' ? shown[0].message.id : null;
  const contentVersion = `${shown.length}:${turn.live?.text.length ?? 0}:${turn.live?.status ?? ''}`;
  const streaming = turn.live?.phase === 'streaming';
  const empty = messages.isSuccess && shown.length === 0;
  const welcome = agent.data?.details.welcomeMessage ?? '';
  const starters = agent.data?.details.starterPrompts ?? [];

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
        <Box style={{ flex: 1, minWidth: 0 }}>
          <Text fw={600} truncate data-testid="conversation-title">
            {conversation.data?.title ?? ' '}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {conversation.data?.agentTitle ?? (conversation.data ? t('conversation.agentGone') : ' ')}
            {offline ? (
              <Box component="span" hiddenFrom="sm" data-testid="offline-subtitle">
                {' · '}
                {t('offline.label')}
              </Box>
            ) : null}
          </Text>
        </Box>
        {offline ? (
          <Box visibleFrom="sm">
            <OfflineBadge />
          </Box>
        ) : null}
        {conversation.data ? (
          <ConversationActions
            conversation={conversation.data}
            size="md"
            onDeleted={() => void navigate({ pathname: '/sandbox', search: params.get('q') ? `?q=${encodeURIComponent(params.get('q') ?? '')}` : '' })}
          />
        ) : null}
      </Group>

      <QueryGate
        pending={messages.isPending || conversation.isPending}
        error={conversation.error ?? (messages.data ? null : messages.error)}
        onRetry={() => {
          void conversation.refetch();
          void messages.refetch();
        }}
      >
        <MessageScroller
          firstKey={firstKey}
          contentVersion={contentVersion}
          hasOlder={messages.hasNextPage}
          loadingOlder={messages.isFetchingNextPage}
          olderError={messages.isFetchNextPageError ? messages.error : null}
          onLoadOlder={() => void messages.fetchNextPage()}
        >
          <Stack gap="lg" data-testid="messages">
            {empty ? (
              <WelcomeMessage
                agentTitle={conversation.data?.agentTitle ?? t('conversation.yourAgent')}
                welcome={welcome}
                starters={starters}
                onStarter={send}
                disabled={turn.busy}
              />
            ) : null}
            {shown.map((item, index) => {
              const isLast = index === shown.length - 1;
              if (item.kind === 'live-user') return <UserMessage key="live-user" text={item.text} pending />;
              if (item.kind === 'live-assistant') return <LiveAssistantMessage key="live-answer" turn={item.turn} onRetry={retryLive} labelOffline={labelEachAnswer} />;
              const { message } = item;
              return message.role === 'user' ? (
                <UserMessage key={message.id} text={message.text} onEdit={turn.busy ? undefined : edit(message.id)} />
              ) : (
                <AssistantMessage
                  key={message.id}
                  message={message}
                  labelOffline={labelEachAnswer}
                  onRegenerate={isLast && !turn.busy && last?.kind === 'saved' ? regenerate : undefined}
                />
              );
            })}
          </Stack>
        </MessageScroller>
      </QueryGate>

      <Box px={{ base: 'sm', sm: 'md' }} pb={{ base: 'sm', sm: 'md' }} pt="xs">
        <Box maw={820} mx="auto">
          {refused ? (
            <Box mb="xs">
              <BudgetRefusalAlert refusal={refused.refusal} />
            </Box>
          ) : null}
          <Composer
            onSend={send}
            onStop={turn.stop}
            streaming={streaming}
            busy={turn.live?.phase === 'settling'}
            disabled={!conversation.data}
            openPromptId={promptId}
            onPromptHandled={clearPrompt}
            autoFocus
            restore={refused?.restore ?? null}
          />
          {turn.live?.phase === 'done' && turn.live.status !== 'error' ? (
            <Group justify="center" mt={4}>
              <Button variant="subtle" size="compact-xs" onClick={() => void messages.refetch()}>
                {t('conversation.refresh')}
              </Button>
            </Group>
          ) : null}
        </Box>
      </Box>
    </Stack>
  );
}
