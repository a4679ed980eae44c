import {
  contentItemSchema,
  contentProgressSchema,
  contentSummarySchema,
  type ContentKind,
  type ProgressAction,
} from '../../../../contracts/content.js';
import { pageSchema } from '../../../../contracts/pagination.js';
import { apiRequest } from '../../../lib/http/request.js';

const pageOfItems = pageSchema(contentSummarySchema);

export interface LibraryFilters {
  kind?: ContentKind | undefined;
  q?: string | undefined;
}

/** The server's row-level security limits a member to published items assigned to their communities. */
export function listLibrary(filters: LibraryFilters, cursor: string | null, signal?: AbortSignal) {
  return apiRequest('/api/content', pageOfItems, {
    query: { ...filters, sort: 'recent', limit: 24, cursor },
    ...(signal ? { signal } : {}),
  });
}

export function getLibraryItem(id: string, signal?: AbortSignal) {
  return apiRequest(`/api/content/${encodeURIComponent(id)}`, contentItemSchema, signal ? { signal } : {});
}

export function recordProgress(id: string, action: ProgressAction) {
  return apiRequest(`/api/content/${encodeURIComponent(id)}/progress`, contentProgressSchema, {
    method: 'POST',
    body: { action },
  });
}
