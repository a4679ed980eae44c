import { z } from 'zod';

export { errorCodes, isErrorCode, type ErrorCode } from './error-codes.js';
import { errorCodes, type ErrorCode } from './error-codes.js';


export const errorCodeSchema = z.enum(errorCodes);

/** One refused field: its path, the contract's English words, and (from schema validation) the zod issue's code and facts the web words in each language. */
const issuesSchema = z.array(
  z.object({
    path: z.string(),
    message: z.string(),
    code: z.string().optional(),
    origin: z.string().optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    format: z.string().optional(),
  }),
);

/**
 * The shape of `details` for the codes that carry facts. A code not listed here carries no details.
 * The web interpolates these into the code's translation ({{domain}}, {{max}}…).
 */
export const errorDetailsSchemas = {
  validation_failed: z.object({ in: z.string().optional(), issues: issuesSchema.optional(), reason: z.string().optional() }).catchall(z.unknown()),
  rate_limited: z.object({ retryAfterSeconds: z.number() }),
  budget_exhausted: z.object({ scope: z.string(), retryAfterSeconds: z.number() }),
  model_unpriced: z.object({ model: z.string() }),
  // A generic conflict may name its reason (e.g. an attempt limit) for the page to explain.
  conflict: z.object({ reason: z.string() }).catchall(z.unknown()),
  calibration_required: z.object({
    calibrationId: z.string().nullable(),
    status: z.string(),
    failures: z.unknown(),
    measures: z.unknown(),
  }),
  private_address: z.object({ field: z.string(), host: z.string(), in: z.string(), issues: issuesSchema }),
  csv_no_email_column: z.object({ columns: z.string() }),
  csv_too_many_rows: z.object({ max: z.number() }),
  range_too_long: z.object({ max: z.number() }),
  sso_domain_taken: z.object({ domain: z.string(), community: z.string() }),
  sso_domain_other_community: z.object({ domain: z.string() }),
  public_mail_domain: z.object({ domain: z.string(), in: z.string(), issues: issuesSchema }),
  image_too_large: z.object({ maxMb: z.number() }),
  file_too_large: z.object({ maxMb: z.number() }),
  knowledge_content_missing: z.object({ in: z.string(), issues: issuesSchema }),
  knowledge_file_missing: z.object({ in: z.string(), issues: issuesSchema }),
  agent_not_found: z.object({ in: z.string(), issues: issuesSchema }),
  program_step_missing: z.object({ step: z.number(), in: z.string(), issues: issuesSchema }),
  program_step_not_visible: z.object({
    reason: z.enum(['deleted', 'unpublished', 'unassigned']),
    position: z.number(),
    title: z.string(),
    community: z.string(),
    contentId: z.string(),
    communityId: z.string(),
    // Issue 25: every step and community that only lacks an assignment, and whether that is all
    // that is wrong (then PUT .../assignments with assignContent: true fixes it in one step).
    unassigned: z.array(z.object({ contentId: z.string(), title: z.string(), position: z.number(), communityId: z.string(), communityName: z.string() })).optional(),
    fixable: z.boolean().optional(),
  }),
  // A program edit adds steps members must do while some already finished it: how many finished and
  // how many are on their way, and which steps are new, so the builder can ask the trainer.
  completed_members_choice_required: z.object({
    completedMembers: z.number(),
    inProgressMembers: z.number(),
    newSteps: z.array(z.object({ contentId: z.string(), title: z.string() })),
  }),
  unknown_criterion: z.object({ criterion: z.string() }),
  criterion_unscored: z.object({ criterion: z.string() }),
  ai_key_unreadable: z.object({ connection: z.string() }),
  ai_connection_without_model: z.object({ connection: z.string() }),
  ai_model_in_use: z.object({ uses: z.string() }),
  ai_connection_in_use: z.object({ uses: z.string() }),
  lab_model_unavailable: z.object({ model: z.string() }),
} satisfies Partial<Record<ErrorCode, z.ZodType>>;

type DetailsSchemas = typeof errorDetailsSchemas;
/** What `details` holds for `code` (`undefined` for a code without details). */
export type ErrorDetails<C extends ErrorCode> = C extends keyof DetailsSchemas ? z.input<DetailsSchemas[C]> : undefined;

/** The one error shape every endpoint answers with (ARCHITECTURE §5). */
export const errorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    requestId: z.string().optional(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
