import { useDocumentTitle } from '@mantine/hooks';
import { useParams } from 'react-router';
import { AuthLayout } from '../../components/layouts/auth-layout.js';
import { AcceptInvitationForm } from '../../features/auth/components/accept-invitation-form.js';

export function InvitePage() {
  useDocumentTitle('Join AI GYM');
  const { token = '' } = useParams();
  return (
    <AuthLayout title="You’re invited" subtitle="Choose a password to activate your account.">
      <AcceptInvitationForm token={token} />
    </AuthLayout>
  );
}
