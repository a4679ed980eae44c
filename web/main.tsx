import './app/styles/login-styles.js';
import './app/global.css';
import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { AppErrorBoundary } from './components/errors/app-error-boundary.js';
import { ChunkErrorGate } from './components/errors/chunk-error-gate.js';
import { installChunkErrorHandling } from './lib/chunk-load-errors.js';
import { Providers } from './app/providers.js';
import { FullPageLoader } from './components/ui/full-page-loader.js';
import { createAppRouter, loadPages, needsSession } from './app/router.js';
import { markSignedOut, meQueryOptions } from './features/auth/hooks/use-me.js';
import { onSessionEnded } from './lib/http/session.js';
import { initI18n } from './lib/i18n.js';
import { createQueryClient } from './lib/query-client.js';
import { installGlobalErrorReporting } from './lib/report-client-error.js';

installGlobalErrorReporting();
installChunkErrorHandling();

const queryClient = createQueryClient();
// Registered before anything renders, so no request can end a session unnoticed.
onSessionEnded(() => markSignedOut(queryClient));
// Restoring the session is the first request a signed-in page makes, sent before the router asks
// for the page's chunks: it does not queue behind them, and the guard has its answer sooner. The
// index of lazy pages follows at once, so the page's own chunks are not a round trip later.
if (needsSession(window.location.pathname)) {
  void queryClient.prefetchQuery(meQueryOptions);
  void loadPages();
}
const router = createAppRouter();
// Off the critical path: the sign-in page does not wait for the vitals reporter's code.
void import('./lib/web-vitals.js').then(({ startWebVitals }) => startWebVitals(router));

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');

const root = createRoot(container);
// The first paint waits for the language's `common` and `auth` strings (two small files, fetched
// with the route's code); a page's own namespace suspends into the loader below while it arrives.
void initI18n({ preload: ['auth'] }).finally(() =>
  root.render(
    <StrictMode>
      <Providers queryClient={queryClient}>
        <AppErrorBoundary>
          <ChunkErrorGate>
            <Suspense fallback={<FullPageLoader />}>
              <RouterProvider router={router} />
            </Suspense>
          </ChunkErrorGate>
        </AppErrorBoundary>
      </Providers>
    </StrictMode>,
  ),
);
