import { lrsEnvelopeSchema, lrsTestResultSchema, type PutLrsInput } from '../../../../contracts/xapi.js';
import { apiRequest, apiSend } from '../../../lib/http/request.js';

/** A community's LRS (xAPI, §10.2): admins only. */
const base = (communityId: string) => `/api/communities/${encodeURIComponent(communityId)}/lrs`;

export const getCommunityLrs = (communityId: string, signal?: AbortSignal) => apiRequest(base(communityId), lrsEnvelopeSchema, signal ? { signal } : {});
export const putCommunityLrs = (communityId: string, input: PutLrsInput) => apiRequest(base(communityId), lrsEnvelopeSchema, { method: 'PUT', body: input });
export const deleteCommunityLrs = (communityId: string) => apiSend(base(communityId), { method: 'DELETE' });
export const resendCommunityLrs = (communityId: string) => apiRequest(`${base(communityId)}/resend`, lrsEnvelopeSchema, { method: 'POST' });
export const testCommunityLrs = (communityId: string) => apiRequest(`${base(communityId)}/test`, lrsTestResultSchema, { method: 'POST' });
