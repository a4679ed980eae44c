import { userTwoFactorSchema } from '../../../../contracts/profile.js';
import { ssoConfigResponseSchema, type PutSsoConfigInput } from '../../../../contracts/sso.js';
import { apiRequest, apiSend } from '../../../lib/http/request.js';

/** Admin settings that belong to sign-in: a community's identity provider, a person's two-factor. */

export function getCommunitySso(communityId: string, signal?: AbortSignal) {
  return apiRequest(`/api/communities/${encodeURIComponent(communityId)}/sso`, ssoConfigResponseSchema, signal ? { signal } : {});
}

export function putCommunitySso(communityId: string, input: PutSsoConfigInput) {
  return apiRequest(`/api/communities/${encodeURIComponent(communityId)}/sso`, ssoConfigResponseSchema, { method: 'PUT', body: input });
}

export function deleteCommunitySso(communityId: string) {
  return apiSend(`/api/communities/${encodeURIComponent(communityId)}/sso`, { method: 'DELETE' });
}

export function getUserTwoFactor(userId: string, signal?: AbortSignal) {
  return apiRequest(`/api/users/${encodeURIComponent(userId)}/two-factor`, userTwoFactorSchema, signal ? { signal } : {});
}

export function resetUserTwoFactor(userId: string) {
  return apiSend(`/api/users/${encodeURIComponent(userId)}/two-factor`, { method: 'DELETE' });
}
