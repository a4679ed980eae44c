import { Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import { notify } from '../../../lib/notify.js';
import { IconTrashX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { Dialog } from '../../../components/ui/dialog.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { erasePerson } from '../api/privacy-api.js';

/**
 * Admin → person: erase them everywhere (GDPR art. 17). The button opens a dialog where the admin
 * types the person's email; the server checks it too. On failure the dialog stays with what was typed.
 */
export function ErasePersonCard({ userId, email, isSelf }: { userId: string; email: string; isSelf: boolean }) {
  const { t } = useTranslation('privacy');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const erase = useMutation({
    mutationFn: () => erasePerson(userId, typed),
    onSuccess: async (result) => {
      notify({ color: 'teal', message: t('erase.done', { pseudonym: result.pseudonym }), autoClose: 6000 });
      queryClient.removeQueries({ queryKey: queryKeys.users.detail(userId) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.users.all });
      await navigate('/admin/users');
    },
  });
  const matches = typed.trim().toLowerCase() === email.toLowerCase();
  if (isSelf) return null;
  return (
    <Card padding="lg" data-testid="erase-person">
      <Stack gap="sm">
        <Text fw={650}>{t('erase.title')}</Text>
        <Text size="sm" c="dimmed">
          {t('erase.hint')}
        </Text>
        <Group>
          <Button color="red" variant="light" leftSection={<IconTrashX size={16} aria-hidden />} onClick={() => setOpen(true)}>
            {t('erase.open')}
          </Button>
        </Group>
      </Stack>
      <Dialog opened={open} onClose={() => setOpen(false)} title={t('erase.dialogTitle')} centered closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (matches) erase.mutate();
          }}
        >
          <Stack gap="md">
            <Text size="sm">{t('erase.warning')}</Text>
            <TextInput
              label={t('erase.confirmLabel', { email })}
              value={typed}
              onChange={(event) => setTyped(event.currentTarget.value)}
              autoComplete="off"
              data-autofocus
              data-testid="erase-confirmation"
            />
            {erase.error ? <ErrorAlert error={erase.error} /> : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                {t('erase.cancel')}
              </Button>
              <Button type="submit" color="red.8" disabled={!matches} loading={erase.isPending} data-testid="erase-submit">
                {t('erase.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Dialog>
    </Card>
  );
}
