import { useDocumentTitle } from '@mantine/hooks';
import { AuthLayout } from '../../components/layouts/auth-layout.js';
import { LoginForm } from '../../features/auth/components/login-form.js';

export function LoginPage() {
  useDocumentTitle('Sign in · AI GYM');
  return (
    <AuthLayout title="Welcome back" subtitle="Sign in to continue your AI training.">
      <LoginForm />
    </AuthLayout>
  );
}
