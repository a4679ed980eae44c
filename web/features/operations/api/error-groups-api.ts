import { errorGroupSchema } from '../../../../contracts/error-groups.js';
import { pageSchema } from '../../../../contracts/pagination.js';
import { apiRequest, apiSend } from '../../../lib/http/request.js';

const errorGroupPageSchema = pageSchema(errorGroupSchema);

export type ErrorSource = 'server' | 'client';

export function listErrorGroups(source: ErrorSource | null, cursor: string | null, signal?: AbortSignal) {
  return apiRequest('/api/error-groups', errorGroupPageSchema, { query: { limit: 50, cursor, source }, ...(signal ? { signal } : {}) });
}

export function resolveErrorGroup(fingerprint: string) {
  return apiSend(`/api/error-groups/${encodeURIComponent(fingerprint)}`, { method: 'DELETE' });
}
