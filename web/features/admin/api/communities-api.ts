import {
  communityMemberSchema,
  communitySchema,
  type CommunityInput,
  type CommunityPatch,
} from '../../../../contracts/communities.js';
import { pageSchema } from '../../../../contracts/pagination.js';
import type { CommunityRole } from '../../../../contracts/users.js';
import { etagFor } from '../../../lib/http/etags.js';
import { apiRequest, apiSend } from '../../../lib/http/request.js';

const communityPageSchema = pageSchema(communitySchema);
const memberPageSchema = pageSchema(communityMemberSchema);

const path = (id: string) => `/api/communities/${encodeURIComponent(id)}`;

export function listCommunities(q: string | undefined, cursor: string | null, signal?: AbortSignal, limit = 50) {
  return apiRequest('/api/communities', communityPageSchema, {
    query: { q, limit, cursor },
    ...(signal ? { signal } : {}),
  });
}

export function getCommunity(id: string, signal?: AbortSignal) {
  return apiRequest(path(id), communitySchema, signal ? { signal } : {});
}

export function createCommunity(input: CommunityInput) {
  return apiRequest('/api/communities', communitySchema, { method: 'POST', body: input });
}

/** The ETag of the version last read or saved, for If-Match. */
export const communityEtag = (id: string): string | undefined => etagFor(path(id));

export function updateCommunity(id: string, input: CommunityPatch, ifMatch?: string) {
  return apiRequest(path(id), communitySchema, { method: 'PATCH', body: input, ...(ifMatch ? { ifMatch } : {}) });
}

export function deleteCommunity(id: string) {
  return apiSend(path(id), { method: 'DELETE' });
}

export function listMembers(id: string, cursor: string | null, signal?: AbortSignal) {
  return apiRequest(`${path(id)}/members`, memberPageSchema, {
    query: { limit: 100, cursor },
    ...(signal ? { signal } : {}),
  });
}

export function setMembership(communityId: string, userId: string, role: CommunityRole) {
  return apiSend(`${path(communityId)}/members/${encodeURIComponent(userId)}`, { method: 'PUT', body: { role } });
}

export function removeMembership(communityId: string, userId: string) {
  return apiSend(`${path(communityId)}/members/${encodeURIComponent(userId)}`, { method: 'DELETE' });
}
