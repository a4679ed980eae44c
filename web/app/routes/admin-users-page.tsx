import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { UsersList } from '../../features/admin/components/users-list.js';
import { useSession } from '../../features/auth/hooks/use-me.js';

export function AdminUsersPage() {
  const { t } = useTranslation('admin');
  useDocumentTitle(`${t('pageTitle.users')} · AI GYM`);
  const me = useSession();
  return <UsersList currentUserId={me.user.id} />;
}
