/**
 * Every error code the server answers with (ARCHITECTURE §5), and so every code the web translates
 * (web/locales/<lang>/errors.json, `codes.<code>`; `npm run i18n:check` fails when one is missing).
 * A code names one situation a person can act on; its `message` stays an English sentence for API
 * clients, and the web shows the translation of the code instead (ADR 0047). Codes with facts to show
 * carry them in `details` (shapes below), which the translations interpolate. Add codes at the end of
 * their group; never rename one (API clients branch on them). Kept free of zod so the web client,
 * which ships on /login, can import it (like sso-codes.ts).
 */
export const errorCodes = [
  // Generic: what any endpoint may answer.
  'bad_request',
  'validation_failed',
  'unauthenticated',
  'invalid_credentials',
  'invalid_token',
  'invalid_code',
  'session_expired',
  'forbidden',
  'not_found',
  'conflict',
  'edit_conflict',
  'payload_too_large',
  'unsupported_media_type',
  'request_timeout',
  'rate_limited',
  'database_unavailable',
  'service_unavailable',
  'internal_error',
  // Requests refused before any module reads them.
  'private_address',
  // Accounts, sign-in and two-factor.
  'account_inactive',
  'account_not_prepared',
  'no_local_password',
  'current_password_required',
  'current_password_wrong',
  'recent_sign_in_required',
  'mfa_already_set_up',
  'mfa_already_on',
  'mfa_not_on',
  'mfa_required_for_role',
  // Users and CSV import.
  'email_taken',
  'cannot_change_own_account',
  'invitation_not_accepted',
  'cannot_delete_own_account',
  'csv_file_missing',
  'csv_empty',
  'csv_no_email_column',
  'csv_too_many_rows',
  // Communities, flags, privacy, analytics.
  'community_name_taken',
  'works_council_mode',
  'flag_key_taken',
  'cannot_erase_self',
  'erase_confirmation_mismatch',
  'legal_hold',
  'range_too_long',
  'community_required',
  // Single sign-on set-up.
  'sso_domain_taken',
  'sso_domain_other_community',
  'public_mail_domain',
  // Content, files and knowledge.
  'image_missing',
  'image_too_large',
  'only_prompts_copied',
  'agent_not_found',
  'file_missing',
  'file_too_large',
  'file_empty',
  'knowledge_content_missing',
  'knowledge_file_missing',
  // Programs, certificates, reviews.
  'program_step_missing',
  'program_step_not_visible',
  'certificate_revoked',
  'certificate_already_revoked',
  'attempt_not_scored',
  'unknown_criterion',
  'criterion_unscored',
  'appeal_needs_score',
  'appeal_exists',
  'appeal_criterion_unknown',
  'own_attempt_review',
  'completed_members_choice_required',
  // Exercises (scoring and calibration).
  'calibration_required',
  'evaluator_unavailable',
  // AI connections, Prompt Lab, chat, budget.
  'ai_unavailable',
  'ai_key_unreadable',
  'ai_connection_removed',
  'ai_connection_without_model',
  'ai_connection_name_taken',
  'ai_model_in_use',
  'ai_connection_in_use',
  'lab_model_unavailable',
  'lab_duplicate_model',
  'nothing_to_answer_again',
  'budget_exhausted',
  'model_unpriced',
  // Integrations.
  'lrs_secret_required',
  'lrs_not_saved',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}
