import { Progress } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { Outlet, useNavigation } from 'react-router';
import { AppShellLayout } from '../components/layouts/app-shell-layout.js';
import { RequireSession } from '../features/auth/components/require-session.js';
import { useSession } from '../features/auth/hooks/use-me.js';
import { useSignOut } from '../features/auth/hooks/use-sign-out.js';
import { navigationFor, roleLabel } from './navigation.js';

function SignedInFrame() {
  const me = useSession();
  const signOut = useSignOut();
  const navigation = useNavigation();
  return (
    <AppShellLayout
      sections={navigationFor(me)}
      user={{ displayName: me.user.displayName, email: me.user.email, roleLabel: roleLabel(me) }}
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
          aria-label="Loading page"
        />
      ) : null}
      <Outlet />
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
