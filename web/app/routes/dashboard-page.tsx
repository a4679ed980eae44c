import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { DashboardView } from '../../features/dashboard/components/dashboard-view.js';
import { useSession } from '../../features/auth/hooks/use-me.js';
import { MyProgramsCard } from '../../features/programs/components/my-programs.js';
import { SkillsCard } from '../../features/exercises/components/skills-card.js';

export function DashboardPage() {
  const { t } = useTranslation('dashboard');
  useDocumentTitle(t('documentTitle'));
  const me = useSession();
  return (
    <DashboardView
      me={me}
      programs={me.flags.programs === true ? <MyProgramsCard /> : null}
      skills={me.flags.exercises === true ? <SkillsCard userId={null} workoutsLink /> : null}
    />
  );
}
