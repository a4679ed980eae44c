import { useDocumentTitle } from '@mantine/hooks';
import { useSearchParams } from 'react-router';
import { AuthLayout } from '../../components/layouts/auth-layout.js';
import { ResetPasswordForm } from '../../features/auth/components/reset-password-form.js';

export function ResetPasswordPage() {
  useDocumentTitle('Choose a new password · AI GYM');
  const [searchParams] = useSearchParams();
  return (
    <AuthLayout title="Choose a new password" subtitle="Pick something you don’t use anywhere else.">
      <ResetPasswordForm token={searchParams.get('token')} />
    </AuthLayout>
  );
}
