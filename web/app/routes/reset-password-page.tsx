import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '@mantine/hooks';
import { useSearchParams } from 'react-router';
import { AuthLayout } from '../../features/auth/components/auth-layout.js';
import { ResetPasswordForm } from '../../features/auth/components/reset-password-form.js';

export function ResetPasswordPage() {
  const { t } = useTranslation(['account', 'auth']);
  useDocumentTitle(t('reset.documentTitle'));
  const [searchParams] = useSearchParams();
  return (
    <AuthLayout title={t('reset.title')} subtitle={t('reset.subtitle')}>
      <ResetPasswordForm token={searchParams.get('token')} />
    </AuthLayout>
  );
}
