import { useTranslation } from 'react-i18next';
import { i18n } from '../../lib/i18n.js';
import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiError } from '../../lib/http/api-error.js';
import { getRequestTimeoutMs } from '../../lib/http/session.js';
import { useDeadline } from '../../lib/use-deadline.js';
import { ErrorAlert } from '../errors/error-alert.js';

const tooSlow = () => new ApiError({ kind: 'timeout', status: 0, code: 'timeout', message: i18n.t('common:status.tooSlow') });

/** Loading → content, or an error with Retry. The loader is bounded by the request timeout. */
export function QueryGate({
  pending,
  error,
  onRetry,
  children,
}: {
  pending: boolean;
  error: unknown;
  onRetry: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation('common');
  const late = useDeadline(pending && !error, getRequestTimeoutMs() + 1_000);
  if (error || late) return <ErrorAlert error={error ?? tooSlow()} onRetry={onRetry} />;
  if (pending) {
    return (
      <Center py={48} data-testid="section-loader" role="status" aria-label={t('status.loading')}>
        <Loader type="dots" />
      </Center>
    );
  }
  return <>{children}</>;
}
