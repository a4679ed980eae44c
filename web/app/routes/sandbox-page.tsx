import { useDocumentTitle } from '@mantine/hooks';
import { useParams } from 'react-router';
import { useSession } from '../../features/auth/hooks/use-me.js';
import { FeatureUnavailable } from '../../components/ui/feature-unavailable.js';
import { SandboxView } from '../../features/sandbox/components/sandbox-view.js';

export function SandboxPage() {
  useDocumentTitle('Sandbox · AI GYM');
  const me = useSession();
  const { conversationId } = useParams();
  if (me.flags.sandbox !== true) return <FeatureUnavailable flag="sandbox" />;
  return <SandboxView conversationId={conversationId ?? null} />;
}
