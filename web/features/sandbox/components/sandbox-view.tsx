import { ActionIcon, Box, Center, Drawer, Group, Loader, Paper, Text, Tooltip } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconHistory } from '@tabler/icons-react';
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { HistorySidebar } from './history-sidebar.js';
import { StartView } from './start-view.js';
// The frame's own styles (history items, starter prompts); they came with the markdown renderer, which now loads later.
import './sandbox.css';

/**
 * A conversation's code (the chat transport, the markdown renderer: about 100 KB) loads only when
 * a conversation is open: /sandbox draws its agent picker without waiting for it (throttled-phone
 * LCP, docs/benchmarks.md). A route with a conversation id loads it with the page's code (app/pages.ts).
 */
const ConversationView = lazy(() => import('./conversation-view.js').then((m) => ({ default: m.ConversationView })));

/**
 * The sandbox frame: history on the left (a drawer at phone width), the agent picker or the
 * conversation on the right. Sized to the window so only the messages scroll.
 */
export function SandboxView({ conversationId }: { conversationId: string | null }) {
  const { t } = useTranslation('sandbox');
  // Mantine's `sm` breakpoint (48em), where the app shell's own navigation collapses too.
  const phone = useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false });
  const [drawerOpen, drawer] = useDisclosure(false);
  const { pathname } = useLocation();

  const closeDrawer = drawer.close;
  useEffect(() => closeDrawer(), [pathname, closeDrawer]);

  const historyButton = phone ? (
    <Tooltip label={t('frame.history')} withArrow>
      <ActionIcon variant="default" size="lg" onClick={drawer.open} aria-label={t('frame.openHistory')}>
        <IconHistory size={18} />
      </ActionIcon>
    </Tooltip>
  ) : null;

  return (
    <Group
      align="stretch"
      gap="md"
      wrap="nowrap"
      h={{ base: 'calc(100dvh - 112px)', sm: 'calc(100dvh - 124px)' }}
      mih={360}
      data-testid="sandbox"
    >
      {phone ? (
        <Drawer
          opened={drawerOpen}
          onClose={drawer.close}
          size="85%"
          title={<Text fw={600}>{t('frame.conversations')}</Text>}
          styles={{ body: { height: 'calc(100% - 60px)' } }}
        >
          <HistorySidebar activeId={conversationId} onNavigate={drawer.close} />
        </Drawer>
      ) : (
        <Paper withBorder radius="md" p="sm" w={290} style={{ flexShrink: 0 }} component="aside" aria-label={t('frame.historyLabel')}>
          <HistorySidebar activeId={conversationId} />
        </Paper>
      )}
      <Paper withBorder radius="md" style={{ flex: 1, minWidth: 0, overflow: 'hidden' }} component="section">
        <Box h="100%">
          {conversationId ? (
            <Suspense fallback={<ConversationLoader />}>
              <ConversationView key={conversationId} conversationId={conversationId} leading={historyButton} />
            </Suspense>
          ) : (
            <StartView leading={historyButton} />
          )}
        </Box>
      </Paper>
    </Group>
  );
}

function ConversationLoader() {
  const { t } = useTranslation('common');
  return (
    <Center h="100%" data-testid="section-loader" role="status" aria-label={t('status.loading')}>
      <Loader type="dots" />
    </Center>
  );
}
