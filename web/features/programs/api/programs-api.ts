import { z } from 'zod';
import type { ContentKind } from '../../../../contracts/content.js';
import { pageSchema } from '../../../../contracts/pagination.js';
import {
  certificateListSchema,
  programAssignmentsSchema,
  programProgressReportSchema,
  programSchema,
  verificationSchema,
  type Certificate,
  type CreateProgramInput,
  type MemberProgress,
  type Program,
  type ProgramProgress,
  type ProgramProgressReport,
  type ProgramStatus,
  type ProgramStep,
  type StepState,
  type UnassignedStep,
  type UpdateProgramInput,
  type Verification,
} from '../../../../contracts/programs.js';
import { credentialEnvelopeSchema, signingKeyListSchema, signingKeySchema } from '../../../../contracts/open-badges.js';
import { certificateStatusSchema } from '../../../../contracts/reviews.js';
import { etagFor } from '../../../lib/http/etags.js';
import { apiRequest, apiSend } from '../../../lib/http/request.js';
import { downloadAttachment, saveBlob } from '../../../lib/http/stream.js';

export type { Certificate, MemberProgress as MemberProgressRow, Program, ProgramProgress, ProgramProgressReport, ProgramStatus, ProgramStep, StepState, UnassignedStep, Verification };

export type ProgramInput = CreateProgramInput & UpdateProgramInput;

const programPageSchema = pageSchema(programSchema);

const path = (id: string) => `/api/programs/${encodeURIComponent(id)}`;
const withSignal = (signal: AbortSignal | undefined) => (signal ? { signal } : {});

/** Admins: every program. Members: their published programs with their progress; `userId`: that member's (managers, admins). */
export function listPrograms(query: { q?: string | undefined; cursor?: string | null; limit?: number; userId?: string }, signal?: AbortSignal) {
  return apiRequest('/api/programs', programPageSchema, {
    query: { q: query.q, cursor: query.cursor, limit: query.limit ?? 50, userId: query.userId },
    ...withSignal(signal),
  });
}

export function getProgram(id: string, signal?: AbortSignal) {
  return apiRequest(path(id), programSchema, withSignal(signal));
}

/** The ETag of the version last read or saved, for If-Match. */
export const programEtag = (id: string): string | undefined => etagFor(path(id));

export function createProgram(input: ProgramInput) {
  return apiRequest('/api/programs', programSchema, { method: 'POST', body: input });
}

export function updateProgram(id: string, input: ProgramInput, ifMatch?: string) {
  return apiRequest(path(id), programSchema, { method: 'PATCH', body: input, ...(ifMatch ? { ifMatch } : {}) });
}

export function deleteProgram(id: string) {
  return apiSend(path(id), { method: 'DELETE' });
}

/** With `assignContent`, the admin confirmed assigning the steps' content to those communities too (issue 25). */
export function setProgramAssignments(id: string, communityIds: string[], assignContent = false) {
  return apiRequest(`${path(id)}/assignments`, programAssignmentsSchema, { method: 'PUT', body: { communityIds, ...(assignContent ? { assignContent } : {}) } });
}

export function getProgramProgress(id: string, communityId: string | null, signal?: AbortSignal) {
  return apiRequest(`${path(id)}/progress`, programProgressReportSchema, { query: { communityId }, ...withSignal(signal) });
}

export function listCertificates(signal?: AbortSignal) {
  return apiRequest('/api/certificates', certificateListSchema, withSignal(signal));
}

/** Public: no session is needed (or restored) to check a certificate. */
export function verifyCertificate(code: string, signal?: AbortSignal) {
  return apiRequest(`/api/verify/${encodeURIComponent(code)}`, verificationSchema, { auth: 'none', ...withSignal(signal) });
}

/** Every kind of content a step may point at, for the step picker. */
export interface StepCandidate {
  id: string;
  kind: ContentKind;
  title: string;
  status: string;
}

export function downloadCertificatePdf(certificateId: string) {
  return downloadAttachment(`/api/certificates/${encodeURIComponent(certificateId)}/pdf`, 'certificate.pdf');
}

/** The certificate as a signed Open Badges 3.0 credential (a VC-JWT): the holder's, or any for admins. */
export function getCertificateCredential(certificateId: string) {
  return apiRequest(`/api/certificates/${encodeURIComponent(certificateId)}/credential`, credentialEnvelopeSchema);
}

/** Public, like the verify page: whoever has the code may take the credential to a wallet. */
export function getVerifiedCredential(code: string) {
  return apiRequest(`/api/verify/${encodeURIComponent(code)}/credential`, credentialEnvelopeSchema, { auth: 'none' });
}

/** Admins: the Open Badges signing keys, newest first. */
export function listSigningKeys(signal?: AbortSignal) {
  return apiRequest('/api/open-badges/signing-keys', signingKeyListSchema, withSignal(signal));
}

/** Admins: a new signing key from now on; the old one stays published while what it signed is valid. */
export function rotateSigningKey() {
  return apiRequest('/api/open-badges/signing-keys/rotate', z.object({ key: signingKeySchema }), { method: 'POST' });
}

/** Saves a VC-JWT as a file a wallet imports (`.jwt`, media type application/vc+jwt). */
export function saveCredential(credential: string, mediaType: string, name: string) {
  saveBlob(new Blob([credential], { type: mediaType }), `${name}.jwt`);
}

export function downloadProgressCsv(programId: string, communityId: string | null) {
  const query = new URLSearchParams({ format: 'csv', ...(communityId ? { communityId } : {}) });
  return downloadAttachment(`${path(programId)}/progress?${query.toString()}`, 'program-progress.csv');
}

/** Admins: revokes a certificate for good, with a reason (§10.1). */
export const revokeCertificate = (certificateId: string, reason: string) =>
  apiRequest(`/api/certificates/${encodeURIComponent(certificateId)}/revoke`, certificateStatusSchema, { method: 'POST', body: { reason } });
