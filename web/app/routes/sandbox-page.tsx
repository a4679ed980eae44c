import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useSession } from '../../features/auth/hooks/use-me.js';
import { FeatureUnavailable } from '../../components/ui/feature-unavailable.js';
import { SandboxView } from '../../features/sandbox/components/sandbox-view.js';

export function SandboxPage() {
  const { t } = useTranslation('sandbox');
  useDocumentTitle(t('documentTitle'));
  const me = useSession();
  const { conversationId } = useParams();
  if (me.flags.sandbox !== true) return <FeatureUnavailable flag="sandbox" />;
  return <SandboxView conversationId={conversationId ?? null} />;
}
