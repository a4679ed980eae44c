import { z } from 'zod';
import { flagSchema, type UpdateFlagInput } from '../../../../contracts/flags.js';
import { etagFor, rememberEtag } from '../../../lib/http/etags.js';
import { apiRequest, apiSend } from '../../../lib/http/request.js';

const flagListSchema = z.object({ items: z.array(flagSchema) });

export interface NewFlagInput {
  key: string;
  description: string;
  enabled: boolean;
  rolloutPercentage: number;
  communityIds: string[];
}

const LIST = '/api/flags';
const path = (key: string) => `/api/flags/${encodeURIComponent(key)}`;

export function listFlags(signal?: AbortSignal) {
  return apiRequest(LIST, flagListSchema, signal ? { signal } : {});
}

/** Flags are edited from one list: the list's ETag (from GET, or from the last PATCH) is the version an edit must match. */
export const flagsEtag = (): string | undefined => etagFor(LIST);

export function createFlag(input: NewFlagInput) {
  return apiRequest('/api/flags', flagSchema, { method: 'POST', body: input });
}

export async function updateFlag(key: string, patch: UpdateFlagInput, ifMatch: string | undefined = flagsEtag()) {
  const flag = await apiRequest(path(key), flagSchema, { method: 'PATCH', body: patch, ...(ifMatch ? { ifMatch } : {}) });
  // The PATCH answers with the list's new tag: the next edit matches the version this one made.
  rememberEtag(LIST, etagFor(path(key)) ?? null);
  return flag;
}

export function deleteFlag(key: string) {
  return apiSend(path(key), { method: 'DELETE' });
}
