import { z } from 'zod';
import { contentKindSchema, type ContentKind } from '../../../../contracts/content.js';
import { pageSchema } from '../../../../contracts/pagination.js';
import { etagFor } from '../../../lib/http/etags.js';
import { apiRequest, apiSend } from '../../../lib/http/request.js';
import { authorizedFetch } from '../../../lib/http/stream.js';

// Provisional shapes from ARCHITECTURE §9.2, until contracts/programs.ts lands.
export const stepStateSchema = z.enum(['locked', 'available', 'done']);
export type StepState = z.infer<typeof stepStateSchema>;

export const programStepSchema = z.object({
  contentId: z.uuid(),
  required: z.boolean(),
  title: z.string().optional(),
  kind: contentKindSchema.optional(),
  /** False when the content was deleted or unpublished: shown as unavailable, never a broken link. */
  available: z.boolean().optional(),
});
export type ProgramStep = z.infer<typeof programStepSchema>;

export const programProgressSchema = z.object({
  percent: z.number(),
  completedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  steps: z.array(z.object({ contentId: z.uuid(), state: stepStateSchema })),
});
export type ProgramProgress = z.infer<typeof programProgressSchema>;

export const programSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  status: z.enum(['draft', 'published', 'archived']),
  sequential: z.boolean(),
  dueDays: z.number().int().nullable(),
  certificate: z.object({ enabled: z.boolean(), validDays: z.number().int().nullable() }),
  steps: z.array(programStepSchema),
  communityIds: z.array(z.uuid()).optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  progress: programProgressSchema.nullable().optional(),
});
export type Program = z.infer<typeof programSchema>;
export type ProgramStatus = Program['status'];

export interface ProgramInput {
  title: string;
  description: string;
  status: ProgramStatus;
  sequential: boolean;
  dueDays: number | null;
  certificate: { enabled: boolean; validDays: number | null };
  steps: { contentId: string; required: boolean }[];
}

const memberRowSchema = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  email: z.string().optional(),
  percent: z.number(),
  completedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  steps: z.array(z.object({ contentId: z.uuid(), state: stepStateSchema })),
});
export type MemberProgressRow = z.infer<typeof memberRowSchema>;
export const programProgressReportSchema = z.object({
  steps: z.array(programStepSchema).optional(),
  members: z.array(memberRowSchema),
});
export type ProgramProgressReport = z.infer<typeof programProgressReportSchema>;

export const certificateSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  programId: z.uuid(),
  programTitle: z.string(),
  issuedAt: z.string(),
  expiresAt: z.string().nullable(),
});
export type Certificate = z.infer<typeof certificateSchema>;

export const verificationSchema = z.object({
  valid: z.boolean(),
  holderName: z.string(),
  programTitle: z.string(),
  issuedAt: z.string(),
  expiresAt: z.string().nullable(),
});
export type Verification = z.infer<typeof verificationSchema>;

const programPageSchema = pageSchema(programSchema);
const assignmentsSchema = z.object({ communityIds: z.array(z.uuid()) });
const certificatesSchema = z.object({ items: z.array(certificateSchema) });

const path = (id: string) => `/api/programs/${encodeURIComponent(id)}`;
const withSignal = (signal: AbortSignal | undefined) => (signal ? { signal } : {});

export function listPrograms(query: { q?: string; cursor?: string | null; limit?: number }, signal?: AbortSignal) {
  return apiRequest('/api/programs', programPageSchema, { query: { q: query.q, cursor: query.cursor, limit: query.limit ?? 50 }, ...withSignal(signal) });
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

export function setProgramAssignments(id: string, communityIds: string[]) {
  return apiRequest(`${path(id)}/assignments`, assignmentsSchema, { method: 'PUT', body: { communityIds } });
}

export function getProgramProgress(id: string, communityId: string | null, signal?: AbortSignal) {
  return apiRequest(`${path(id)}/progress`, programProgressReportSchema, { query: { communityId }, ...withSignal(signal) });
}

export function listCertificates(signal?: AbortSignal) {
  return apiRequest('/api/certificates', certificatesSchema, withSignal(signal));
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

/** Saves a file the server answered as an attachment, through the authorised fetch. */
async function downloadFile(url: string, fallbackName: string): Promise<void> {
  const response = await authorizedFetch(url);
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

export function downloadCertificatePdf(certificate: Certificate) {
  return downloadFile(`/api/certificates/${encodeURIComponent(certificate.id)}/pdf`, 'certificate.pdf');
}

export function downloadProgressCsv(programId: string, communityId: string | null) {
  const query = new URLSearchParams({ format: 'csv', ...(communityId ? { communityId } : {}) });
  return downloadFile(`${path(programId)}/progress?${query.toString()}`, 'program-progress.csv');
}
