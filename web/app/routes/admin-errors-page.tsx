import { useDocumentTitle } from '@mantine/hooks';
import { ErrorGroupsList } from '../../features/operations/components/error-groups-list.js';

export function AdminErrorsPage() {
  useDocumentTitle('Errors · AI GYM');
  return <ErrorGroupsList />;
}
