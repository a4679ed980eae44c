import { useDocumentTitle } from '@mantine/hooks';
import { FlagsList } from '../../features/operations/components/flags-list.js';

export function AdminFlagsPage() {
  useDocumentTitle('Flags · AI GYM');
  return <FlagsList />;
}
