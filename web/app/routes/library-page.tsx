import { useDocumentTitle } from '@mantine/hooks';
import { useParams } from 'react-router';
import { LibraryItem } from '../../features/library/components/library-item.js';
import { LibraryList } from '../../features/library/components/library-list.js';

export function LibraryPage() {
  useDocumentTitle('Library · AI GYM');
  return <LibraryList />;
}

export function LibraryItemPage() {
  useDocumentTitle('Library · AI GYM');
  const { id = '' } = useParams();
  return <LibraryItem key={id} id={id} />;
}
