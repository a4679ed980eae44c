import { z } from 'zod';

/** Longest final answer a learner may submit (characters). */
export const MAX_ANSWER_LENGTH = 20000;

export const attemptStatusSchema = z.enum(['open', 'submitted', 'evaluated', 'needs_review', 'reviewed']);
export type AttemptStatus = z.infer<typeof attemptStatusSchema>;

export const criterionScoreSchema = z.object({
  criterionId: z.string(),
  /** 0–100 for this criterion. */
  score: z.number(),
  justification: z.string(),
  /** A verbatim quote from the learner's own words ('' when there is none to quote). */
  evidence: z.string(),
});
export type CriterionScore = z.infer<typeof criterionScoreSchema>;

export const attemptReviewSchema = z.object({
  score: z.number(),
  passed: z.boolean(),
  reason: z.string(),
  reviewerId: z.uuid().nullable(),
  reviewerName: z.string().nullable(),
  at: z.string(),
  /** §10.1: the reviewer's score per criterion; the score above is their weighted mean. */
  criteria: z.array(z.object({ criterionId: z.string(), score: z.number() })).optional(),
});

/** §10.1: the learner's appeal of one criterion (one per attempt). */
export const attemptAppealSchema = z.object({ criterionId: z.string(), text: z.string(), at: z.string(), resolvedAt: z.string().nullable() });

export const attemptSchema = z.object({
  id: z.uuid(),
  exerciseId: z.uuid(),
  exerciseTitle: z.string(),
  userId: z.uuid(),
  number: z.number(),
  conversationId: z.uuid().nullable(),
  status: attemptStatusSchema,
  /** The final answer: the owner's, or a manager's view once shared; null otherwise. */
  answer: z.string().nullable(),
  score: z.number().nullable(),
  passed: z.boolean().nullable(),
  /** Justification and evidence quote the learner: empty in a manager's view until shared. */
  criteria: z.array(criterionScoreSchema),
  feedback: z.string().nullable(),
  evaluator: z
    .object({
      model: z.string(),
      offline: z.boolean(),
      /** The AI connection scored with; null: the environment's provider (or the offline evaluator). */
      connectionId: z.uuid().nullable().optional(),
      /** How many samples were taken and how far apart they were (points on the 0–100 scale). */
      samples: z.number().optional(),
      spread: z.number().optional(),
    })
    .nullable(),
  /** §10.1: graded (a pass counts) or practice (feedback only, `passed: null`). */
  graded: z.boolean(),
  /** The fingerprint of the rubric, examples and evaluator the attempt was scored against. */
  rubricVersion: z.string().nullable(),
  /** Why the last evaluation did not finish; the attempt stays submitted and can be submitted again. */
  evaluationError: z.string().nullable(),
  review: attemptReviewSchema.nullable(),
  appeal: attemptAppealSchema.nullable().optional(),
  shared: z.boolean(),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  evaluatedAt: z.string().nullable(),
});
export type Attempt = z.infer<typeof attemptSchema>;

export const attemptEnvelopeSchema = z.object({ attempt: attemptSchema });

export const submitAttemptSchema = z.object({
  answer: z
    .string()
    .trim()
    .max(MAX_ANSWER_LENGTH, `An answer can be at most ${MAX_ANSWER_LENGTH.toLocaleString('en')} characters.`)
    .optional(),
});

/** The review body (per criterion) is `reviewAttemptSchema` in contracts/reviews.ts (§10.1). */
export const listAttemptsQuerySchema = z.object({ userId: z.uuid().optional() });
export const attemptListSchema = z.object({ items: z.array(attemptSchema) });

export const transcriptSchema = z.object({
  attemptId: z.uuid(),
  messages: z.array(z.object({ role: z.enum(['user', 'assistant']), text: z.string(), createdAt: z.string() })),
  answer: z.string().nullable(),
});
export type Transcript = z.infer<typeof transcriptSchema>;

/** The people who can read an attempt's transcript while it is shared. */
export const attemptReadersSchema = z.object({
  shared: z.boolean(),
  readers: z.array(z.object({ name: z.string(), community: z.string() })),
});
export type AttemptReaders = z.infer<typeof attemptReadersSchema>;

// Analytics (under /api/analytics/).
export const exerciseStatsSchema = z.object({
  items: z.array(
    z.object({
      exerciseId: z.uuid(),
      title: z.string(),
      passMark: z.number(),
      members: z.number(),
      attempts: z.number(),
      scored: z.number(),
      /** Share (0–1) of members who attempted it and passed at least once. */
      passRate: z.number().nullable(),
      averageScore: z.number().nullable(),
      /** Among members who passed: how many attempts it took, on average. */
      averageAttemptsToPass: z.number().nullable(),
      criteria: z.array(z.object({ criterionId: z.string(), title: z.string(), averageScore: z.number().nullable() })),
    }),
  ),
});
export type ExerciseStats = z.infer<typeof exerciseStatsSchema>;

