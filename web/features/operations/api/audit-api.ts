import { auditEntrySchema } from '../../../../contracts/audit.js';
import { pageSchema } from '../../../../contracts/pagination.js';
import { apiRequest } from '../../../lib/http/request.js';
import type { AuditQuery } from '../lib/audit-filters.js';

const auditPageSchema = pageSchema(auditEntrySchema);

export function listAudit(query: AuditQuery, cursor: string | null, signal?: AbortSignal) {
  return apiRequest('/api/audit', auditPageSchema, {
    query: { ...query, limit: 50, cursor },
    ...(signal ? { signal } : {}),
  });
}
