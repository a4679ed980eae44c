import { knowledgeFilePassagesSchema } from '../../../../contracts/knowledge.js';
import { apiRequest } from '../../../lib/http/request.js';

/** A cited file's text, for whoever may use an agent given it (else 404). */
export function getFilePassages(fileId: string, signal?: AbortSignal) {
  return apiRequest(`/api/knowledge/files/${encodeURIComponent(fileId)}/passages`, knowledgeFilePassagesSchema, signal ? { signal } : {});
}
