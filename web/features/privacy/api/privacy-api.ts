import { z } from 'zod';
import { communitySchema } from '../../../../contracts/communities.js';
import { pageSchema } from '../../../../contracts/pagination.js';
import { erasureResultSchema } from '../../../../contracts/privacy.js';
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
