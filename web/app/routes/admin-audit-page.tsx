import { useDocumentTitle } from '@mantine/hooks';
import { AuditLog } from '../../features/operations/components/audit-log.js';

export function AdminAuditPage() {
  useDocumentTitle('Audit · AI GYM');
  return <AuditLog />;
}
