import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { FlagsList } from '../../features/operations/components/flags-list.js';

export function AdminFlagsPage() {
  const { t } = useTranslation('operations');
  useDocumentTitle(`${t('pageTitle.flags')} · AI GYM`);
  return <FlagsList />;
}
