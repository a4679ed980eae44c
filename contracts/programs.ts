import { z } from 'zod';
import { contentKindSchema } from './content.js';
import { pageQuerySchema } from './pagination.js';

/** ARCHITECTURE §9.2: programs, due dates and certificates. */

export const MAX_PROGRAM_STEPS = 50;

export const programStatusSchema = z.enum(['draft', 'published']);
export type ProgramStatus = z.infer<typeof programStatusSchema>;

export const stepStateSchema = z.enum(['locked', 'available', 'done']);
export type StepState = z.infer<typeof stepStateSchema>;

const stepInputSchema = z.object({ contentId: z.uuid(), required: z.boolean().default(true) });

const stepsInputSchema = z
  .array(stepInputSchema)
  .max(MAX_PROGRAM_STEPS, `A program can have at most ${MAX_PROGRAM_STEPS} steps.`)
  .refine((steps) => new Set(steps.map((s) => s.contentId)).size === steps.length, 'The same content appears twice in the steps.');

const certificateInputSchema = z.object({
  enabled: z.boolean().default(true),
  /** Days a certificate stays valid; null: it never expires. */
  validDays: z.number().int().min(1, 'A validity period is at least 1 day.').max(36500).nullable().default(null),
});

/** Estimated learning hours, printed on the certificate (kept to one decimal); null: not stated. */
const hoursSchema = z.number().min(0.5, 'Hours are at least 0.5.').max(1000, 'Hours are at most 1000.').nullable();

export const createProgramSchema = z.object({
  title: z.string().trim().min(1, 'Give the program a title.').max(200),
  description: z.string().max(5000).default(''),
  status: programStatusSchema.default('draft'),
  /** Steps unlock one after another: a step waits for the required steps before it. */
  sequential: z.boolean().default(false),
  /** Days from enrolment to the due date; null: no due date. */
  dueDays: z.number().int().min(1, 'A due date is at least 1 day after enrolment.').max(3650).nullable().default(null),
  certificate: certificateInputSchema.default({ enabled: true, validDays: null }),
  steps: stepsInputSchema.default([]),
  hours: hoursSchema.default(null),
});
export type CreateProgramInput = z.input<typeof createProgramSchema>;

export const updateProgramSchema = z.object({
  title: z.string().trim().min(1, 'Give the program a title.').max(200).optional(),
  description: z.string().max(5000).optional(),
  status: programStatusSchema.optional(),
  sequential: z.boolean().optional(),
  dueDays: z.number().int().min(1).max(3650).nullable().optional(),
  certificate: z.object({ enabled: z.boolean().optional(), validDays: z.number().int().min(1).max(36500).nullable().optional() }).optional(),
  /** The whole ordered list: it replaces the current steps. */
  steps: stepsInputSchema.optional(),
  hours: hoursSchema.optional(),
  /**
   * When `steps` adds a step members must do and some members already completed the program: 'keep'
   * leaves their completion (and certificate) as it is; 'reopen' reopens their enrolment until they
   * do the new step (the certificate they hold stays valid, as earned). Without it such an edit is
   * refused with 409 `completed_members_choice_required`, whose details say how many are affected.
   * Members in progress (and reopened ones) are told by email either way.
   */
  completedMembers: z.enum(['keep', 'reopen']).optional(),
});
export type UpdateProgramInput = z.infer<typeof updateProgramSchema>;

export const programAssignmentsSchema = z.object({ communityIds: z.array(z.uuid()).max(500) });

export const programAssignmentsInputSchema = programAssignmentsSchema.extend({
  /**
   * Issue 25: the admin confirmed that the steps' published content not yet assigned to these
   * communities is assigned to them too (each recorded in the audit log), so the program can be.
   * Without it such an assignment is refused (422 program_step_not_visible, naming every item).
   */
  assignContent: z.boolean().default(false),
});

/** A step the members of a community the program is (or would be) assigned to cannot open, because its content is not assigned there. */
export const unassignedStepSchema = z.object({
  contentId: z.uuid(),
  title: z.string(),
  position: z.number(),
  communityId: z.uuid(),
  communityName: z.string(),
});
export type UnassignedStep = z.infer<typeof unassignedStepSchema>;

export const programStepSchema = z.object({
  contentId: z.uuid(),
  required: z.boolean(),
  /** null when the content no longer exists (or cannot be seen by the caller). */
  kind: contentKindSchema.nullable(),
  /** "No longer available" when the caller cannot open it. */
  title: z.string(),
  /** False when the content was deleted, unpublished or unassigned: shown, never counted. */
  available: z.boolean(),
});
export type ProgramStep = z.infer<typeof programStepSchema>;

export const progressStepSchema = z.object({
  contentId: z.uuid(),
  state: stepStateSchema,
  available: z.boolean(),
});

