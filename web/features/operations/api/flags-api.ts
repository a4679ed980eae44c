import { z } from 'zod';
import { flagSchema, type UpdateFlagInput } from '../../../../contracts/flags.js';
import { apiRequest, apiSend } from '../../../lib/http/request.js';

const flagListSchema = z.object({ items: z.array(flagSchema) });

export interface NewFlagInput {
  key: string;
  description: string;
  enabled: boolean;
  rolloutPercentage: number;
  communityIds: string[];
}

const path = (key: string) => `/api/flags/${encodeURIComponent(key)}`;

export function listFlags(signal?: AbortSignal) {
  return apiRequest('/api/flags', flagListSchema, signal ? { signal } : {});
}

export function createFlag(input: NewFlagInput) {
  return apiRequest('/api/flags', flagSchema, { method: 'POST', body: input });
}

export function updateFlag(key: string, patch: UpdateFlagInput) {
  return apiRequest(path(key), flagSchema, { method: 'PATCH', body: patch });
}

export function deleteFlag(key: string) {
  return apiSend(path(key), { method: 'DELETE' });
}
