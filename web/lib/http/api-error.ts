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
    return new ApiError({ kind: 'timeout', status: 0, code: 'timeout', message: i18n.t('common:errors.timeout.message') });
  }
  if (signal?.aborted) return abortError(signal);
  return new ApiError({
    kind: 'network',
    status: 0,
    code: 'network_error',
    message: i18n.t('common:errors.network.message'),
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
  // No error body (a proxy's page, an empty 502): say what the status means, never "HTTP 502".
  const fallback = i18n.t(raw.status >= 500 ? 'common:errors.server.message' : raw.status === 429 ? 'common:errors.tooMany.message' : raw.status === 401 ? 'common:errors.signedOut.message' : 'common:errors.request.message');
  return new ApiError({
    kind: 'http',
    status: raw.status,
    code: raw.status >= 500 ? 'server_error' : `http_${raw.status}`,
    message: fallback,
    retryAfterSeconds,
  });
}

/** The title of an HTTP failure, by what the person can do about it. */
function httpTitle(error: ApiError): string {
  if (error.status >= 500) return i18n.t('common:errors.server.title');
  if (error.status === 404) return i18n.t('common:errors.notFound.title');
  if (error.status === 403) return i18n.t('common:errors.forbidden.title');
  if (error.status === 401) return i18n.t('common:errors.signedOut.title');
  if (error.status === 409 || error.status === 412) return i18n.t('common:errors.conflict.title');
  if (error.status === 413) return i18n.t('common:errors.tooLarge.title');
  if (error.status === 400 || error.status === 422) return i18n.t('common:errors.validation.title');
  return i18n.t('common:errors.request.title');
}

/**
 * The one mapping from any failure to words a trainer understands (network down, timeout, 5xx,
 * validation…), for alerts, notifications and error screens. Server messages are already written for
 * people; what the browser produces (TypeError: Failed to fetch…) is never shown as it is.
 */
export function describeError(error: unknown): { title: string; message: string; requestId?: string } {
  if (isApiError(error)) {
    if (error.kind === 'network') return { title: i18n.t('common:errors.network.title'), message: error.message };
    if (error.kind === 'timeout') return { title: i18n.t('common:errors.timeout.title'), message: error.message };
    if (error.kind === 'invalid_response') return { title: i18n.t('common:errors.unexpectedTitle'), message: i18n.t('common:errors.invalidResponse.message') };
    if (error.status === 429) {
      const wait = error.retryAfterSeconds;
      const suffix = wait ? ` ${tryAgainIn(wait)}` : '';
      return { title: i18n.t('common:errors.tooMany.title'), message: `${error.message.replace(/\.?$/, '.')}${suffix}` };
    }
    const title = httpTitle(error);
    return error.requestId
      ? { title, message: error.message, requestId: error.requestId }
      : { title, message: error.message };
  }
  return { title: i18n.t('common:errors.unexpectedTitle'), message: i18n.t('common:errors.unexpected.message') };
}
