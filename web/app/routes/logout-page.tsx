import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '@mantine/hooks';
import { useEffect, useRef } from 'react';
import { FullPageLoader } from '../../components/ui/full-page-loader.js';
import { useSignOut } from '../../features/auth/hooks/use-sign-out.js';

/** /logout revokes the session through the API, then lands on /login (bounded by the request timeout). */
export function LogoutPage() {
  const { t } = useTranslation('common');
  useDocumentTitle(t('signOut.documentTitle'));
  const signOut = useSignOut();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void signOut();
  }, [signOut]);
  return <FullPageLoader label={t('signOut.label')} />;
}
