import { budgetStatusSchema, costsSchema } from '../../../../contracts/ai.js';
import { apiRequest } from '../../../lib/http/request.js';

export interface CostsFilter {
  from?: string | undefined;
  to?: string | undefined;
  communityId?: string | undefined;
}

export const fetchCosts = (filter: CostsFilter, signal?: AbortSignal) => apiRequest('/api/analytics/costs', costsSchema, { query: { ...filter }, ...(signal ? { signal } : {}) });

export const fetchBudget = (communityId: string, signal?: AbortSignal) =>
  apiRequest(`/api/communities/${encodeURIComponent(communityId)}/budget`, budgetStatusSchema, signal ? { signal } : {});
