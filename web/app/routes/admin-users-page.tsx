import { useDocumentTitle } from '@mantine/hooks';
import { UsersList } from '../../features/admin/components/users-list.js';
import { useSession } from '../../features/auth/hooks/use-me.js';

export function AdminUsersPage() {
  useDocumentTitle('Users · AI GYM');
  const me = useSession();
  return <UsersList currentUserId={me.user.id} />;
}
