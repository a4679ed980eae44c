import {
  assignmentsSchema,
  contentItemSchema,
  contentSummarySchema,
  type BulkContentInput,
  type ContentKind,
  type ContentStatus,
  type CreateContentInput,
  type UpdateContentInput,
} from '../../../../contracts/content.js';
import { pageSchema } from '../../../../contracts/pagination.js';
import { z } from 'zod';
import { etagFor } from '../../../lib/http/etags.js';
import { apiRequest, apiSend } from '../../../lib/http/request.js';

const contentPageSchema = pageSchema(contentSummarySchema);
const bulkResultSchema = z.object({ updated: z.number() });

export interface ContentFilters {
  kind: ContentKind;
  q?: string | undefined;
  status?: ContentStatus | undefined;
  communityId?: string | undefined;
  tag?: string | undefined;
  sort: 'recent' | 'title';
}

const path = (id: string) => `/api/content/${encodeURIComponent(id)}`;
const withSignal = (signal: AbortSignal | undefined) => (signal ? { signal } : {});

export function listContent(filters: ContentFilters, cursor: string | null, signal?: AbortSignal) {
  return apiRequest('/api/content', contentPageSchema, {
    query: { ...filters, limit: 25, cursor },
    ...withSignal(signal),
  });
}

export function getContent(id: string, signal?: AbortSignal) {
  return apiRequest(path(id), contentItemSchema, withSignal(signal));
}

export function createContent(input: CreateContentInput) {
  return apiRequest('/api/content', contentItemSchema, { method: 'POST', body: input });
}

/** The ETag of the version last read or saved, for If-Match. */
export const contentEtag = (id: string): string | undefined => etagFor(path(id));

export function updateContent(id: string, input: UpdateContentInput, ifMatch?: string) {
  return apiRequest(path(id), contentItemSchema, { method: 'PATCH', body: input, ...(ifMatch ? { ifMatch } : {}) });
}

export function deleteContent(id: string) {
  return apiSend(path(id), { method: 'DELETE' });
}

export function duplicateContent(id: string) {
  return apiRequest(`${path(id)}/duplicate`, contentItemSchema, { method: 'POST' });
}

export function setAssignments(id: string, communityIds: string[]) {
  return apiRequest(`${path(id)}/assignments`, assignmentsSchema, { method: 'PUT', body: { communityIds } });
}

export function bulkContent(input: BulkContentInput) {
  return apiRequest('/api/content/bulk', bulkResultSchema, { method: 'POST', body: input });
}

export function uploadThumbnail(id: string, file: File) {
  const form = new FormData();
  form.append('file', file);
  // Uploads get more time than the default request timeout.
  return apiRequest(`${path(id)}/thumbnail`, contentItemSchema, { method: 'POST', body: form, timeoutMs: 30_000 });
}

