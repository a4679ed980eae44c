import { samlSettingsResponseSchema, scimStatusSchema, scimTokenResponseSchema, type PutSamlConfigInput } from '../../../../contracts/identity.js';
import { apiRequest, apiSend } from '../../../lib/http/request.js';

/** A community's provisioning (SCIM) token and SAML sign-in, for admins (ADR 0041). */

const base = (communityId: string) => `/api/communities/${encodeURIComponent(communityId)}`;

export function getScimStatus(communityId: string, signal?: AbortSignal) {
  return apiRequest(`${base(communityId)}/scim`, scimStatusSchema, signal ? { signal } : {});
}

export function createScimToken(communityId: string) {
  return apiRequest(`${base(communityId)}/scim-token`, scimTokenResponseSchema, { method: 'POST' });
}

export function getSamlSettings(communityId: string, signal?: AbortSignal) {
  return apiRequest(`${base(communityId)}/saml`, samlSettingsResponseSchema, signal ? { signal } : {});
}

export function putSamlSettings(communityId: string, input: PutSamlConfigInput) {
  return apiRequest(`${base(communityId)}/saml`, samlSettingsResponseSchema, { method: 'PUT', body: input });
}

export function deleteSamlSettings(communityId: string) {
  return apiSend(`${base(communityId)}/saml`, { method: 'DELETE' });
}
