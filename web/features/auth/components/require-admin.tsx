import { Outlet } from 'react-router';
import { NotAllowedView } from '../../../components/errors/not-allowed-view.js';
import { useSession } from '../hooks/use-me.js';

/** Admin-only areas: a member sees a clear "not allowed" page — never a redirect loop. */
export function RequireAdmin() {
  const me = useSession();
  if (me.user.role !== 'admin') return <NotAllowedView />;
  return <Outlet />;
}
