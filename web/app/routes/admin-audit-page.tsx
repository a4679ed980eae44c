import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { AuditLog } from '../../features/operations/components/audit-log.js';

export function AdminAuditPage() {
  const { t } = useTranslation('operations');
  useDocumentTitle(`${t('pageTitle.audit')} · AI GYM`);
  return <AuditLog />;
}
