import { Button, Card } from '@mantine/core';
import { IconArrowLeft, IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { flagTitle } from '../../lib/features.js';
import { EmptyState } from './empty-state.js';
import { PageHeader } from './page-header.js';

/**
 * What a page of a switched-off feature shows when reached by its address (a bookmark, an old link):
 * the navigation no longer offers it, and this says so kindly instead of a 404.
 */
export function FeatureUnavailable({ flag }: { flag: string }) {
  const { t } = useTranslation('signed-in');
  const title = flagTitle(flag);
  return (
    <>
      <PageHeader title={title} />
      <Card withBorder padding="xl" data-testid="feature-unavailable">
        <EmptyState icon={<IconLock size={24} />} title={t('features.unavailable.title', { feature: title })}>
          {t('features.unavailable.body')}
        </EmptyState>
        <Button component={Link} to="/dashboard" variant="light" mx="auto" leftSection={<IconArrowLeft size={16} />}>
          {t('features.unavailable.back')}
        </Button>
      </Card>
    </>
  );
}
