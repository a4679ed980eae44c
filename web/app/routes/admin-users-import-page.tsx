import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { UsersImport } from '../../features/admin/components/users-import.js';

export function AdminUsersImportPage() {
  const { t } = useTranslation('admin');
  useDocumentTitle(`${t('pageTitle.import')} · AI GYM`);
  return <UsersImport />;
}
