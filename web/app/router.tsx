import type { ComponentType } from 'react';
import { createBrowserRouter, matchRoutes, Navigate, Outlet, useMatches, type RouteObject } from 'react-router';
import { NotFoundView } from '../components/errors/not-found-view.js';
import { RouteErrorBoundary } from '../components/errors/route-error-boundary.js';
import { FullPageLoader } from '../components/ui/full-page-loader.js';
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

/**
 * A lazily loaded page with its own error boundary, so a crash keeps the shell around it.
 * `namespaces`: its strings, loaded with its code, so the page never suspends after it appeared
 * (a suspension then would remount it and lose what the person already typed).
 */
function lazyPage(path: string, load: () => Promise<ComponentType>, namespaces: string[] = []): RouteObject {
  return {
    path,
    errorElement: <RouteErrorBoundary />,
    lazy: () => lazyComponent(load, namespaces),
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
      lazyPage('forgot-password', () => import('./routes/forgot-password-page.js').then((m) => m.ForgotPasswordPage), ['account']),
      lazyPage('reset-password', () => import('./routes/reset-password-page.js').then((m) => m.ResetPasswordPage), ['account']),
      lazyPage('invite/:token', () => import('./routes/invite-page.js').then((m) => m.InvitePage), ['account']),
      page('logout', LogoutPage),
      // Public: anyone checks a certificate without signing in; its own chunk, so /login stays small.
      lazyPage('verify/:code', () => import('./routes/verify-page.js').then((m) => m.VerifyPage)),
      {
        id: SIGNED_IN_ROUTE_ID,
        // The signed-in shell (AppShell, menus, navigation) is its own chunk: /login never loads it,
        // nor the strings only signed-in pages show (`signed-in`), which arrive before any such page.
        lazy: () => lazyComponent(() => import('./signed-in-layout.js').then((m) => m.SignedInLayout), ['signed-in', 'shell']),
        errorElement: <RouteErrorBoundary fullHeight />,
        children: [
          lazyPage('dashboard', () => import('./routes/dashboard-page.js').then((m) => m.DashboardPage)),
          lazyPage('profile', () => import('./routes/profile-page.js').then((m) => m.ProfilePage)),
          lazyPage('library', () => import('./routes/library-page.js').then((m) => m.LibraryPage)),
          lazyPage('library/:id', () => import('./routes/library-page.js').then((m) => m.LibraryItemPage)),
          lazyPage('sandbox', () => import('./routes/sandbox-page.js').then((m) => m.SandboxPage), ['sandbox', 'budget']),
          lazyPage('lab', () => import('./routes/prompt-lab-page.js').then((m) => m.PromptLabPage), ['ai']),
          lazyPage('sandbox/:conversationId', () => import('./routes/sandbox-page.js').then((m) => m.SandboxPage), ['sandbox', 'budget']),
          lazyPage('exercises', () => import('./routes/exercise-page.js').then((m) => m.ExercisesPage)),
          lazyPage('exercises/:id', () => import('./routes/exercise-page.js').then((m) => m.ExercisePage)),
          lazyPage('exercises/:id/results', () => import('./routes/exercise-page.js').then((m) => m.ExerciseResultsPage)),
          lazyPage('programs', () => import('./routes/programs-page.js').then((m) => m.ProgramsPage)),
          lazyPage('programs/:id', () => import('./routes/programs-page.js').then((m) => m.ProgramPage)),
          lazyPage('programs/:id/progress', () => import('./routes/programs-page.js').then((m) => m.ProgramProgressPage)),
          lazyPage('reports/members/:userId', () =>
            import('./routes/member-report-page.js').then((m) => m.MemberReportPage),
            ['dashboard', 'programs'],
          ),
          {
            path: 'admin',
            errorElement: <RouteErrorBoundary />,
            children: [
              { index: true, element: <Navigate to="/dashboard" replace /> },
              {
                lazy: () => lazyComponent(() => import('../features/auth/components/require-admin.js').then((m) => m.RequireAdmin)),
                errorElement: <RouteErrorBoundary />,
                children: [
                  { path: 'content', element: <Navigate to="/admin/content/agents" replace /> },
                  lazyPage('content/:kind', () => import('./routes/admin-content-page.js').then((m) => m.AdminContentPage)),
                  lazyPage('content/:kind/new', () =>
                    import('./routes/admin-content-page.js').then((m) => m.AdminContentPage),
                  ),
                  lazyPage('content/:kind/:id', () =>
                    import('./routes/admin-content-page.js').then((m) => m.AdminContentPage),
                  ),
                  lazyPage('programs', () => import('./routes/admin-programs-page.js').then((m) => m.AdminProgramsPage)),
                  lazyPage('programs/new', () => import('./routes/admin-programs-page.js').then((m) => m.AdminProgramPage)),
                  lazyPage('programs/:id', () => import('./routes/admin-programs-page.js').then((m) => m.AdminProgramPage)),
                  lazyPage('communities', () =>
                    import('./routes/admin-communities-page.js').then((m) => m.AdminCommunitiesPage),
                  ),
                  lazyPage('communities/:communityId', () =>
                    import('./routes/admin-community-page.js').then((m) => m.AdminCommunityPage),
                  ),
                  lazyPage('users', () => import('./routes/admin-users-page.js').then((m) => m.AdminUsersPage)),
                  lazyPage('users/import', () =>
                    import('./routes/admin-users-import-page.js').then((m) => m.AdminUsersImportPage),
                  ),
                  lazyPage('users/:userId', () => import('./routes/admin-user-page.js').then((m) => m.AdminUserPage)),
                  lazyPage('flags', () => import('./routes/admin-flags-page.js').then((m) => m.AdminFlagsPage)),
                  lazyPage('ai', () => import('./routes/admin-ai-page.js').then((m) => m.AdminAiPage)),
                  lazyPage('audit', () => import('./routes/admin-audit-page.js').then((m) => m.AdminAuditPage)),
                  lazyPage('errors', () => import('./routes/admin-errors-page.js').then((m) => m.AdminErrorsPage)),
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
