import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { NotFoundView } from '../../components/errors/not-found-view.js';
import { useSession } from '../../features/auth/hooks/use-me.js';
import { MyPrograms } from '../../features/programs/components/my-programs.js';
import { ProgramDetail } from '../../features/programs/components/program-detail.js';
import { ProgramProgressView } from '../../features/programs/components/program-progress.js';
import { useCommunityDirectory } from '../../lib/directory.js';

/** /programs: the member's programs (a switched-off feature is not offered). */
export function ProgramsPage() {
  const { t } = useTranslation('programs');
  useDocumentTitle(`${t('member.title')} · AI GYM`);
  const me = useSession();
  if (me.flags.programs !== true) return <NotFoundView fullHeight={false} />;
  return <MyPrograms canSeeProgress={me.communities.some((c) => c.role === 'manager')} />;
}

/** /programs/:id: one program's steps and the member's progress. */
export function ProgramPage() {
  const { t } = useTranslation('programs');
  useDocumentTitle(`${t('member.title')} · AI GYM`);
  const { id = '' } = useParams();
  const me = useSession();
  if (me.flags.programs !== true) return <NotFoundView fullHeight={false} />;
  return <ProgramDetail key={id} id={id} />;
}

/** /programs/:id/progress: managers see their communities, admins every community. */
export function ProgramProgressPage() {
  const { t } = useTranslation('programs');
  useDocumentTitle(`${t('manager.pageTitle')} · AI GYM`);
  const { id = '' } = useParams();
  const me = useSession();
  const isAdmin = me.user.role === 'admin';
  const directory = useCommunityDirectory();
  const managed = me.communities.filter((c) => c.role === 'manager');
  if (me.flags.programs !== true || (!isAdmin && managed.length === 0)) return <NotFoundView fullHeight={false} />;
  if (isAdmin && !directory.data) return null;
  const communities = isAdmin ? (directory.data ?? []).map((c) => ({ id: c.id, name: c.name })) : managed;
  return <ProgramProgressView key={id} id={id} communities={communities} allowAll={isAdmin} />;
}
