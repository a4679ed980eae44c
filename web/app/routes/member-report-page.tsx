import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useSession } from '../../features/auth/hooks/use-me.js';
import { MemberReport } from '../../features/dashboard/components/member-report.js';
import { MemberPrograms } from '../../features/programs/components/member-programs.js';
import { SkillsCard } from '../../features/exercises/components/skills-card.js';

export function MemberReportPage() {
  const { t } = useTranslation('dashboard');
  useDocumentTitle(t('memberReport.documentTitle'));
  const { userId = '' } = useParams();
  const me = useSession();
  return (
    <MemberReport
      key={userId}
      userId={userId}
      programs={me.flags.programs === true ? <MemberPrograms userId={userId} /> : null}
      skills={me.flags.exercises === true ? <SkillsCard userId={userId} /> : null}
    />
  );
}
