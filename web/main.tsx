import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { AppErrorBoundary } from './components/errors/app-error-boundary.js';
import { Providers } from './app/providers.js';
import { createAppRouter } from './app/router.js';
import { markSignedOut } from './features/auth/hooks/use-me.js';
import { onSessionEnded } from './lib/http/session.js';
import { createQueryClient } from './lib/query-client.js';
import { installGlobalErrorReporting } from './lib/report-client-error.js';

installGlobalErrorReporting();

const queryClient = createQueryClient();
// Registered before anything renders, so no request can end a session unnoticed.
onSessionEnded(() => markSignedOut(queryClient));
const router = createAppRouter();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');

createRoot(container).render(
  <StrictMode>
    <Providers queryClient={queryClient}>
      <AppErrorBoundary>
        <RouterProvider router={router} />
      </AppErrorBoundary>
    </Providers>
  </StrictMode>,
);
