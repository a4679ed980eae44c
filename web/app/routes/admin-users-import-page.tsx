import { useDocumentTitle } from '@mantine/hooks';
import { UsersImport } from '../../features/admin/components/users-import.js';

export function AdminUsersImportPage() {
  useDocumentTitle('Import people · AI GYM');
  return <UsersImport />;
}
