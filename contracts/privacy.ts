import { z } from 'zod';

/**
 * Data governance (issue 31, ADR 0042; contract ARCHITECTURE.md §10.4). The export's shape is
 * documented field by field in docs/privacy.md; `format` changes when a field changes meaning.
 */

export const privacyModeSchema = z.enum(['standard', 'works-council']);
export type PrivacyMode = z.infer<typeof privacyModeSchema>;

const days = z.number().int().min(1, 'Keep data at least one day, or choose "keep".').max(36500).nullable();
/** Days each kind of data is kept after its last change; null keeps it until someone deletes it. */
export const retentionSchema = z.object({ conversationsDays: days, attemptsDays: days, filesDays: days });
export type Retention = z.infer<typeof retentionSchema>;
export const retentionPatchSchema = z
  .object({ conversationsDays: days.optional(), attemptsDays: days.optional(), filesDays: days.optional() })
  .strict();

const at = z.string();
const nullableAt = z.string().nullable();

export const exportSchema = z.object({
  format: z.literal('aigym-export/1'),
  exportedAt: at,
  profile: z.object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    role: z.string(),
    status: z.string(),
    language: z.string().nullable(),
    createdAt: at,
    lastLoginAt: nullableAt,
    passwordChangedAt: nullableAt,
    twoFactorEnabled: z.boolean(),
    legalHold: z.boolean(),
  }),
  memberships: z.array(z.object({ communityId: z.uuid(), communityName: z.string(), role: z.string(), privacyMode: privacyModeSchema, joinedAt: at })),
  conversations: z.array(
    z.object({
      id: z.uuid(),
      agentId: z.uuid().nullable(),
      title: z.string(),
      createdAt: at,
      updatedAt: at,
      messages: z.array(
        z.object({
          id: z.uuid(),
          role: z.string(),
          text: z.string(),
          status: z.string(),
          model: z.string().nullable(),
          inputTokens: z.number().nullable(),
          outputTokens: z.number().nullable(),
          createdAt: at,
        }),
      ),
    }),
  ),
  attempts: z.array(
    z.object({
      id: z.uuid(),
      exerciseId: z.uuid(),
      exerciseTitle: z.string().nullable(),
      attemptNumber: z.number(),
      status: z.string(),
      answer: z.string().nullable(),
      score: z.number().nullable(),
      passed: z.boolean().nullable(),
      criteria: z.unknown(),
      feedback: z.string().nullable(),
      review: z.object({ score: z.number().nullable(), passed: z.boolean().nullable(), reason: z.string().nullable(), reviewedAt: nullableAt }).nullable(),
      shared: z.boolean(),
      createdAt: at,
      submittedAt: nullableAt,
      evaluatedAt: nullableAt,
    }),
  ),
  progress: z.array(
    z.object({ contentId: z.uuid(), title: z.string().nullable(), viewedAt: nullableAt, completedAt: nullableAt, promptCopies: z.number(), lastActivityAt: at }),
  ),
  programs: z.array(
    z.object({ enrolmentId: z.uuid(), programId: z.uuid(), programTitle: z.string().nullable(), cycle: z.number(), enrolledAt: at, dueAt: nullableAt, completedAt: nullableAt }),
  ),
  certificates: z.array(
    z.object({ id: z.uuid(), code: z.string(), programTitle: z.string(), holderName: z.string(), issuedAt: at, expiresAt: nullableAt, revoked: z.boolean() }),
  ),
  files: z.array(z.object({ id: z.uuid(), name: z.string(), mime: z.string(), sizeBytes: z.number(), status: z.string(), createdAt: at })),
  sessions: z.array(
    z.object({ id: z.uuid(), createdAt: at, lastUsedAt: at, expiresAt: at, revokedAt: nullableAt, userAgent: z.string().nullable(), ip: z.string().nullable() }),
  ),
  consents: z.array(z.object({ kind: z.string(), givenAt: at })),
  usage: z.array(z.object({ agentId: z.uuid(), day: z.string(), conversations: z.number(), messages: z.number() })),
  promptLab: z.array(
    z.object({
      id: z.uuid(),
      prompt: z.string(),
      createdAt: at,
      answers: z.array(z.object({ connectionName: z.string(), model: z.string(), text: z.string(), status: z.string(), createdAt: at })),
    }),
  ),
  auditEntries: z.array(z.object({ action: z.string(), entityType: z.string(), entityId: z.string().nullable(), byMe: z.boolean(), createdAt: at })),
});
export type DataExport = z.infer<typeof exportSchema>;

export const eraseInputSchema = z.object({
  /** The person's email, typed again: an erasure cannot be undone. */
  confirmation: z.string().trim().min(1, 'Type the person’s email to confirm.').max(254),
});
export const erasureResultSchema = z.object({ pseudonym: z.string(), erasedAt: z.string(), outboxMailsRemoved: z.number().int() });
export type ErasureResult = z.infer<typeof erasureResultSchema>;

export const legalHoldInputSchema = z.object({ reason: z.string().trim().min(1, 'Say why the data must be kept.').max(500) });
export const legalHoldSchema = z.object({ userId: z.uuid(), held: z.boolean(), reason: z.string().nullable(), placedAt: z.string().nullable() });
export type LegalHold = z.infer<typeof legalHoldSchema>;

/** Group totals a manager of a works-council community sees; null below five members. */
export const groupTotalsSchema = z.object({
  communityId: z.uuid(),
  privacyMode: privacyModeSchema,
  minimumGroupSize: z.number().int(),
  since: z.string(),
  members: z.number().int(),
  activeMembers: z.number().int().nullable(),
  conversations: z.number().int().nullable(),
  messages: z.number().int().nullable(),
  attempts: z.number().int().nullable(),
  passed: z.number().int().nullable(),
});
export type GroupTotals = z.infer<typeof groupTotalsSchema>;
