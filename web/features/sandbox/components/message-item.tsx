import {
  ActionIcon,
  Alert,
  Avatar,
  Badge,
  Box,
  Button,
  CopyButton,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  Textarea,
  Tooltip,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconCheck,
  IconCopy,
  IconPencil,
  IconPlayerStopFilled,
  IconRefresh,
  IconRobot,
} from '@tabler/icons-react';
import { memo, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_MESSAGE_CHARS, type ChatMessage } from '../../../../contracts/conversations.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { formatNumber } from '../../../lib/format.js';
import { useReason } from '../../../lib/failure-reason.js';
import { describeError } from '../../../lib/http/api-error.js';
import type { LiveTurn } from '../lib/visible-messages.js';
import { Citations } from './citations.js';
import { MarkdownMessage } from './markdown-message.js';
import { OFFLINE_MODEL_ID, OfflineLabel } from './offline-badge.js';

function Actions({ children }: { children: ReactNode }) {
  return (
    <Group gap={2} className="sandbox-message-actions">
      {children}
    </Group>
  );
}

function CopyAction({ text }: { text: string }) {
  const { t } = useTranslation('sandbox');
  return (
    <CopyButton value={text} timeout={1500}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? t('message.copied') : t('message.copy')} withArrow>
          <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} size="sm" onClick={copy} aria-label={t('message.copyMessage')}>
            {copied ? <IconCheck size={15} /> : <IconCopy size={15} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}

export const UserMessage = memo(function UserMessage({
  text,
  pending = false,
  onEdit,
}: {
  text: string;
  pending?: boolean;
  /** Edit-and-resend; absent while an answer streams or for a message not saved yet. */
  onEdit?: ((text: string) => void) | undefined;
}) {
  const { t } = useTranslation('sandbox');
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(text);
  const trimmed = draft.trim();
  const editButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const sendable = Boolean(trimmed) && draft.length <= MAX_MESSAGE_CHARS;
  // Focus goes back to the pencil the person started from, not to the top of the page.
  useEffect(() => {
    if (!editing && returnFocus.current) {
      returnFocus.current = false;
      editButton.current?.focus();
    }
  }, [editing]);
  const stopEditing = () => {
    returnFocus.current = true;
    setEditing(false);
  };
  const send = () => {
    if (!sendable || !onEdit) return;
    stopEditing();
    onEdit(trimmed);
  };

  if (editing && onEdit) {
    return (
      <Stack gap={6} align="stretch" maw="85%" ml="auto" w="100%" data-testid="edit-message">
        <Textarea
          value={draft}
          onChange={(e) => setDraft(e.currentTarget.value)}
          autosize
          minRows={2}
          maxRows={12}
          autoFocus
          aria-label={t('message.editLabel')}
          onKeyDown={(event) => {
            // As in the message box: Enter sends, Shift+Enter breaks the line; Escape cancels.
            if (event.key === 'Escape') {
              event.preventDefault();
              stopEditing();
            } else if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              send();
            }
          }}
          error={draft.length > MAX_MESSAGE_CHARS ? t('message.tooLong', { max: formatNumber(MAX_MESSAGE_CHARS) }) : undefined}
        />
        <Group justify="flex-end" gap="xs">
          <Text size="xs" c="dimmed" mr="auto">
            {t('message.editHint')}
          </Text>
          <Button size="xs" variant="default" onClick={stopEditing}>
            {t('common:actions.cancel')}
          </Button>
          <Button size="xs" disabled={!sendable} onClick={send}>
            {t('message.saveAndResend')}
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap={2} align="flex-end" className="sandbox-message" data-testid="message" data-role="user">
      <Paper
        px="md"
        py={10}
        radius="lg"
        maw="85%"
        bg="var(--mantine-color-violet-light)"
        style={{ borderBottomRightRadius: 4, opacity: pending ? 0.85 : 1 }}
      >
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {text}
        </Text>
      </Paper>
      <Actions>
        <CopyAction text={text} />
        {onEdit ? (
          <Tooltip label={t('message.editAndResend')} withArrow>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              aria-label={t('message.editAndResend')}
              ref={editButton}
              onClick={() => {
                setDraft(text);
                setEditing(true);
              }}
            >
              <IconPencil size={15} />
            </ActionIcon>
          </Tooltip>
        ) : null}
      </Actions>
    </Stack>
  );
});

function AssistantFrame({ status, children }: { status: string; children: ReactNode }) {
  return (
    <Group
      align="flex-start"
      gap="sm"
      wrap="nowrap"
      className="sandbox-message"
      data-testid="message"
      data-role="assistant"
      data-status={status}
    >
      <Avatar size={30} radius="xl" color="violet" variant="light" mt={2} aria-hidden>
        <IconRobot size={17} />
      </Avatar>
      <Box style={{ flex: 1, minWidth: 0 }}>{children}</Box>
    </Group>
  );
}

