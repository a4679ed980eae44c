import { Box, Button, Center, Loader } from '@mantine/core';
import { useCallback, useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/errors/error-alert.js';

const NEAR_BOTTOM_PX = 120;

/**
 * The scrolling message column. Follows the newest text while the reader is at the bottom (and
 * leaves them alone once they scroll up); loads older messages when the top comes into view and
 * keeps the reading position when they are added above.
 */
export function MessageScroller({
  children,
  firstKey,
  contentVersion,
  hasOlder,
  loadingOlder,
  olderError,
  onLoadOlder,
}: {
  children: ReactNode;
  /** Identity of the oldest message shown: it changes when older ones are prepended. */
  firstKey: string | null;
  /** Changes whenever anything inside grows (new message, streamed text). */
  contentVersion: string;
  hasOlder: boolean;
  loadingOlder: boolean;
  olderError: unknown;
  onLoadOlder: () => void;
}) {
  const { t } = useTranslation('sandbox');
  const viewport = useRef<HTMLDivElement>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const anchor = useRef<{ height: number; top: number } | null>(null);

  const loadOlder = useCallback(() => {
    const el = viewport.current;
    if (el) anchor.current = { height: el.scrollHeight, top: el.scrollTop };
    onLoadOlder();
  }, [onLoadOlder]);

  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return;
    if (anchor.current) {
      el.scrollTop = anchor.current.top + (el.scrollHeight - anchor.current.height);
      anchor.current = null;
    }
  }, [firstKey]);

  useLayoutEffect(() => {
    const el = viewport.current;
    if (el && atBottom.current && !anchor.current) el.scrollTop = el.scrollHeight;
  }, [contentVersion]);

  useEffect(() => {
    const el = viewport.current;
    const target = sentinel.current;
    if (!el || !target || !hasOlder || loadingOlder || olderError || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        // Only once the reader has scrolled: the first screen of a short conversation shows the top too.
        if (entries.some((e) => e.isIntersecting) && el.scrollHeight > el.clientHeight) loadOlder();
      },
      { root: el, rootMargin: '150px 0px 0px 0px' },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasOlder, loadingOlder, olderError, loadOlder]);

  return (
    <Box
      ref={viewport}
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
      }}
      style={{ flex: 1, minHeight: 0, overflowY: 'auto', overscrollBehavior: 'contain' }}
      data-testid="message-scroller"
    >
      <Box maw={820} mx="auto" px={{ base: 'sm', sm: 'lg' }} py="md">
        <div ref={sentinel} />
        {olderError ? (
          <Box mb="md">
            <ErrorAlert error={olderError} title={t('message.olderFailed')} onRetry={loadOlder} />
          </Box>
        ) : hasOlder ? (
          <Center mb="md">
            {loadingOlder ? (
              <Loader size="sm" type="dots" aria-label={t('message.loadingOlder')} />
            ) : (
              <Button variant="subtle" size="xs" onClick={loadOlder}>
                {t('message.loadOlder')}
              </Button>
            )}
          </Center>
        ) : null}
        {children}
      </Box>
    </Box>
  );
}
