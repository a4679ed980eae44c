import { useDocumentTitle } from '@mantine/hooks';
import { NotFoundView } from '../../components/errors/not-found-view.js';

export function NotFoundPage() {
  useDocumentTitle('Page not found · AI GYM');
  return <NotFoundView />;
}
