import { useDocumentTitle } from '@mantine/hooks';
import { DashboardView } from '../../features/dashboard/components/dashboard-view.js';
import { useSession } from '../../features/auth/hooks/use-me.js';
import { MyProgramsCard } from '../../features/programs/components/my-programs.js';

export function DashboardPage() {
  useDocumentTitle('Dashboard · AI GYM');
  const me = useSession();
  return <DashboardView me={me} programs={me.flags.programs === true ? <MyProgramsCard /> : null} />;
}
