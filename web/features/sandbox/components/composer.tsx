import { ActionIcon, Button, Group, Paper, Text, Textarea, Tooltip } from '@mantine/core';
import { IconArrowUp, IconPlayerStopFilled, IconPrompt } from '@tabler/icons-react';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_MESSAGE_CHARS } from '../../../../contracts/conversations.js';
import { InsertPromptModal } from './insert-prompt-modal.js';

/**
 * The message box. Enter sends, Shift+Enter breaks the line; while an answer streams the send
 * button becomes Stop. "Insert prompt" fills it from the prompt library.
 */
export function Composer({
  onSend,
  onStop,
  streaming,
  busy = false,
  disabled = false,
  placeholder,
  openPromptId = null,
  onPromptHandled,
  autoFocus = false,
  restore = null,
}: {
  /** Returns false when the message could not be sent (the text then stays in the box). */
  onSend: (text: string) => unknown;
  onStop: () => void;
  streaming: boolean;
  /** Something else is in flight (creating the conversation, saving): sending waits. */
  busy?: boolean;
  disabled?: boolean;
  /** Defaults to “Write a message…”. */
  placeholder?: string;
  /** A library prompt to open the insert form for (?prompt=<id>). */
  openPromptId?: string | null;
  onPromptHandled?: () => void;
  autoFocus?: boolean;
  /** A sent message the server refused before saving it (a used-up budget): put back in the box. */
  restore?: { key: number; text: string } | null;
}) {
  const { t } = useTranslation('sandbox');
  const [text, setText] = useState('');
  const [promptModal, setPromptModal] = useState<{ open: boolean; promptId: string | null }>({ open: false, promptId: null });
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const tooLong = text.length > MAX_MESSAGE_CHARS;
  const canSend = !streaming && !busy && !disabled && text.trim().length > 0 && !tooLong;

  useEffect(() => {
    if (openPromptId) setPromptModal({ open: true, promptId: openPromptId });
  }, [openPromptId]);

  // Whatever the member typed meanwhile is kept: the refused text only fills an empty box.
  useEffect(() => {
    if (restore) setText((current) => (current.trim() ? current : restore.text));
  }, [restore]);

  const send = () => {
    if (!canSend) return;
    if (onSend(text.trim()) !== false) setText('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  const closePrompt = () => {
    setPromptModal({ open: false, promptId: null });
    onPromptHandled?.();
  };

  return (
    <Paper withBorder radius="lg" p={6} shadow="xs" data-testid="composer">
      <Textarea
        ref={inputRef}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        placeholder={placeholder ?? t('composer.placeholder')}
        aria-label={t('composer.label')}
        autosize
        minRows={1}
        maxRows={10}
        variant="unstyled"
        px="xs"
        disabled={disabled}
        autoFocus={autoFocus}
        styles={{ input: { fontSize: 'var(--mantine-font-size-sm)' } }}
      />
      <Group justify="space-between" gap="xs" px={4} wrap="nowrap">
        <Button
          variant="subtle"
          color="gray"
          size="compact-sm"
          leftSection={<IconPrompt size={16} />}
          onClick={() => setPromptModal({ open: true, promptId: null })}
          disabled={disabled}
        >
          {t('composer.insertPrompt')}
        </Button>
        <Group gap="xs" wrap="nowrap">
          <Text size="xs" c={tooLong ? 'red' : 'dimmed'} visibleFrom="xs">
            {tooLong
              ? t('composer.tooLong', { count: text.length - MAX_MESSAGE_CHARS })
              : text.length > MAX_MESSAGE_CHARS * 0.8
                ? t('composer.left', { count: MAX_MESSAGE_CHARS - text.length })
                : t('composer.hint')}
          </Text>
          {streaming ? (
            <Tooltip label={t('composer.stopAnswer')} withArrow>
              <ActionIcon size={34} radius="xl" color="dark" onClick={onStop} aria-label={t('composer.stop')}>
                <IconPlayerStopFilled size={16} />
              </ActionIcon>
            </Tooltip>
          ) : (
            <ActionIcon
              size={34}
              radius="xl"
              onClick={send}
              disabled={!canSend}
              loading={busy}
              aria-label={t('composer.send')}
            >
              <IconArrowUp size={18} />
            </ActionIcon>
          )}
        </Group>
      </Group>
      {promptModal.open ? (
        <InsertPromptModal
          opened
          initialPromptId={promptModal.promptId}
          onClose={closePrompt}
          onInsert={(filled) => {
            setText((current) => (current.trim() ? `${current.trimEnd()}\n\n${filled}` : filled));
            closePrompt();
            requestAnimationFrame(() => inputRef.current?.focus());
          }}
        />
      ) : null}
    </Paper>
  );
}