function StoppedBadge() {
  const { t } = useTranslation('sandbox');
  return (
    <Badge size="sm" variant="light" color="orange" leftSection={<IconPlayerStopFilled size={10} />} data-testid="stopped-badge">
      {t('message.stopped')}
    </Badge>
  );
}

function RegenerateAction({ onRegenerate }: { onRegenerate: () => void }) {
  const { t } = useTranslation('sandbox');
  const label = t('message.regenerate');
  return (
    <Tooltip label={label} withArrow>
      <ActionIcon variant="subtle" color="gray" size="sm" onClick={onRegenerate} aria-label={label}>
        <IconRefresh size={15} />
      </ActionIcon>
    </Tooltip>
  );
}

/** A saved answer, with its saved status: complete, stopped (badge) or failed (its error + Retry). */
export const AssistantMessage = memo(function AssistantMessage({
  message,
  labelOffline = false,
  onRegenerate,
}: {
  message: ChatMessage;
  /** Name the demo model under this answer (only when the conversation mixes models). */
  labelOffline?: boolean;
  /** Only on the last answer, when nothing is streaming. */
  onRegenerate?: (() => void) | undefined;
}) {
  const { t } = useTranslation('sandbox');
  const reason = useReason();
  return (
    <AssistantFrame status={message.status}>
      {message.text ? <MarkdownMessage text={message.text} /> : null}
      {message.status === 'error' || message.status === 'interrupted' ? (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          title={message.status === 'interrupted' ? t('message.cutOff') : t('message.failed')}
          mt={message.text ? 'sm' : 0}
          data-testid="answer-error"
        >
          <Text size="sm">{message.error ? reason(message.error) : t('message.providerFailed')}</Text>
          {onRegenerate ? (
            <Button size="xs" variant="white" color="red" mt="sm" onClick={onRegenerate}>
              {t('common:actions.retry')}
            </Button>
          ) : null}
        </Alert>
      ) : null}
      <Citations citations={message.citations} />
      {message.status === 'stopped' && !message.text ? (
        <Text size="sm" c="dimmed" fs="italic">
          {t('message.stoppedEmpty')}
        </Text>
      ) : null}
      <Group gap="xs" mt={6} wrap="wrap">
        {message.status === 'stopped' ? <StoppedBadge /> : null}
        {labelOffline && message.model === OFFLINE_MODEL_ID ? <OfflineLabel /> : null}
        <Actions>
          {message.text ? <CopyAction text={message.text} /> : null}
          {onRegenerate && message.status !== 'error' && message.status !== 'interrupted' ? <RegenerateAction onRegenerate={onRegenerate} /> : null}
        </Actions>
      </Group>
    </AssistantFrame>
  );
});

/** “No connection” after a colon reads as one sentence (keeps “AI GYM” as it is). */
const lowerFirst = (title: string): string => (/^\p{Lu}\p{Ll}/u.test(title) ? title.charAt(0).toLowerCase() + title.slice(1) : title);

/** The answer being streamed, or the one that just ended before the saved copy arrived. */
export function LiveAssistantMessage({ turn, onRetry, labelOffline = false }: { turn: LiveTurn; onRetry: () => void; labelOffline?: boolean }) {
  const { t } = useTranslation('sandbox');
  const streaming = turn.status === 'streaming';
  return (
    <AssistantFrame status={turn.status}>
      {turn.text ? (
        <Box aria-live="polite" aria-busy={streaming}>
          <MarkdownMessage text={turn.text} />
          {streaming ? <span className="sandbox-caret" aria-hidden /> : null}
        </Box>
      ) : streaming ? (
        <Group gap="xs" h={26} role="status" aria-label={t('message.waiting')}>
          <Loader type="dots" size="sm" />
        </Group>
      ) : null}
      <Citations citations={turn.metadata.citations ?? []} />
      {turn.status === 'error' ? (
        <Box mt={turn.text ? 'sm' : 0} data-testid="answer-error">
          <ErrorAlert
            error={turn.error}
            title={
              // Cut off: a deploy stopped it, or the database could not store it — the text stays here, never shown complete.
              turn.metadata.status === 'interrupted' ? t('message.cutOff') : turn.accepted ? t('message.failed') : t('message.notSent', { reason: lowerFirst(describeError(turn.error).title) })
            }
            onRetry={onRetry}
          />
        </Box>
      ) : null}
      <Group gap="xs" mt={6}>
        {turn.status === 'stopped' ? <StoppedBadge /> : null}
        {labelOffline && turn.metadata.offline ? <OfflineLabel /> : null}
      </Group>
    </AssistantFrame>
  );
}
