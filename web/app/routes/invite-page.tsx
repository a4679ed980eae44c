import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '@mantine/hooks';
import { useParams } from 'react-router';
import { AuthLayout } from '../../features/auth/components/auth-layout.js';
import { AcceptInvitationForm } from '../../features/auth/components/accept-invitation-form.js';

export function InvitePage() {
  const { t } = useTranslation(['account', 'auth']);
  useDocumentTitle(t('invite.documentTitle'));
  const { token = '' } = useParams();
  return (
    <AuthLayout title={t('invite.title')} subtitle={t('invite.subtitle')}>
      <AcceptInvitationForm token={token} />
    </AuthLayout>
  );
}
