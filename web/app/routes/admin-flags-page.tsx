import { useDocumentTitle } from '@mantine/hooks';
import { IconFlag } from '@tabler/icons-react';
import { ComingSoon } from '../../components/ui/coming-soon.js';
import { PageHeader } from '../../components/ui/page-header.js';

export function AdminFlagsPage() {
  useDocumentTitle('Flags · AI GYM');
  return (
    <>
      <PageHeader title="Feature flags" description="Turn features on for everyone, a community, or a person." />
      <ComingSoon icon={<IconFlag size={32} />} title="Flag management is coming">
        Feature flags (such as the AI Sandbox) will be switched on and off from this page.
      </ComingSoon>
    </>
  );
}
