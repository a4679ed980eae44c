import { Button, Card } from '@mantine/core';
import { IconArrowLeft, IconLock } from '@tabler/icons-react';
import { Link } from 'react-router';
import { flagTitle } from '../../lib/features.js';
import { EmptyState } from './empty-state.js';
import { PageHeader } from './page-header.js';

/**
 * What a page of a switched-off feature shows when reached by its address (a bookmark, an old link):
 * the navigation no longer offers it, and this says so kindly instead of a 404.
 */
export function FeatureUnavailable({ flag }: { flag: string }) {
  const title = flagTitle(flag);
  return (
    <>
      <PageHeader title={title} />
      <Card withBorder padding="xl" data-testid="feature-unavailable">
        <EmptyState icon={<IconLock size={24} />} title={`${title} is not available to you right now`}>
          Your administrator has switched it off for your account. Your library and dashboard work as usual; if you need
          this, ask your community manager.
        </EmptyState>
        <Button component={Link} to="/dashboard" variant="light" mx="auto" leftSection={<IconArrowLeft size={16} />}>
          Back to your dashboard
        </Button>
      </Card>
    </>
  );
}
