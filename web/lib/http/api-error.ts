import { errorBodyGuard } from '../session-guards.js';
import { tryAgainIn } from '../format.js';
import { i18n } from '../i18n.js';

export type ApiErrorKind = 'http' | 'network' | 'timeout' | 'invalid_response';

export interface ApiErrorInit {
  kind: ApiErrorKind;
  status: number;
  code: string;
  message: string;
  requestId?: string | undefined;
  retryAfterSeconds?: number | undefined;
  details?: unknown;
}

/** Every failure of a request, in the server's error shape ({ code, message, requestId }). */
export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  /** HTTP status, or 0 when no response arrived. */
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly details: unknown;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.name = 'ApiError';
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.details = init.details;
  }

  get isUnauthenticated(): boolean {
    return this.status === 401;
  }

  /** Worth retrying later: nothing says the request itself was wrong. */
  get isTransient(): boolean {
    return this.kind !== 'http' || this.status >= 500 || this.status === 429;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** A response already read: status, headers and the body parsed as JSON when it is JSON. */
export interface RawResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** A save refused because someone else saved meanwhile (412 edit_conflict, from a stale If-Match). */
export function isEditConflict(error: unknown): boolean {
  return isApiError(error) && error.code === 'edit_conflict';
}

export function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/** What a failed fetch means for the person: our timeout, their own abort, or no network. */
export function transportError(error: unknown, timedOut: boolean, signal: AbortSignal | undefined): unknown {
  if (timedOut) {
    return new ApiError({ kind: 'timeout', status: 0, code: 'timeout', message: i18n.t('common:http.timeout') });
  }
  if (signal?.aborted) return abortError(signal);
  return new ApiError({
    kind: 'network',
    status: 0,
    code: 'network_error',
    message: i18n.t('common:http.network'),
    details: error instanceof Error ? error.message : undefined,
  });
}

function parseRetryAfter(headers: Headers): number | undefined {
  const value = headers.get('Retry-After');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

export function errorFromResponse(raw: RawResponse): ApiError {
  const parsed = errorBodyGuard.safeParse(raw.body);
  const retryAfterSeconds = parseRetryAfter(raw.headers);
  if (parsed.success) {
    const { code, message, requestId, details } = parsed.data.error;
    return new ApiError({ kind: 'http', status: raw.status, code, message, requestId, retryAfterSeconds, details });
  }
  const fallback =
    raw.status >= 500
      ? i18n.t('common:http.serverError')
      : raw.status === 429
        ? i18n.t('common:http.tooManyAttempts')
        : raw.status === 401
          ? i18n.t('common:http.sessionEnded')
          : i18n.t('common:http.failed', { status: raw.status });
  return new ApiError({
    kind: 'http',
    status: raw.status,
    code: raw.status >= 500 ? 'server_error' : `http_${raw.status}`,
    message: fallback,
    retryAfterSeconds,
  });
}

/** A short human sentence for any error, for alerts and error screens. */
export function describeError(error: unknown): { title: string; message: string; requestId?: string } {
  if (isApiError(error)) {
    if (error.kind === 'network') return { title: i18n.t('common:http.titles.network'), message: error.message };
    if (error.kind === 'timeout') return { title: i18n.t('common:http.titles.timeout'), message: error.message };
    if (error.status === 429) {
      const wait = error.retryAfterSeconds;
      const suffix = wait ? ` ${tryAgainIn(wait)}` : '';
      return { title: i18n.t('common:http.titles.tooMany'), message: `${error.message.replace(/\.?$/, '.')}${suffix}` };
    }
    const title =
      error.status >= 500
        ? i18n.t('common:http.titles.server')
        : error.status === 404
          ? i18n.t('common:http.titles.notFound')
          : i18n.t('common:http.titles.failed');
    return error.requestId
      ? { title, message: error.message, requestId: error.requestId }
      : { title, message: error.message };
  }
  if (error instanceof Error) return { title: i18n.t('common:http.titles.server'), message: error.message };
  return { title: i18n.t('common:http.titles.server'), message: i18n.t('common:http.unexpected') };
}
