import { type ReactNode, useSyncExternalStore } from 'react';
import { i18n } from '../../lib/i18n.js';
import { failedChunkMessage, subscribeToChunkErrors } from '../../lib/chunk-load-errors.js';
import { ErrorScreen } from './error-screen.js';

/**
 * Replaces the app with an error screen once a piece of its code failed to download: the page cannot
 * be drawn without it, and a reload (which fetches it again) is the way out. Only initial-chunk
 * components here, so the screen itself never needs a download.
 */
export function ChunkErrorGate({ children }: { children: ReactNode }) {
  const failed = useSyncExternalStore(subscribeToChunkErrors, failedChunkMessage, () => null);
  if (failed === null) return children;
  return (
    <ErrorScreen
      title={i18n.t('common:errors.chunkTitle')}
      message={i18n.t('common:errors.chunkMessage')}
      onRetry={() => window.location.reload()}
      retryLabel={i18n.t('common:actions.reload')}
    />
  );
}
