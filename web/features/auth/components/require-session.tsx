import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorScreen } from '../../../components/errors/error-screen.js';
import { FullPageLoader } from '../../../components/ui/full-page-loader.js';
import { describeError, isApiError } from '../../../lib/http/api-error.js';
import { getRequestTimeoutMs } from '../../../lib/http/session.js';
import { loginPathFor } from '../../../lib/safe-next.js';
import { useDeadline } from '../../../lib/use-deadline.js';
import { SessionContext, useMeQuery, wasSignedOutOnPurpose } from '../hooks/use-me.js';
import { useSignOut } from '../hooks/use-sign-out.js';

/**
 * The route guard. Exactly three outcomes: the page, a redirect to /login, or an error screen
 * with Retry and Sign out. The loader in between cannot outlive the request timeout.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const { t } = useTranslation('auth');
  const me = useMeQuery();
  const location = useLocation();
  const signOut = useSignOut();
  const waitedTooLong = useDeadline(me.isPending, getRequestTimeoutMs() + 1_000);

  if (me.data) return <SessionContext value={me.data}>{children}</SessionContext>;
  if (me.data === null) return <Navigate to={wasSignedOutOnPurpose() ? '/login' : loginPathFor(location)} replace />;

  if (me.isError || waitedTooLong) {
    const error = me.error ?? new Error(t('session.tooLong'));
    const described = describeError(error);
    const offline = isApiError(error) ? error.isTransient : true;
    return (
      <ErrorScreen
        title={offline ? t('session.offlineTitle') : described.title}
        message={
          offline
            ? t('session.offlineMessage', { message: described.message })
            : described.message
        }
        requestId={described.requestId}
        offline={offline}
        retrying={me.isFetching}
        onRetry={() => void me.refetch()}
        onSignOut={() => void signOut()}
      />
    );
  }
  return <FullPageLoader label={t('session.opening')} />;
}
