import { isErrorCode, type ErrorCode } from './error-codes.js';

/**
 * Why something failed or went to a person, as the server stores it (issue 23): a code, with facts
 * in `details`, never an English sentence. The web reads them in the person's language
 * (web/locales/<lang>/errors.json, `reasons.<code>`; `npm run i18n:check` fails when one is missing).
 * A stored reason may also be an error code (a refused budget hold keeps `budget_exhausted`), read
 * from `codes.<code>`. Rows written before codes hold a sentence, which the web shows as it is.
 * Kept free of zod (like error-codes.ts): the web imports it on the pages that show reasons.
 */
export const failureReasonCodes = [
  // A model call (chat, Prompt Lab, the exercise evaluator, calibration).
  'ai_provider_credentials',
  'ai_provider_rate_limited',
  'ai_provider_model_unknown',
  'ai_provider_http',
  'ai_provider_unreachable',
  'ai_provider_failed',
  'ai_provider_stalled',
  'ai_answer_interrupted',
  // Exercise scoring: why an attempt was not scored, or went to a trainer.
  'evaluator_failed',
  'evaluator_unfit_answer',
  'evaluator_disagreed',
  'evaluator_addressed',
  'evaluator_offline_graded',
  'evaluator_not_calibrated',
  // The offline evaluator's own words (criterion titles and scores are facts).
  'offline_no_examples',
  'offline_estimate',
  'offline_estimate_echo',
  'offline_estimate_list',
  'offline_no_examples_echo',
  'offline_no_examples_list',
  'offline_next_strongest',
  'offline_next_work_on',
  // Calibration runs.
  'calibration_failed',
  'calibration_lost',
  // Knowledge files an administrator uploaded and the server could not read.
  'knowledge_file_type',
  'knowledge_file_mismatch',
  'knowledge_pdf_password',
  'knowledge_pdf_damaged',
  'knowledge_pdf_too_many_pages',
  'knowledge_pdf_no_text',
  'knowledge_no_text',
  'knowledge_docx_damaged',
  'knowledge_docx_oversized',
  'knowledge_read_timeout',
  'knowledge_read_memory',
  'knowledge_read_failed',
  'knowledge_read_interrupted',
  // xAPI delivery to a community's LRS (community_lrs.last_error): the status code, never the LRS's words.
  'lrs_private_address',
  'lrs_unreachable',
  'lrs_timeout',
  'lrs_redirect',
  'lrs_http',
  'lrs_password_unreadable',
  // The connection test's answer (not stored).
  'lrs_test_ok',
  'lrs_test_other_version',
  // LTI Advantage services (a score sent to a platform, lti_grade_links.last_error; the roster).
  'lti_platform_private_address',
  'lti_platform_unreachable',
  'lti_platform_no_token_url',
  'lti_platform_token_refused',
  'lti_platform_no_token',
  'lti_platform_http',
  'lti_platform_gone',
  'lti_platform_not_roster',
  'lti_score_failed',
  // The platform check (its keyset; answered, not stored).
  'lti_keys_ok',
  'lti_keys_empty',
  'lti_keys_private_address',
  'lti_keys_unreachable',
  'lti_keys_http',
  'lti_keys_not_jwks',
  // An AI connection test (answered, not stored): why the provider gave no answer.
  'ai_probe_timeout',
  'ai_probe_key_refused',
  'ai_probe_key_missing',
  'ai_probe_not_found',
  'ai_probe_redirect',
  'ai_probe_rate_limited',
  'ai_probe_http',
  'ai_probe_connection_refused',
  'ai_probe_host_unknown',
  'ai_probe_connect_timeout',
  'ai_probe_connection_reset',
  'ai_probe_unreachable',
  'ai_probe_unusable',
  'ai_probe_no_model',
  // A people import's rows (answered, not stored): why a row was refused, or what it changes.
  'import_email_missing',
  'import_email_invalid',
  'import_duplicate',
  'import_role_invalid',
  'import_community_role_invalid',
  'import_unknown_communities',
  'import_manager_needs_community',
  'import_field_invalid',
  'import_added',
  'import_added_manager',
] as const;
export type FailureReasonCode = (typeof failureReasonCodes)[number];

/** The facts a reason's translation interpolates. */
export type ReasonDetails = Record<string, string | number>;

export interface StoredReason {
  code: FailureReasonCode | ErrorCode;
  details: ReasonDetails;
}

export function isFailureReasonCode(value: unknown): value is FailureReasonCode {
  return typeof value === 'string' && (failureReasonCodes as readonly string[]).includes(value);
}

/** How a reason is written into a text column: the code, then its details as JSON when there are any. */
export function encodeReason(code: FailureReasonCode | ErrorCode, details?: ReasonDetails): string {
  return details && Object.keys(details).length > 0 ? `${code} ${JSON.stringify(details)}` : code;
}

/** A stored reason read back; null for anything else (an old row's sentence, a model's own feedback). */
export function decodeReason(stored: string | null | undefined): StoredReason | null {
  if (!stored) return null;
  const match = /^([a-z0-9_]+)(?: (\{.*\}))?$/s.exec(stored);
  if (!match) return null;
  const code = match[1];
  if (!isFailureReasonCode(code) && !isErrorCode(code)) return null;
  if (!match[2]) return { code, details: {} };
  try {
    const parsed: unknown = JSON.parse(match[2]);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    const details: ReasonDetails = {};
    for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string' || typeof value === 'number') details[key] = value;
    return { code, details };
  } catch {
    return null;
  }
}
