import { importReportSchema } from '../../../../contracts/users.js';
import { apiRequest } from '../../../lib/http/request.js';

/** A file goes up as multipart; pasted text as a text/csv body. A dry run writes nothing. */
export function importUsers(source: File | string, options: { dryRun: boolean }) {
  let body: FormData | Blob;
  if (typeof source === 'string') {
    body = new Blob([source], { type: 'text/csv' });
  } else {
    body = new FormData();
    body.append('file', source);
  }
  // A few hundred rows each hash a password or send an invitation: give it time.
  return apiRequest(`/api/users/import${options.dryRun ? '?dryRun=true' : ''}`, importReportSchema, { method: 'POST', body, timeoutMs: 120_000 });
}
