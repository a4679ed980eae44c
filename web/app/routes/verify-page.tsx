import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { VerifyView } from '../../features/programs/components/verify-view.js';

/** /verify/:code: public, outside the signed-in shell; it never restores or asks for a session. */
export function VerifyPage() {
  const { t } = useTranslation('programs');
  useDocumentTitle(`${t('verify.title')} · AI GYM`);
  const { code = '' } = useParams();
  return <VerifyView key={code} code={code} />;
}
