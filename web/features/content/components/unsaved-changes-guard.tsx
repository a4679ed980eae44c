import { Button, Group, Stack, Text } from '@mantine/core';
import { Dialog } from '../../../components/ui/dialog.js';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocker } from 'react-router';

/**
 * Asks before leaving a form with unsaved changes: in-app navigation through the router's
 * blocker (a confirm modal), closing or reloading the tab through beforeunload.
 * `when` is read at navigation time, so a save that navigates away can turn it off first.
 */
export function UnsavedChangesGuard({ when }: { when: () => boolean }) {
  const { t } = useTranslation('content');
  const blocker = useBlocker(({ currentLocation, nextLocation }) => {
    if (currentLocation.pathname === nextLocation.pathname && currentLocation.search === nextLocation.search) return false;
    return when();
  });

  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!when()) return;
      event.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [when]);

  return (
    <Dialog
      opened={blocker.state === 'blocked'}
      onClose={() => blocker.reset?.()}
      title={<Text fw={650}>{t('unsaved.title')}</Text>}
      centered
    >
      <Stack gap="md">
        <Text size="sm">{t('unsaved.body')}</Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => blocker.reset?.()} data-autofocus>
            {t('unsaved.keep')}
          </Button>
          <Button color="red" onClick={() => blocker.proceed?.()}>
            {t('unsaved.discard')}
          </Button>
        </Group>
      </Stack>
    </Dialog>
  );
}
