import { type CreateLtiPlatformInput, ltiCheckResultSchema, ltiPlatformEnvelopeSchema, ltiPlatformListSchema, ltiRosterResultSchema } from '../../../../contracts/lti.js';
import { apiRequest, apiSend } from '../../../lib/http/request.js';

/** A community's LTI 1.3 platforms (§10.2): admins only. */
const base = (communityId: string) => `/api/communities/${encodeURIComponent(communityId)}/lti-platforms`;
const one = (communityId: string, platformId: string) => `${base(communityId)}/${encodeURIComponent(platformId)}`;

export const listLtiPlatforms = (communityId: string, signal?: AbortSignal) => apiRequest(base(communityId), ltiPlatformListSchema, signal ? { signal } : {});
export const createLtiPlatform = (communityId: string, input: CreateLtiPlatformInput) => apiRequest(base(communityId), ltiPlatformEnvelopeSchema, { method: 'POST', body: input });
export const deleteLtiPlatform = (communityId: string, platformId: string) => apiSend(one(communityId, platformId), { method: 'DELETE' });
export const checkLtiPlatform = (communityId: string, platformId: string) => apiRequest(`${one(communityId, platformId)}/check`, ltiCheckResultSchema, { method: 'POST' });
export const syncLtiRoster = (communityId: string, platformId: string) => apiRequest(`${one(communityId, platformId)}/roster`, ltiRosterResultSchema, { method: 'POST' });
