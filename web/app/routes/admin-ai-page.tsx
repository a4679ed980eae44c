import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AiSettings } from '../../features/ai/components/ai-settings.js';

export function AdminAiPage() {
  const { t } = useTranslation('ai');
  useDocumentTitle(`${t('pageTitle.connections')} · AI GYM`);
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'prices' ? 'prices' : 'connections';
  return <AiSettings tab={tab} onTab={(next) => setParams(next === 'prices' ? { tab: 'prices' } : {}, { replace: true })} />;
}