export const exerciseMembersSchema = z.object({
  items: z.array(
    z.object({
      userId: z.uuid(),
      displayName: z.string(),
      attempts: z.number(),
      bestScore: z.number().nullable(),
      passed: z.boolean(),
      lastAttemptId: z.uuid(),
      lastStatus: attemptStatusSchema,
      lastAttemptAt: z.string(),
      shared: z.boolean(),
    }),
  ),
});
export type ExerciseMembers = z.infer<typeof exerciseMembersSchema>;

export const skillsQuerySchema = z.object({ userId: z.uuid().optional() });
/** A member's skills: each rubric criterion (by title, across exercises) with its scores over time. */
export const skillsSchema = z.object({
  userId: z.uuid(),
  skills: z.array(
    z.object({
      skill: z.string(),
      average: z.number(),
      latest: z.number(),
      points: z.array(z.object({ at: z.string(), score: z.number(), exerciseId: z.uuid(), exerciseTitle: z.string() })),
    }),
  ),
});
export type Skills = z.infer<typeof skillsSchema>;

export const memberSkillsQuerySchema = z.object({ communityId: z.uuid().optional() });
export type MemberSkillsQuery = z.infer<typeof memberSkillsQuerySchema>;
/**
 * Each member in the caller's scope (a manager's communities, or one of them; everyone for an
 * admin) with their skills: the latest score, the one before it, and how many scores there are.
 */
export const memberSkillsSchema = z.object({
  items: z.array(
    z.object({
      userId: z.uuid(),
      displayName: z.string(),
      skills: z.array(
        z.object({
          skill: z.string(),
          latest: z.number(),
          /** The score before the latest; null after a single score. */
          previous: z.number().nullable(),
          average: z.number(),
          scores: z.number(),
        }),
      ),
    }),
  ),
});
export type MemberSkills = z.infer<typeof memberSkillsSchema>;

// ---- Calibration (§10.1, ADR 0035) ------------------------------------------------------------

export const calibrationStatusSchema = z.enum(['running', 'passed', 'failed']);

export const calibrationMeasuresSchema = z.object({
  /** Quadratic weighted kappa (−1…1) of the overall score against the trainer's; 0 while running. */
  totalQwk: z.number(),
  /** Per criterion: kappa, and the evaluator's mean score minus the trainer's (positive: lenient). */
  criteria: z.array(z.object({ criterionId: z.string(), qwk: z.number(), meanDifference: z.number() })),
  /** Share (0–1) of examples where evaluator and trainer agree on pass or fail. */
  passAgreement: z.number(),
  /** Examples the trainer scored as clear fails that the evaluator passed. */
  falsePasses: z.number(),
  /** Built-in gaming answers the evaluator passed. */
  adversarialPasses: z.number(),
  /** Share (0–1) of examples whose samples stayed within the disagreement threshold. */
  consistency: z.number(),
});
export type CalibrationMeasures = z.infer<typeof calibrationMeasuresSchema>;

export const calibrationDisagreementSchema = z.object({
  /** An example id, or `gaming:<kind>` for a built-in gaming answer. */
  exemplarId: z.string(),
  text: z.string(),
  trainerScore: z.number().nullable(),
  evaluatorScore: z.number().nullable(),
  criteria: z.array(
    z.object({ criterionId: z.string(), trainerScore: z.number().nullable(), evaluatorScore: z.number().nullable(), justification: z.string() }),
  ),
});

export const calibrationSchema = z.object({
  id: z.uuid(),
  status: calibrationStatusSchema,
  evaluator: z.object({ model: z.string(), offline: z.boolean() }),
  measures: calibrationMeasuresSchema,
  /** Thresholds not met (empty when passed or running). */
  failures: z.array(z.object({ measure: z.string(), value: z.number().nullable(), required: z.string() })),
  /** The worst disagreements, trainer and evaluator side by side. */
  disagreements: z.array(calibrationDisagreementSchema),
  /** Whether this run is of the exercise's current rubric, examples and evaluator. */
  current: z.boolean(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type Calibration = z.infer<typeof calibrationSchema>;
export const calibrationEnvelopeSchema = z.object({ calibration: calibrationSchema.nullable() });

/**
 * Where each graded exercise stands (admins' library): `calibrated` — a passed run of its current
 * rubric, examples and evaluator; `stale` — the last run was of something since changed; `failed`;
 * `running`; `not_calibrated` — never run.
 */
export const calibrationStateSchema = z.enum(['calibrated', 'stale', 'failed', 'running', 'not_calibrated']);
export type CalibrationState = z.infer<typeof calibrationStateSchema>;
export const calibrationStatesSchema = z.object({ items: z.array(z.object({ exerciseId: z.uuid(), state: calibrationStateSchema })) });
export type CalibrationStates = z.infer<typeof calibrationStatesSchema>;
