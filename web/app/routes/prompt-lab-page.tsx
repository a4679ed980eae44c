import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { PromptLab } from '../../features/ai/components/prompt-lab.js';

export function PromptLabPage() {
  const { t } = useTranslation('ai');
  useDocumentTitle(`${t('pageTitle.lab')} · AI GYM`);
  return <PromptLab />;
}
