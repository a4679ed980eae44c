import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '@mantine/hooks';
import { AuthLayout } from '../../features/auth/components/auth-layout.js';
import { ForgotPasswordForm } from '../../features/auth/components/forgot-password-form.js';

export function ForgotPasswordPage() {
  const { t } = useTranslation(['account', 'auth']);
  useDocumentTitle(t('forgot.documentTitle'));
  return (
    <AuthLayout title={t('forgot.title')} subtitle={t('forgot.subtitle')}>
      <ForgotPasswordForm />
    </AuthLayout>
  );
}
