import { useDocumentTitle } from '@mantine/hooks';
import { useParams } from 'react-router';
import { MemberReport } from '../../features/dashboard/components/member-report.js';

export function MemberReportPage() {
  useDocumentTitle('Member report · AI GYM');
  const { userId = '' } = useParams();
  return <MemberReport key={userId} userId={userId} />;
}
