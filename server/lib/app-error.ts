import type { ErrorCode, ErrorDetails } from '../../contracts/errors.js';

/** The codes are contracts/errors.ts's list: a code missing there (and so untranslated on the web) does not compile. */
export type AppErrorCode = ErrorCode;

const defaultStatus: Record<AppErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  invalid_token: 400,
  invalid_code: 401,
  session_expired: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  edit_conflict: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  request_timeout: 408,
  rate_limited: 429,
  model_unpriced: 409,
  database_unavailable: 503,
  service_unavailable: 503,
  internal_error: 500,
  private_address: 400,
  account_inactive: 401,
  account_not_prepared: 500,
  no_local_password: 400,
  current_password_required: 400,
  current_password_wrong: 401,
  recent_sign_in_required: 403,
  mfa_already_set_up: 409,
  mfa_already_on: 409,
  mfa_not_on: 409,
  mfa_required_for_role: 403,
  email_taken: 409,
  cannot_change_own_account: 400,
  invitation_not_accepted: 400,
  cannot_delete_own_account: 400,
  csv_file_missing: 400,
  csv_empty: 400,
  csv_no_email_column: 400,
  csv_too_many_rows: 400,
  community_name_taken: 409,
  works_council_mode: 403,
  flag_key_taken: 409,
  cannot_erase_self: 400,
  erase_confirmation_mismatch: 400,
  legal_hold: 409,
  range_too_long: 400,
  community_required: 400,
  sso_domain_taken: 409,
  sso_domain_other_community: 409,
  public_mail_domain: 400,
  image_missing: 400,
  image_too_large: 413,
  only_prompts_copied: 400,
  agent_not_found: 400,
  file_missing: 400,
  file_too_large: 413,
  file_empty: 400,
  knowledge_content_missing: 400,
  knowledge_file_missing: 400,
  program_step_missing: 400,
  program_step_not_visible: 422,
  certificate_revoked: 409,
  certificate_already_revoked: 409,
  attempt_not_scored: 409,
  unknown_criterion: 400,
  criterion_unscored: 400,
  appeal_needs_score: 409,
  appeal_exists: 409,
  appeal_criterion_unknown: 400,
  own_attempt_review: 403,
  completed_members_choice_required: 409,
  calibration_required: 409,
  evaluator_unavailable: 503,
  ai_unavailable: 503,
  ai_key_unreadable: 503,
  ai_connection_removed: 503,
  ai_connection_without_model: 503,
  ai_connection_name_taken: 409,
  ai_model_in_use: 409,
  ai_connection_in_use: 409,
  lab_model_unavailable: 404,
  lab_duplicate_model: 400,
  nothing_to_answer_again: 400,
  budget_exhausted: 429,
  lrs_secret_required: 400,
  lrs_not_saved: 500,
};

export interface AppErrorOptions<C extends AppErrorCode = AppErrorCode> {
  status?: number;
  cause?: unknown;
  /** Typed by the code (contracts/errors.ts `errorDetailsSchemas`): a code without a shape takes none. */
  details?: ErrorDetails<C>;
  headers?: Record<string, string>;
}

export class AppError<C extends AppErrorCode = AppErrorCode> extends Error {
  readonly code: C;
  readonly status: number;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(code: C, message: string, options: AppErrorOptions<C> = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? defaultStatus[code];
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

export const notFound = (what = 'That item'): AppError => new AppError('not_found', `${what} was not found.`);
