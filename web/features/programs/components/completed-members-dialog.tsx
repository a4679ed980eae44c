import { Button, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { errorDetailsSchemas } from '../../../../contracts/errors.js';
import type { UpdateProgramInput } from '../../../../contracts/programs.js';
import { Dialog } from '../../../components/ui/dialog.js';
import { isApiError } from '../../../lib/http/api-error.js';

export type CompletedMembersAsk = z.infer<(typeof errorDetailsSchemas)['completed_members_choice_required']>;
export type CompletedMembersChoice = NonNullable<UpdateProgramInput['completedMembers']>;

/** The server's question when a save adds steps members must do and some already finished (409); null for any other error. */
export function completedMembersAsk(error: unknown): CompletedMembersAsk | null {
  if (!isApiError(error) || error.code !== 'completed_members_choice_required') return null;
  const parsed = errorDetailsSchemas.completed_members_choice_required.safeParse(error.details);
  return parsed.success ? parsed.data : null;
}

/**
 * Asks the trainer whether the people who already finished the program must do the new steps.
 * Closing it saves nothing; either answer saves again with the choice.
 */
export function CompletedMembersDialog({ ask, onChoose, onClose }: { ask: CompletedMembersAsk | null; onChoose: (choice: CompletedMembersChoice) => void; onClose: () => void }) {
  const { t } = useTranslation('programs');
  const steps = ask?.newSteps.length ?? 1;
  return (
    <Dialog opened={ask !== null} onClose={onClose} title={t('stepChange.title', { count: steps })} data-testid="completed-members-dialog">
      {ask ? (
        <Stack gap="md">
          <Text fw={600}>{t('stepChange.finished', { count: ask.completedMembers })}</Text>
          <div>
            <Text size="sm">{t('stepChange.newSteps', { count: steps })}</Text>
            <List size="sm" withPadding>
              {ask.newSteps.map((s) => (
                <List.Item key={s.contentId}>{s.title}</List.Item>
              ))}
            </List>
          </div>
          {ask.inProgressMembers > 0 ? (
            <Text size="sm" c="dimmed">
              {t('stepChange.inProgress', { count: ask.inProgressMembers })}
            </Text>
          ) : null}
          <Stack gap={4}>
            <Button variant="default" onClick={() => onChoose('keep')}>
              {t('stepChange.keep')}
            </Button>
            <Text size="xs" c="dimmed">
              {t('stepChange.keepHelp')}
            </Text>
          </Stack>
          <Stack gap={4}>
            <Button onClick={() => onChoose('reopen')}>{t('stepChange.reopen')}</Button>
            <Text size="xs" c="dimmed">
              {t('stepChange.reopenHelp')}
            </Text>
          </Stack>
        </Stack>
      ) : null}
    </Dialog>
  );
}
