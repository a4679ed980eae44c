import { pageSchema } from '../../../../contracts/pagination.js';
import {
  userDetailSchema,
  userListItemSchema,
  type CommunityRole,
  type CreateUserInput,
  type PlatformRole,
  type UpdateUserInput,
  type UserSort,
  type UserStatus,
} from '../../../../contracts/users.js';
import { etagFor } from '../../../lib/http/etags.js';
import { apiRequest, apiSend } from '../../../lib/http/request.js';

const userPageSchema = pageSchema(userListItemSchema);
const path = (id: string) => `/api/users/${encodeURIComponent(id)}`;

export interface UserFilters {
  q?: string | undefined;
  role?: PlatformRole | undefined;
  status?: UserStatus | undefined;
  communityId?: string | undefined;
  communityRole?: CommunityRole | undefined;
  sort?: UserSort | undefined;
}

export function listUsers(filters: UserFilters, cursor: string | null, signal?: AbortSignal) {
  return apiRequest('/api/users', userPageSchema, {
    query: { ...filters, limit: 50, cursor },
    ...(signal ? { signal } : {}),
  });
}

export function getUser(id: string, signal?: AbortSignal) {
  return apiRequest(path(id), userDetailSchema, signal ? { signal } : {});
}

export function createUser(input: CreateUserInput) {
  return apiRequest('/api/users', userDetailSchema, { method: 'POST', body: input });
}

/** The ETag of the version last read or saved, for If-Match. */
export const userEtag = (id: string): string | undefined => etagFor(path(id));

export function updateUser(id: string, input: UpdateUserInput, ifMatch?: string) {
  return apiRequest(path(id), userDetailSchema, { method: 'PATCH', body: input, ...(ifMatch ? { ifMatch } : {}) });
}

export function deleteUser(id: string) {
  return apiSend(path(id), { method: 'DELETE' });
}
