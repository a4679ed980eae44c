import { errorBodyGuard } from '../session-guards.js';
import { tryAgainIn } from '../format.js';
import { i18n, loadNamespaces } from '../i18n.js';
import { type IssueFacts, issueText } from '../validation-text.js';
import { isErrorCode } from '../../../contracts/error-codes.js';
import { decodeReason, isFailureReasonCode } from '../../../contracts/failure-reasons.js';

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
  /** The server's own English sentence (for logs and reports); `message` is what the person reads. */
  readonly serverMessage: string;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.name = 'ApiError';
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.details = init.details;
    this.serverMessage = init.message;
    // A server error reads in the person's language, by its code (ADR 0047): every `error.message`
    // on screen follows, and a language switch applies on the next render. A code this web does
    // not know (a newer server) keeps the server's sentence.
    if (init.kind === 'http' && isErrorCode(init.code)) {
      Object.defineProperty(this, 'message', { get: () => translateServerError(init.code, init.message, init.details), configurable: true, enumerable: false });
    }
  }

  get isUnauthenticated(): boolean {
    return this.status === 401;
  }

  /** Worth retrying later: nothing says the request itself was wrong. */
  get isTransient(): boolean {
    return this.kind !== 'http' || this.status >= 500 || this.status === 429;
  }
}

/** Values a code's translation may interpolate: the scalar facts of its `details`, plus the first invalid field. */
function detailValues(details: unknown): Record<string, string | number> {
  const values: Record<string, string | number> = {};
  if (details === null || typeof details !== 'object') return values;
  for (const [key, value] of Object.entries(details)) {
    if (typeof value === 'string' || typeof value === 'number') values[key] = value;
  }
  const issues = (details as { issues?: unknown }).issues;
  const first: unknown = Array.isArray(issues) ? issues[0] : undefined;
  if (first !== null && typeof first === 'object' && typeof (first as { path?: unknown }).path === 'string') values.field = (first as { path: string }).path;
  return values;
}

/**
 * The person's-language sentence for a server error code (web/locales/<lang>/errors.json), or the
 * server's sentence when the code is unknown or the strings have not arrived yet.
 */
export function translateServerError(code: string, serverMessage: string, details?: unknown): string {
  if (!isErrorCode(code)) return serverMessage;
  if (!i18n.hasLoadedNamespace('errors')) {
    void loadNamespaces(['errors']);
    return serverMessage;
  }
  // A field's message comes from the zod contracts, written in English for people ("Use a YouTube or
  // Vimeo link"): an English reader gets it as it is; other languages get the translated sentence
  // naming the field, until those messages have codes of their own (ADR 0047).
  if (code === 'validation_failed' && i18n.language.startsWith('en')) return serverMessage;
  const values = detailValues(details);
  // A field refused by the schema is worded by its zod issue (code and facts) when it has one.
  const issue = code === 'validation_failed' && values.field ? issueText(firstIssue(details)) : null;
  if (issue) values.issue = issue;
  const key =
    code === 'validation_failed' && values.field
      ? issue
        ? 'validation_failed_field_issue'
        : 'validation_failed_field'
      : code === 'budget_exhausted' && (values.scope === 'monthly' || values.scope === 'daily')
        ? `budget_exhausted_${values.scope}`
        : code;
  return i18n.exists(`errors:codes.${key}`) ? i18n.t(`errors:codes.${key}`, values) : serverMessage;
}

function firstIssue(details: unknown): IssueFacts {
  const issues = details !== null && typeof details === 'object' ? (details as { issues?: unknown }).issues : undefined;
  const first: unknown = Array.isArray(issues) ? issues[0] : undefined;
  return first !== null && typeof first === 'object' ? (first as IssueFacts) : {};
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
  // A streamed answer's error chunk carries the reason the server stored (a code): its translation.
  const reason = error instanceof Error ? decodeReason(error.message) : null;
  if (reason) {
    const key = isFailureReasonCode(reason.code) ? `errors:reasons.${reason.code}` : `errors:codes.${reason.code}`;
    if (i18n.exists(key)) return { title: i18n.t('common:errors.unexpectedTitle'), message: i18n.t(key, reason.details) };
  }
  return { title: i18n.t('common:errors.unexpectedTitle'), message: i18n.t('common:errors.unexpected.message') };
}
