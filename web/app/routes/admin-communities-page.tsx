import { useDocumentTitle } from '@mantine/hooks';
import { CommunitiesList } from '../../features/admin/components/communities-list.js';

export function AdminCommunitiesPage() {
  useDocumentTitle('Communities · AI GYM');
  return <CommunitiesList />;
}
