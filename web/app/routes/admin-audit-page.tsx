import { useDocumentTitle } from '@mantine/hooks';
import { IconHistory } from '@tabler/icons-react';
import { ComingSoon } from '../../components/ui/coming-soon.js';
import { PageHeader } from '../../components/ui/page-header.js';

export function AdminAuditPage() {
  useDocumentTitle('Audit · AI GYM');
  return (
    <>
      <PageHeader title="Audit log" description="Who changed what, and when." />
      <ComingSoon icon={<IconHistory size={32} />} title="The audit log is coming">
        Sign-ins, role changes, suspensions and content changes will be listed here.
      </ComingSoon>
    </>
  );
}
