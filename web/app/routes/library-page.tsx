import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '@mantine/hooks';
import { useParams } from 'react-router';
import { LibraryItem } from '../../features/library/components/library-item.js';
import { LibraryList } from '../../features/library/components/library-list.js';

export function LibraryPage() {
  const { t } = useTranslation('library');
  useDocumentTitle(t('documentTitle'));
  return <LibraryList />;
}

export function LibraryItemPage() {
  const { t } = useTranslation('library');
  useDocumentTitle(t('documentTitle'));
  const { id = '' } = useParams();
  return <LibraryItem key={id} id={id} />;
}
