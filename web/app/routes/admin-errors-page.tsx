import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { ErrorGroupsList } from '../../features/operations/components/error-groups-list.js';

export function AdminErrorsPage() {
  const { t } = useTranslation('operations');
  useDocumentTitle(`${t('pageTitle.errors')} · AI GYM`);
  return <ErrorGroupsList />;
}
