import { useTranslation } from 'react-i18next';
import { Button } from '@mantine/core';
import { useEffect } from 'react';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { describeError } from '../../lib/http/api-error.js';
import { isChunkLoadError } from '../../lib/chunk-load-errors.js';
import { reportClientError } from '../../lib/report-client-error.js';
import { ErrorScreen } from './error-screen.js';
import { NotFoundView } from './not-found-view.js';

/** errorElement of every route: the rest of the app keeps working, the crash is reported. */
export function RouteErrorBoundary({ fullHeight = false }: { fullHeight?: boolean }) {
  const { t } = useTranslation('common');
  const error = useRouteError();
  const routeResponse = isRouteErrorResponse(error);

  useEffect(() => {
    if (!routeResponse) reportClientError(error);
  }, [error, routeResponse]);

  if (routeResponse && error.status === 404) return <NotFoundView fullHeight={fullHeight} />;

  const chunk = isChunkLoadError(error);
  const described = describeError(error);
  return (
    <ErrorScreen
      fullHeight={fullHeight}
      title={chunk ? t('errors.chunkTitle') : t('errors.pageProblemTitle')}
      message={chunk ? t('errors.chunkMessage') : t('errors.pageProblemMessage', { message: described.message })}
      onRetry={() => window.location.reload()}
      {...(chunk ? { retryLabel: t('actions.reload') } : {})}
    >
      <Button variant="default" component={Link} to="/dashboard">
        {t('errors.goToDashboard')}
      </Button>
    </ErrorScreen>
  );
}
