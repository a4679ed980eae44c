import { communitySchema } from '../../../../contracts/communities.js';
import { pageSchema } from '../../../../contracts/pagination.js';
import { userSchema } from '../../../../contracts/users.js';
import { apiRequest } from '../../../lib/api-client.js';

// Read-only look-ups for the pickers on the flags and audit pages (communities to target, people
// to filter by). Kept here rather than borrowed from the admin feature: features stay independent.

const communityPageSchema = pageSchema(communitySchema);
const userPageSchema = pageSchema(userSchema);

export function listCommunityOptions(signal?: AbortSignal) {
  return apiRequest('/api/communities', communityPageSchema, {
    query: { limit: 100 },
    ...(signal ? { signal } : {}),
  });
}

export function searchUsers(q: string | undefined, signal?: AbortSignal) {
  return apiRequest('/api/users', userPageSchema, {
    query: { q, limit: 20 },
    ...(signal ? { signal } : {}),
  });
}
