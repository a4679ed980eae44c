import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '@mantine/hooks';
import { useParams, useSearchParams } from 'react-router';
import { useSession } from '../../features/auth/hooks/use-me.js';
import { LibraryItem } from '../../features/library/components/library-item.js';
import { LibraryList } from '../../features/library/components/library-list.js';
import { ProgramStepBar } from '../../features/programs/components/program-step-bar.js';

export function LibraryPage() {
  const { t } = useTranslation('library');
  useDocumentTitle(t('documentTitle'));
  return <LibraryList showCalibration={useSession().user.role === 'admin'} />;
}

export function LibraryItemPage() {
  const { t } = useTranslation('library');
  useDocumentTitle(t('documentTitle'));
  const { id = '' } = useParams();
  const me = useSession();
  // A switched-off feature is not offered: no "Chat in sandbox" or "Practise" buttons lead to it.
  const offers = { sandbox: me.flags.sandbox === true, exercises: me.flags.exercises === true };
  // Opened from a program: where the step sits, and what comes next once it is done.
  const programId = useSearchParams()[0].get('program');
  return (
    <>
      {programId && me.flags.programs === true ? <ProgramStepBar key={programId} programId={programId} contentId={id} /> : null}
      <LibraryItem key={id} id={id} offers={offers} />
    </>
  );
}
