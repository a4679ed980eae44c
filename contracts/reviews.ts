import { z } from 'zod';

/** ARCHITECTURE §10.1: the review queue, per-criterion reviews, appeals and revocation (ADR 0036). */

export const reviewReasonSchema = z.enum(['needs_review', 'near_pass_mark', 'sampled', 'disagreement', 'appeal']);
export type ReviewReason = z.infer<typeof reviewReasonSchema>;

/** How close to the pass mark (points either side) a graded score is checked by a person. */
export const NEAR_PASS_MARK_POINTS = 10;

export const reviewQueueQuerySchema = z.object({
  /** Reviewers see only the communities they were named for; admins every community when omitted. */
  communityId: z.uuid().optional(),
});

export const reviewItemSchema = z.object({
  attemptId: z.uuid(),
  reason: reviewReasonSchema,
  /** When the attempt started waiting (scored, or appealed). */
  waitingSince: z.string(),
  /** Whole hours it has waited, for sorting and "waiting 3 days". */
  ageHours: z.number(),
  exerciseId: z.uuid(),
  exerciseTitle: z.string(),
  userId: z.uuid(),
  learnerName: z.string(),
  attemptNumber: z.number(),
  status: z.enum(['evaluated', 'needs_review', 'reviewed']),
  score: z.number().nullable(),
  passed: z.boolean().nullable(),
  passMark: z.number(),
  graded: z.boolean(),
  /** The criterion appealed and the learner's sentence (reason `appeal`). */
  appeal: z.object({ criterionId: z.string(), text: z.string(), at: z.string() }).nullable(),
});
export type ReviewItem = z.infer<typeof reviewItemSchema>;

export const reviewQueueSchema = z.object({ items: z.array(reviewItemSchema) });
export type ReviewQueue = z.infer<typeof reviewQueueSchema>;

/** What a reviewer sees to score an attempt: the rubric, the evaluator's criteria, the answer. */
export const reviewDetailSchema = z.object({
  attemptId: z.uuid(),
  exerciseTitle: z.string(),
  learnerName: z.string(),
  brief: z.string(),
  passMark: z.number(),
  graded: z.boolean(),
  answer: z.string().nullable(),
  rubric: z.array(z.object({ id: z.string(), title: z.string(), description: z.string(), weight: z.number() })),
  evaluatorCriteria: z.array(z.object({ criterionId: z.string(), score: z.number(), justification: z.string() })),
  score: z.number().nullable(),
  review: z.object({ score: z.number(), passed: z.boolean(), reason: z.string(), criteria: z.array(z.object({ criterionId: z.string(), score: z.number() })) }).nullable(),
  appeal: z.object({ criterionId: z.string(), text: z.string(), at: z.string(), resolvedAt: z.string().nullable() }).nullable(),
});
export type ReviewDetail = z.infer<typeof reviewDetailSchema>;

export const reviewCriterionInputSchema = z.object({ criterionId: z.string().min(1).max(100), score: z.number().int().min(0).max(100) });

/** PUT /api/attempts/:id/review: every rubric criterion once; the total and the pass are computed. */
export const reviewAttemptSchema = z.object({
  criteria: z
    .array(reviewCriterionInputSchema)
    .min(1, 'Score every criterion.')
    .max(8)
    .refine((c) => new Set(c.map((x) => x.criterionId)).size === c.length, 'Each criterion is scored once.'),
  reason: z.string().trim().min(1, 'Say why you changed the score.').max(2000),
});
export type ReviewAttemptInput = z.infer<typeof reviewAttemptSchema>;

export const appealAttemptSchema = z.object({
  criterionId: z.string().min(1).max(100),
  text: z.string().trim().min(1, 'Write one sentence saying why the score of this criterion is wrong.').max(1000),
});
export type AppealAttemptInput = z.infer<typeof appealAttemptSchema>;

export const reviewerSchema = z.object({ userId: z.uuid(), displayName: z.string(), email: z.string(), addedAt: z.string() });
export const reviewerListSchema = z.object({ items: z.array(reviewerSchema) });
export type Reviewer = z.infer<typeof reviewerSchema>;

export const revokeCertificateSchema = z.object({
  reason: z.string().trim().min(1, 'Say why the certificate is revoked.').max(1000),
});

export const certificateStatusSchema = z.object({
  id: z.uuid(),
  revoked: z.boolean(),
  revokedAt: z.string().nullable(),
  revokedReason: z.string().nullable(),
  suspendedAt: z.string().nullable(),
});
export type CertificateStatus = z.infer<typeof certificateStatusSchema>;

/** One step a certificate rests on, as recorded when it was issued. */
export const certificateEvidenceSchema = z.object({
  contentId: z.string(),
  title: z.string().nullable(),
  kind: z.string().nullable(),
  required: z.boolean(),
  /** A graded exercise's pass (by a calibrated evaluator or a person); otherwise the member's own activity. */
  assessed: z.boolean(),
  attemptId: z.string().nullable(),
  evaluatorModel: z.string().nullable(),
  evaluatorOffline: z.boolean().nullable(),
  reviewed: z.boolean().nullable(),
});
export type CertificateEvidence = z.infer<typeof certificateEvidenceSchema>;
