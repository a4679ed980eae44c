import { z } from 'zod';
import {
  budgetStatusSchema,
  connectionSchema,
  connectionTestResultSchema,
  labModelsSchema,
  labRunSchema,
  pricesSchema,
  type BudgetInput,
  type CreateConnectionInput,
  type ModelPrice,
  type UpdateConnectionInput,
} from '../../../../contracts/ai.js';
import { pageSchema } from '../../../../contracts/pagination.js';
import { apiRequest, apiSend } from '../../../lib/http/request.js';

const connectionPage = pageSchema(connectionSchema);
const connectionPath = (id: string) => `/api/ai/connections/${encodeURIComponent(id)}`;
const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

export const listConnections = (signal?: AbortSignal) => apiRequest('/api/ai/connections', connectionPage, opts(signal));
export const createConnection = (input: CreateConnectionInput) => apiRequest('/api/ai/connections', connectionSchema, { method: 'POST', body: input });
export const updateConnection = (id: string, patch: UpdateConnectionInput) => apiRequest(connectionPath(id), connectionSchema, { method: 'PATCH', body: patch });
export const deleteConnection = (id: string) => apiSend(connectionPath(id), { method: 'DELETE' });
/** A provider may take a while to answer a test: longer than the usual request timeout. */
export const testConnection = (id: string, model?: string) =>
  apiRequest(`${connectionPath(id)}/test`, connectionTestResultSchema, { method: 'POST', body: model ? { model } : {}, timeoutMs: 30_000 });

export const listPrices = (signal?: AbortSignal) => apiRequest('/api/ai/prices', pricesSchema, opts(signal));
export const replacePrices = (prices: ModelPrice[]) => apiRequest('/api/ai/prices', pricesSchema, { method: 'PUT', body: prices });

const budgetPath = (communityId: string) => `/api/communities/${encodeURIComponent(communityId)}/budget`;
export const getBudget = (communityId: string, signal?: AbortSignal) => apiRequest(budgetPath(communityId), budgetStatusSchema, opts(signal));
export const putBudget = (communityId: string, input: BudgetInput) => apiRequest(budgetPath(communityId), budgetStatusSchema, { method: 'PUT', body: input });


export const listLabModels = (signal?: AbortSignal) => apiRequest('/api/lab/models', labModelsSchema, opts(signal));
export const listLabRuns = (signal?: AbortSignal) => apiRequest('/api/lab/runs', z.object({ items: z.array(labRunSchema) }), { query: { limit: 10 }, ...opts(signal) });
