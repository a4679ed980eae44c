import type { ComponentType } from 'react';
import { createBrowserRouter, matchRoutes, Navigate, Outlet, useMatches, type RouteObject } from 'react-router';
import { NotFoundView } from '../components/errors/not-found-view.js';
import { RouteErrorBoundary } from '../components/errors/route-error-boundary.js';
import { FullPageLoader } from '../components/ui/full-page-loader.js';
import type * as PagesModule from './pages.js';
import { i18n, loadNamespaces } from '../lib/i18n.js';
import { RequireSession } from '../features/auth/components/require-session.js';
import { LoginPage } from './routes/login-page.js';
import { LogoutPage } from './routes/logout-page.js';
import { NotFoundPage } from './routes/not-found-page.js';

/**
 * Loads a lazy route's component together with the rest of Mantine's CSS (the first page only
 * ships what it renders: ./styles/login-styles.ts), so every lazy page renders styled.
 */
async function lazyComponent(load: () => Promise<ComponentType>, namespaces: string[] = []): Promise<{ Component: ComponentType }> {
  const [Component] = await Promise.all([load(), import('./styles/full-styles.js'), namespaces.length > 0 ? loadNamespaces(namespaces) : null]);
  return { Component };
}

type Pages = typeof PagesModule;

/**
 * Every lazy page's import lives in ./pages.ts, a chunk of its own. The bundler writes the files
 * each import preloads next to that import; here they would sit in the entry chunk, so /login would
 * grow with every page added to the app. main.tsx starts loading it at once on a signed-in page.
 */
export const loadPages = (): Promise<Pages> => import('./pages.js');

/**
 * A lazily loaded page with its own error boundary, so a crash keeps the shell around it.
 * `namespaces`: its strings, loaded with its code, so the page never suspends after it appeared
 * (a suspension then would remount it and lose what the person already typed).
 */
function lazyPage(path: string, pick: (pages: Pages) => Promise<ComponentType>, namespaces: string[] = []): RouteObject {
  return {
    path,
    errorElement: <RouteErrorBoundary />,
    lazy: () => lazyComponent(() => loadPages().then(pick), namespaces),
  };
}

function page(path: string, Component: ComponentType): RouteObject {
  return { path, Component, errorElement: <RouteErrorBoundary fullHeight /> };
}

const SIGNED_IN_ROUTE_ID = 'signed-in';

/**
 * Shown while the first page's chunks download. On a signed-in page it already runs the session
 * guard: restoring the session starts at once instead of after the (many, lazily loaded) chunks,
 * and a visitor without a session is sent to /login — or shown the error screen — without waiting
 * for a page they cannot open. Measured before this: the guard's first request left only after
 * every chunk of /dashboard had arrived (about 1.3 s on a quiet machine, over 2 s on a busy one).
 */
function BootFallback() {
  const guarded = useMatches().some((match) => match.id === SIGNED_IN_ROUTE_ID);
  if (!guarded) return <FullPageLoader />;
  return (
    <RequireSession>
      <FullPageLoader label={i18n.t('common:status.loading')} />
    </RequireSession>
  );
}

