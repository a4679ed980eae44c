import { useDocumentTitle } from '@mantine/hooks';
import { useParams } from 'react-router';
import { useSession } from '../../features/auth/hooks/use-me.js';
import { LibraryItem } from '../../features/library/components/library-item.js';
import { LibraryList } from '../../features/library/components/library-list.js';

export function LibraryPage() {
  useDocumentTitle('Library · AI GYM');
  return <LibraryList />;
}

export function LibraryItemPage() {
  useDocumentTitle('Library · AI GYM');
  const { id = '' } = useParams();
  const me = useSession();
  // A switched-off feature is not offered: no "Chat in sandbox" or "Practise" buttons lead to it.
  const offers = { sandbox: me.flags.sandbox === true, exercises: me.flags.exercises === true };
  return <LibraryItem key={id} id={id} offers={offers} />;
}
