import { Progress } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useNavigation } from 'react-router';
import { FullPageLoader } from '../components/ui/full-page-loader.js';
import { AppShellLayout } from '../components/layouts/app-shell-layout.js';
import { RequireSession } from '../features/auth/components/require-session.js';
import { useSession } from '../features/auth/hooks/use-me.js';
import { useSignOut } from '../features/auth/hooks/use-sign-out.js';
import { navigationFor, roleLabel } from './navigation.js';

function SignedInFrame() {
  const me = useSession();
  const signOut = useSignOut();
  const navigation = useNavigation();
  const { t } = useTranslation('shell');
  return (
    <AppShellLayout
      sections={navigationFor(me, t)}
      user={{ displayName: me.user.displayName, email: me.user.email, roleLabel: roleLabel(me, t) }}
      onSignOut={() => void signOut()}
    >
      {/* Toasts are only used by signed-in pages; mounting them here keeps them out of /login. */}
      <Notifications position="top-right" limit={4} />
      {navigation.state === 'loading' ? (
        <Progress
          value={100}
          animated
          size={3}
          radius={0}
          pos="fixed"
          top={0}
          left={0}
          right={0}
          style={{ zIndex: 1000 }}
          aria-label={t('header.loadingPage')}
        />
      ) : null}
      {/* A page whose strings are still loading keeps the shell around its loader. */}
      <Suspense fallback={<FullPageLoader fullHeight={false} />}>
        <Outlet />
      </Suspense>
    </AppShellLayout>
  );
}

export function SignedInLayout() {
  return (
    <RequireSession>
      <SignedInFrame />
    </RequireSession>
  );
}
