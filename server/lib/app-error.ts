/** The one error type the server throws on purpose; the error handler turns it into the contract shape. */
export type AppErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'invalid_token'
  | 'invalid_code'
  | 'session_expired'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'edit_conflict'
  | 'calibration_required'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'budget_exhausted'
  | 'model_unpriced'
  | 'ai_unavailable'
  | 'database_unavailable'
  | 'service_unavailable'
  | 'evaluator_unavailable'
  | 'internal_error';

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
  calibration_required: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  budget_exhausted: 429,
  model_unpriced: 409,
  ai_unavailable: 503,
  database_unavailable: 503,
  service_unavailable: 503,
  evaluator_unavailable: 503,
  internal_error: 500,
};

export interface AppErrorOptions {
  status?: number;
  cause?: unknown;
  details?: unknown;
  headers?: Record<string, string>;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly status: number;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? defaultStatus[code];
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

export const notFound = (what = 'That item'): AppError => new AppError('not_found', `${what} was not found.`);
