import { useDocumentTitle } from '@mantine/hooks';
import { useParams } from 'react-router';
import { CommunityDetail } from '../../features/admin/components/community-detail.js';

export function AdminCommunityPage() {
  useDocumentTitle('Community · AI GYM');
  const { communityId = '' } = useParams();
  return <CommunityDetail key={communityId} communityId={communityId} />;
}
