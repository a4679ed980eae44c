import { Tabs } from '@mantine/core';
import { IconCoin, IconPlugConnected } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/ui/page-header.js';
import { ConnectionsList } from './connections-list.js';
import { PricesEditor } from './prices-editor.js';

/** Admin → AI: the provider connections agents can use, and what each model costs. */
export function AiSettings({ tab, onTab }: { tab: 'connections' | 'prices'; onTab: (tab: 'connections' | 'prices') => void }) {
  const { t } = useTranslation('ai');
  return (
    <>
      <PageHeader title={t('settings.title')} description={t('settings.description')} />
      <Tabs value={tab} onChange={(v) => onTab(v === 'prices' ? 'prices' : 'connections')} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="connections" leftSection={<IconPlugConnected size={16} />}>
            {t('settings.connectionsTab')}
          </Tabs.Tab>
          <Tabs.Tab value="prices" leftSection={<IconCoin size={16} />}>
            {t('settings.pricesTab')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="connections">
          <ConnectionsList />
        </Tabs.Panel>
        <Tabs.Panel value="prices">
          <PricesEditor />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
