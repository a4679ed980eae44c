import type { z } from 'zod';
import { communitySchema, type CommunityPatch } from '../../../../contracts/communities.js';
import { pageSchema } from '../../../../contracts/pagination.js';
import { erasureResultSchema } from '../../../../contracts/privacy.js';
import { etagFor } from '../../../lib/http/etags.js';
import { apiRequest } from '../../../lib/http/request.js';
import { downloadAttachment } from '../../../lib/http/stream.js';

/** Everything AI GYM holds about the signed-in person, saved as a JSON file. */
export function downloadMyData() {
  return downloadAttachment('/api/profile/export', 'aigym-export.json');
}

/** Erases a person; `confirmation` is their email, typed again. */
export function erasePerson(userId: string, confirmation: string) {
  return apiRequest(`/api/users/${encodeURIComponent(userId)}/erase`, erasureResultSchema, { method: 'POST', body: { confirmation } });
}

const myCommunitiesSchema = pageSchema(communitySchema);
export type MyCommunities = z.infer<typeof myCommunitiesSchema>;

/** The caller's communities (a member sees only theirs), for the works-council notice. */
export function listMyCommunities(signal?: AbortSignal) {
  return apiRequest('/api/communities', myCommunitiesSchema, { query: { limit: 100 }, ...(signal ? { signal } : {}) });
}

const communityPath = (id: string) => `/api/communities/${encodeURIComponent(id)}`;

export function getCommunity(id: string, signal?: AbortSignal) {
  return apiRequest(communityPath(id), communitySchema, signal ? { signal } : {});
}

/** Saves retention and privacy mode with If-Match: the version last read, so a concurrent edit is a 412, not lost. */
export function updateCommunityPrivacy(id: string, input: Pick<CommunityPatch, 'retention' | 'privacyMode'>) {
  const ifMatch = etagFor(communityPath(id));
  return apiRequest(communityPath(id), communitySchema, { method: 'PATCH', body: input, ...(ifMatch ? { ifMatch } : {}) });
}
