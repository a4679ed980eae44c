import { Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { UserDetail } from '../../features/admin/components/user-detail.js';
import { ResetTwoFactorCard } from '../../features/auth/components/reset-two-factor-card.js';
import { useSession } from '../../features/auth/hooks/use-me.js';
import { useUser } from '../../features/admin/hooks/use-users.js';
import { ErasePersonCard } from '../../features/privacy/components/erase-person-card.js';

export function AdminUserPage() {
  const { t } = useTranslation('admin');
  useDocumentTitle(`${t('pageTitle.user')} · AI GYM`);
  const { userId = '' } = useParams();
  const me = useSession();
  const user = useUser(userId);
  return (
    <Stack gap="lg">
      <UserDetail key={userId} userId={userId} currentUserId={me.user.id} />
      <ResetTwoFactorCard key={`2fa-${userId}`} userId={userId} isSelf={userId === me.user.id} />
      {user.data ? <ErasePersonCard key={`erase-${userId}`} userId={userId} email={user.data.email} isSelf={userId === me.user.id} /> : null}
    </Stack>
  );
}