export const routes: RouteObject[] = [
  {
    element: <Outlet />,
    errorElement: <RouteErrorBoundary fullHeight />,
    hydrateFallbackElement: <BootFallback />,
    children: [
      { index: true, element: <Navigate to="/dashboard" replace /> },
      page('login', LoginPage),
      lazyPage('forgot-password', (pages) => pages.forgotPasswordPage(), ['account']),
      lazyPage('reset-password', (pages) => pages.resetPasswordPage(), ['account']),
      lazyPage('invite/:token', (pages) => pages.invitePage(), ['account']),
      page('logout', LogoutPage),
      // Public: anyone checks a certificate without signing in; its own chunk, so /login stays small.
      lazyPage('verify/:code', (pages) => pages.verifyPage()),
      {
        id: SIGNED_IN_ROUTE_ID,
        // The signed-in shell (AppShell, menus, navigation) is its own chunk: /login never loads it,
        // nor the strings only signed-in pages show (`signed-in`), which arrive before any such page.
        lazy: () => lazyComponent(() => loadPages().then((pages) => pages.signedInLayout()), ['signed-in', 'shell']),
        errorElement: <RouteErrorBoundary fullHeight />,
        children: [
          lazyPage('dashboard', (pages) => pages.dashboardPage(), ['dashboard']),
          lazyPage('profile', (pages) => pages.profilePage()),
          lazyPage('library', (pages) => pages.libraryPage(), ['library']),
          lazyPage('library/:id', (pages) => pages.libraryItemPage(), ['library']),
          lazyPage('sandbox', (pages) => pages.sandboxPage(), ['sandbox', 'budget']),
          lazyPage('lab', (pages) => pages.promptLabPage(), ['ai']),
          lazyPage('sandbox/:conversationId', (pages) => pages.conversationPage(), ['sandbox', 'budget']),
          lazyPage('exercises', (pages) => pages.exercisesPage()),
          lazyPage('exercises/:id', (pages) => pages.exercisePage(), ['exercises', 'budget']),
          lazyPage('exercises/:id/results', (pages) => pages.exerciseResultsPage()),
          lazyPage('programs', (pages) => pages.programsPage(), ['programs']),
          lazyPage('programs/:id', (pages) => pages.programPage()),
          lazyPage('programs/:id/progress', (pages) => pages.programProgressPage()),
          lazyPage('reviews', (pages) => pages.reviewsPage(), ['reviews']),
          lazyPage('reviews/:attemptId', (pages) => pages.reviewPage(), ['reviews']),
          lazyPage('reports/members/:userId', (pages) => pages.memberReportPage(), ['dashboard', 'programs']),
          {
            path: 'admin',
            errorElement: <RouteErrorBoundary />,
            children: [
              { index: true, element: <Navigate to="/dashboard" replace /> },
              {
                lazy: () => lazyComponent(() => loadPages().then((pages) => pages.requireAdmin())),
                errorElement: <RouteErrorBoundary />,
                children: [
                  { path: 'content', element: <Navigate to="/admin/content/agents" replace /> },
                  lazyPage('content/:kind', (pages) => pages.adminContentPage()),
                  lazyPage('content/:kind/new', (pages) => pages.adminContentPage()),
                  lazyPage('content/:kind/:id', (pages) => pages.adminContentPage()),
                  lazyPage('programs', (pages) => pages.adminProgramsPage()),
                  lazyPage('programs/new', (pages) => pages.adminProgramPage()),
                  lazyPage('programs/:id', (pages) => pages.adminProgramPage()),
                  lazyPage('communities', (pages) => pages.adminCommunitiesPage()),
                  lazyPage('communities/:communityId', (pages) => pages.adminCommunityPage()),
                  lazyPage('users', (pages) => pages.adminUsersPage()),
                  lazyPage('users/import', (pages) => pages.adminUsersImportPage()),
                  lazyPage('users/:userId', (pages) => pages.adminUserPage()),
                  lazyPage('flags', (pages) => pages.adminFlagsPage()),
                  lazyPage('ai', (pages) => pages.adminAiPage()),
                  lazyPage('audit', (pages) => pages.adminAuditPage()),
                  lazyPage('errors', (pages) => pages.adminErrorsPage()),
                  { path: '*', element: <NotFoundView fullHeight={false} /> },
                ],
              },
            ],
          },
        ],
      },
      page('*', NotFoundPage),
    ],
  },
];

/** True when `pathname` opens a page behind the session guard (not /login, /invite/… or a 404). */
export function needsSession(pathname: string): boolean {
  return (matchRoutes(routes, pathname) ?? []).some((match) => match.route.id === SIGNED_IN_ROUTE_ID);
}

export function createAppRouter() {
  return createBrowserRouter(routes);
}
