import { z } from 'zod';
import { knowledgeFileResponseSchema, knowledgeFileSchema, type KnowledgeFile } from '../../../../contracts/knowledge.js';
import { apiRequest } from '../../../lib/http/request.js';

const fileListSchema = z.object({ items: z.array(knowledgeFileSchema) });
const withSignal = (signal: AbortSignal | undefined) => (signal ? { signal } : {});

/** Uploads one file as agent knowledge; it is read in the background (status `processing`). */
export async function uploadKnowledgeFile(file: File): Promise<KnowledgeFile> {
  const form = new FormData();
  form.append('file', file);
  // A 20 MB upload on a slow line needs more than the default request timeout.
  const { file: created } = await apiRequest('/api/knowledge/files', knowledgeFileResponseSchema, { method: 'POST', body: form, timeoutMs: 120_000 });
  return created;
}

export async function getKnowledgeFile(id: string, signal?: AbortSignal): Promise<KnowledgeFile> {
  const { file } = await apiRequest(`/api/knowledge/files/${encodeURIComponent(id)}`, knowledgeFileResponseSchema, withSignal(signal));
  return file;
}

/** The attached files, in one request (the API takes at most 100 ids, as many as an agent may hold). */
export async function listKnowledgeFiles(ids: readonly string[], signal?: AbortSignal): Promise<KnowledgeFile[]> {
  if (ids.length === 0) return [];
  const { items } = await apiRequest('/api/knowledge/files', fileListSchema, { query: { ids: ids.join(',') }, ...withSignal(signal) });
  return items;
}
