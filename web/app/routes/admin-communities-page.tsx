import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { CommunitiesList } from '../../features/admin/components/communities-list.js';

export function AdminCommunitiesPage() {
  const { t } = useTranslation('admin');
  useDocumentTitle(`${t('pageTitle.communities')} · AI GYM`);
  return <CommunitiesList />;
}
