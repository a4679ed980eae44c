import { Card } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { EmptyState } from '../../../components/ui/empty-state.js';
import { PageHeader } from '../../../components/ui/page-header.js';

export function SandboxDisabled() {
  return (
    <>
      <PageHeader title="AI Sandbox" description="Practise with the AI agents configured for your communities." />
      <Card withBorder padding="xl" data-testid="sandbox-disabled">
        <EmptyState icon={<IconLock size={24} />} title="The sandbox isn’t switched on for you yet">
          Your administrator has not enabled the AI Sandbox for your account. Your library and dashboard are available
          as usual.
        </EmptyState>
      </Card>
    </>
  );
}
