import { useDocumentTitle } from '@mantine/hooks';
import { LibraryPlaceholder } from '../../features/library/components/library-placeholder.js';

export function LibraryPage() {
  useDocumentTitle('Library · AI GYM');
  return <LibraryPlaceholder />;
}

export function LibraryItemPage() {
  useDocumentTitle('Library · AI GYM');
  return <LibraryPlaceholder />;
}