export const programProgressSchema = z.object({
  /** 0–100: the counted steps done (required ones, or all when none is required). */
  percent: z.number(),
  enrolledAt: z.string(),
  completedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  /** 1 for the first enrolment; n+1 after the certificate of cycle n expired. */
  cycle: z.number(),
  /** The certificate of this cycle, once completed (null without certificates). */
  certificateId: z.uuid().nullable(),
  /** The first step that can be worked on now (null when done or nothing is open). */
  nextContentId: z.uuid().nullable(),
  steps: z.array(progressStepSchema),
});
export type ProgramProgress = z.infer<typeof programProgressSchema>;

export const programSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  status: programStatusSchema,
  sequential: z.boolean(),
  dueDays: z.number().nullable(),
  certificate: z.object({ enabled: z.boolean(), validDays: z.number().nullable() }),
  steps: z.array(programStepSchema),
  /** Admins: every community it is assigned to; others: only their own. */
  communityIds: z.array(z.uuid()),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  /** The caller's own progress (or, with ?userId=, that member's); null when not enrolled. */
  progress: programProgressSchema.nullable(),
  /** Estimated learning hours (issue 25), printed on the certificate; null when not stated (always sent; optional for older readers). */
  hours: z.number().nullable().optional(),
  /** Admins, on create, read and edit: what in the set-up will not work as a trainer expects. */
  warnings: z
    .array(
      z.object({
        code: z.enum(['due_inside_reminder_window', 'steps_not_assigned']),
        message: z.string(),
        /** steps_not_assigned: each step and community whose members cannot open it (issue 25). */
        items: z.array(unassignedStepSchema).optional(),
      }),
    )
    .optional(),
});
export type Program = z.infer<typeof programSchema>;

export const listProgramsQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(200).optional(),
  status: programStatusSchema.optional(),
  communityId: z.uuid().optional(),
  /** Managers (for a member of a community they manage) and admins: that member's programs and progress. */
  userId: z.uuid().optional(),
});
export type ListProgramsQuery = z.infer<typeof listProgramsQuerySchema>;

export const progressQuerySchema = z.object({
  /** Managers must name a community they manage (unless they manage only one assigned); admins may omit it for all. */
  communityId: z.uuid().optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

export const memberProgressSchema = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  email: z.string(),
  enrolledAt: z.string(),
  dueAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  overdue: z.boolean(),
  percent: z.number(),
  steps: z.array(z.object({ contentId: z.uuid(), state: stepStateSchema })),
  /** The cycle's certificate (admins only; null otherwise), for revoking it from the report (§10.1). */
  certificate: z.object({ id: z.uuid(), revokedAt: z.string().nullable(), suspendedAt: z.string().nullable() }).nullable().optional(),
});
export type MemberProgress = z.infer<typeof memberProgressSchema>;

export const programProgressReportSchema = z.object({
  program: z.object({ id: z.uuid(), title: z.string(), sequential: z.boolean(), dueDays: z.number().nullable() }),
  steps: z.array(programStepSchema),
  /** The communities the report covers. */
  communities: z.array(z.object({ id: z.uuid(), name: z.string() })),
  totals: z.object({ enrolled: z.number(), completed: z.number(), overdue: z.number() }),
  /** How many members have done each step, in step order. */
  funnel: z.array(z.object({ contentId: z.uuid(), done: z.number() })),
  /** Overdue first (most overdue first), then by due date, then by name. */
  members: z.array(memberProgressSchema),
});
export type ProgramProgressReport = z.infer<typeof programProgressReportSchema>;

export const certificateSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  programId: z.uuid().nullable(),
  programTitle: z.string(),
  issuedAt: z.string(),
  expiresAt: z.string().nullable(),
  /** Not revoked, not suspended and not expired. */
  valid: z.boolean(),
  /** §10.1: when an admin revoked it, or a review reversed a pass it rests on (suspended). */
  revokedAt: z.string().nullable().optional(),
  suspendedAt: z.string().nullable().optional(),
  /** APP_URL/verify/:code */
  verifyUrl: z.string(),
});
export type Certificate = z.infer<typeof certificateSchema>;

export const certificateListSchema = z.object({ items: z.array(certificateSchema) });

export const verifyParamsSchema = z.object({ code: z.string().min(1).max(100) });

export const verificationSchema = z.object({
  valid: z.boolean(),
  holderName: z.string(),
  programTitle: z.string(),
  issuedAt: z.string(),
  expiresAt: z.string().nullable(),
  revoked: z.boolean(),
  /** §10.1: revocation and suspension, and what it was issued on (each step assessed or self-reported). */
  revokedAt: z.string().nullable(),
  suspendedAt: z.string().nullable(),
  steps: z.array(z.object({ title: z.string(), kind: z.string().nullable(), assessed: z.boolean(), reviewed: z.boolean().nullable() })),
});
export type Verification = z.infer<typeof verificationSchema>;
