import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { FeatureUnavailable } from '../../components/ui/feature-unavailable.js';
import { PromptLab } from '../../features/ai/components/prompt-lab.js';
import { useSession } from '../../features/auth/hooks/use-me.js';

export function PromptLabPage() {
  const { t } = useTranslation('ai');
  useDocumentTitle(`${t('pageTitle.lab')} · AI GYM`);
  const me = useSession();
  // The Prompt Lab is part of the sandbox feature (same flag, same navigation entry pair).
  if (me.flags.sandbox !== true) return <FeatureUnavailable flag="sandbox" />;
  return <PromptLab />;
}
