import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '@mantine/hooks';
import { NotFoundView } from '../../components/errors/not-found-view.js';

export function NotFoundPage() {
  const { t } = useTranslation('common');
  useDocumentTitle(t('notFound.documentTitle'));
  return <NotFoundView />;
}
