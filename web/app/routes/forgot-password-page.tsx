import { useDocumentTitle } from '@mantine/hooks';
import { AuthLayout } from '../../components/layouts/auth-layout.js';
import { ForgotPasswordForm } from '../../features/auth/components/forgot-password-form.js';

export function ForgotPasswordPage() {
  useDocumentTitle('Forgot password · AI GYM');
  return (
    <AuthLayout title="Forgot your password?" subtitle="It happens. We will email you a link to choose a new one.">
      <ForgotPasswordForm />
    </AuthLayout>
  );
}
