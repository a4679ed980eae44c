import { ActionIcon, Button, Group, Menu, Stack, Text, TextInput } from '@mantine/core';
import { useMenuOpener } from '../../../components/list/row-actions.js';
import { Dialog } from '../../../components/ui/dialog.js';
import { notifications } from '@mantine/notifications';
import {
  IconDots,
  IconFileTypeTxt,
  IconJson,
  IconPencil,
  IconPin,
  IconPinnedOff,
  IconTrash,
} from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '../../../../contracts/conversations.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { ConfirmModal } from '../../../components/ui/confirm-modal.js';
import { describeError } from '../../../lib/http/api-error.js';
import { downloadExport } from '../api/conversations-api.js';
import { useDeleteConversation, useUpdateConversation } from '../hooks/use-conversations.js';
import { DANGER_TEXT } from '../../../lib/danger-text.js';

function RenameModal({ conversation, onClose }: { conversation: Conversation; onClose: () => void }) {
  const { t } = useTranslation('sandbox');
  const [title, setTitle] = useState(conversation.title);
  const update = useUpdateConversation();
  const trimmed = title.trim();
  return (
    <Dialog opened onClose={onClose} title={<Text fw={600}>{t('actions.renameTitle')}</Text>} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!trimmed) return;
          update.mutate({ id: conversation.id, patch: { title: trimmed } }, { onSuccess: onClose });
        }}
      >
        <Stack gap="md">
          <TextInput
            label={t('actions.title')}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            maxLength={200}
            error={trimmed ? undefined : t('actions.titleRequired')}
            data-autofocus
          />
          {update.error ? <ErrorAlert error={update.error} /> : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={update.isPending}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={update.isPending} disabled={!trimmed}>
              {t('common:actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}

/** Rename, pin, export and delete, for the history list and the conversation header. */
export function ConversationActions({
  conversation,
  onDeleted,
  size = 'sm',
}: {
  conversation: Conversation;
  onDeleted?: () => void;
  size?: 'sm' | 'md';
}) {
  const { t } = useTranslation('sandbox');
  const [dialog, setDialog] = useState<'rename' | 'delete' | null>(null);
  // Rename and Delete open dialogs that give focus back to the ⋯ button.
  const { button, fromMenu } = useMenuOpener();
  const update = useUpdateConversation();
  const remove = useDeleteConversation();
  const exporter = useMutation({
    mutationFn: (format: 'markdown' | 'json') => downloadExport(conversation.id, format),
    onError: (error) => {
      const described = describeError(error);
      notifications.show({ color: 'red', title: t('actions.exportFailed', { reason: described.title }), message: described.message });
    },
  });
  const togglePin = () =>
    update.mutate(
      { id: conversation.id, patch: { pinned: !conversation.pinned } },
      {
        onError: (error) => {
          const described = describeError(error);
          notifications.show({ color: 'red', title: described.title, message: described.message });
        },
      },
    );

  return (
    <>
      <Menu position="bottom-end" withinPortal shadow="md" width={210}>
        <Menu.Target>
          <ActionIcon
            ref={button}
            variant="subtle"
            color="gray"
            size={size}
            aria-label={t('actions.menu', { title: conversation.title })}
            className="sandbox-history-menu"
            onClick={(e) => e.stopPropagation()}
          >
            <IconDots size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconPencil size={15} />} onClick={fromMenu(() => setDialog('rename'))}>
            {t('actions.rename')}
          </Menu.Item>
          <Menu.Item
            leftSection={conversation.pinned ? <IconPinnedOff size={15} /> : <IconPin size={15} />}
            onClick={togglePin}
          >
            {conversation.pinned ? t('actions.unpin') : t('actions.pin')}
          </Menu.Item>
          <Menu.Divider />
          <Menu.Label>{t('actions.export')}</Menu.Label>
          <Menu.Item leftSection={<IconFileTypeTxt size={15} />} onClick={() => exporter.mutate('markdown')}>
            Markdown (.md)
          </Menu.Item>
          <Menu.Item leftSection={<IconJson size={15} />} onClick={() => exporter.mutate('json')}>
            JSON (.json)
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item color={DANGER_TEXT} leftSection={<IconTrash size={15} />} onClick={fromMenu(() => setDialog('delete'))}>
            {t('common:actions.delete')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {dialog === 'rename' ? <RenameModal conversation={conversation} onClose={() => setDialog(null)} /> : null}
      <ConfirmModal
        opened={dialog === 'delete'}
        title={t('actions.deleteTitle')}
        confirmLabel={t('common:actions.delete')}
        danger
        loading={remove.isPending}
        error={remove.error}
        onClose={() => {
          setDialog(null);
          remove.reset();
        }}
        onConfirm={() =>
          remove.mutate(conversation.id, {
            onSuccess: () => {
              setDialog(null);
              onDeleted?.();
            },
          })
        }
      >
        {t('actions.deleteBody', { title: conversation.title })}
      </ConfirmModal>
    </>
  );
}
