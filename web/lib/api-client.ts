import type { SessionResponse } from '../../contracts/auth.js';
import { errorBodyGuard, sessionGuard, type SafeParse } from './session-guards.js';

/**
 * The only fetch wrapper of the web app.
 *
 * - The access token lives in this module's memory only (never in storage).
 * - Every request has a timeout; the body is read inside the same window, so nothing can hang.
 * - A 401 triggers one shared refresh (concurrent callers wait for the same one) and one retry.
 *   A second 401, or a refresh that is refused, ends the session: no refresh loops.
 * - Network failures, timeouts and 5xx are errors to show with Retry, never a sign-out.
 */

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

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type QueryValue = string | number | boolean | null | undefined;

/**
 * auth: 'required' (default) sends the bearer token and refreshes once on 401;
 * 'optional' sends the token when there is one but never refreshes; 'none' sends nothing.
 */
export type AuthMode = 'required' | 'optional' | 'none';

export interface RequestOptions {
  method?: HttpMethod;
  /** A JSON-serialisable value, or FormData / Blob sent as they are (multipart uploads, text/csv). */
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  timeoutMs?: number;
  auth?: AuthMode;
}

interface TokenState {
  token: string;
  /** epoch ms */
  expiresAt: number;
}

type RefreshOutcome = { ok: true; session: SessionResponse } | { ok: false };

const EXPIRY_MARGIN_MS = 5_000;
const DEFAULT_TIMEOUT_MS = 10_000;

/** Build-time VITE_API_TIMEOUT_MS, or a page-level override (browser tests set it before the app loads). */
function initialTimeoutMs(): number {
  const override = (globalThis as { __AIGYM_API_TIMEOUT_MS__?: unknown }).__AIGYM_API_TIMEOUT_MS__;
  for (const candidate of [override, import.meta.env.VITE_API_TIMEOUT_MS]) {
    const value = Number(candidate);
    if (candidate !== undefined && Number.isFinite(value) && value > 0) return value;
  }
  return DEFAULT_TIMEOUT_MS;
}

let defaultTimeoutMs = initialTimeoutMs();

let tokenState: TokenState | null = null;
let refreshInFlight: Promise<RefreshOutcome> | null = null;
const sessionEndedListeners = new Set<() => void>();

export function configureApiClient(options: { timeoutMs?: number }): void {
  if (options.timeoutMs !== undefined && options.timeoutMs > 0) defaultTimeoutMs = options.timeoutMs;
}

export function getRequestTimeoutMs(): number {
  return defaultTimeoutMs;
}

export function hasAccessToken(): boolean {
  return tokenState !== null;
}

/** Called with a fresh session answer (login, refresh, invitation accepted). */
export function startSession(session: SessionResponse): void {
  tokenState = { token: session.accessToken, expiresAt: Date.now() + session.expiresIn * 1000 };
}

/** Forget the token and tell listeners (the query cache) that nobody is signed in any more. */
export function endSession(): void {
  tokenState = null;
  for (const listener of sessionEndedListeners) listener();
}

export function onSessionEnded(listener: () => void): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

/** For tests: back to a blank client. */
export function resetApiClientForTests(): void {
  tokenState = null;
  refreshInFlight = null;
  sessionEndedListeners.clear();
  defaultTimeoutMs = DEFAULT_TIMEOUT_MS;
}

interface RawResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

function buildUrl(path: string, query: Record<string, QueryValue> | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/** fetch + body read under one timeout. Throws ApiError for network/timeout; rethrows caller aborts. */
async function performFetch(
  url: string,
  init: { method: HttpMethod; body?: unknown; token: string | null },
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<RawResponse> {
  if (signal?.aborted) throw abortError(signal);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = (): void => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });

  // FormData (multipart uploads) and Blob (e.g. a text/csv body) go out as they are; the browser
  // sets their Content-Type. Anything else is sent as JSON.
  const raw = init.body instanceof FormData || init.body instanceof Blob ? init.body : undefined;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (init.body !== undefined && !raw) headers['Content-Type'] = 'application/json';
  if (init.token) headers.Authorization = `Bearer ${init.token}`;

  try {
    const response = await fetch(url, {
      method: init.method,
      headers,
      body: raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: controller.signal,
    });
    const text = await response.text();
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    return { status: response.status, headers: response.headers, body };
  } catch (error) {
    throw transportError(error, timedOut, signal);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** What a failed fetch means for the person: our timeout, their own abort, or no network. */
function transportError(error: unknown, timedOut: boolean, signal: AbortSignal | undefined): unknown {
  if (timedOut) {
    return new ApiError({ kind: 'timeout', status: 0, code: 'timeout', message: 'The server took too long to answer. Please try again.' });
  }
  if (signal?.aborted) return abortError(signal);
  return new ApiError({
    kind: 'network',
    status: 0,
    code: 'network_error',
    message: 'We could not reach AI GYM. Check your connection and try again.',
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

function errorFromResponse(raw: RawResponse): ApiError {
  const parsed = errorBodyGuard.safeParse(raw.body);
  const retryAfterSeconds = parseRetryAfter(raw.headers);
  if (parsed.success) {
    const { code, message, requestId, details } = parsed.data.error;
    return new ApiError({ kind: 'http', status: raw.status, code, message, requestId, retryAfterSeconds, details });
  }
  const fallback =
    raw.status >= 500
      ? 'Something went wrong on our side. Please try again.'
      : raw.status === 429
        ? 'Too many attempts. Please wait and try again.'
        : raw.status === 401
          ? 'Your session has ended. Please sign in again.'
          : `The request failed (HTTP ${raw.status}).`;
  return new ApiError({
    kind: 'http',
    status: raw.status,
    code: raw.status >= 500 ? 'server_error' : `http_${raw.status}`,
    message: fallback,
    retryAfterSeconds,
  });
}

async function withRefreshLock<T>(work: () => Promise<T>): Promise<T> {
  // Tabs share the refresh cookie, and the server revokes a session whose refresh token is
  // presented twice. Serialising refreshes across tabs keeps two tabs from racing each other.
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return work();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), defaultTimeoutMs);
  try {
    return await locks.request('ai-gym-auth-refresh', { signal: controller.signal }, () => {
      clearTimeout(timer);
      return work();
    });
  } catch (error) {
    if (controller.signal.aborted) {
      throw new ApiError({
        kind: 'timeout',
        status: 0,
        code: 'timeout',
        message: 'Restoring your session took too long. Please try again.',
      });
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function doRefresh(): Promise<RefreshOutcome> {
  const raw = await withRefreshLock(() =>
    performFetch('/api/auth/refresh', { method: 'POST', token: null }, defaultTimeoutMs, undefined),
  );
  if (raw.status === 200) {
    const parsed = sessionGuard.safeParse(raw.body);
    // A 200 without a usable session (malformed answer) cannot sign anyone in.
    if (!parsed.success) return { ok: false };
    startSession(parsed.data);
    return { ok: true, session: parsed.data };
  }
  // 401 is the documented answer; 400/403 are treated the same so a bad token can never loop.
  if (raw.status === 400 || raw.status === 401 || raw.status === 403) return { ok: false };
  throw errorFromResponse(raw);
}

/**
 * Exchange the refresh cookie for a new access token. Concurrent callers share one request.
 * Resolves { ok: false } when the server refuses (nobody signed in); throws ApiError when it
 * could not be asked (network, timeout, 5xx, 429).
 */
export function refreshSession(): Promise<RefreshOutcome> {
  refreshInFlight ??= doRefresh().finally(() => {
    refreshInFlight = null;
  });
  return refreshInFlight;
}

function sessionEndedError(raw?: RawResponse): ApiError {
  if (raw) {
    const error = errorFromResponse(raw);
    if (error.status === 401) return error;
  }
  return new ApiError({
    kind: 'http',
    status: 401,
    code: 'session_ended',
    message: 'Your session has ended. Please sign in again.',
  });
}

async function rawRequest(path: string, options: RequestOptions): Promise<RawResponse> {
  const method = options.method ?? 'GET';
  const auth = options.auth ?? 'required';
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const url = buildUrl(path, options.query);
  const send = (token: string | null): Promise<RawResponse> =>
    performFetch(url, { method, body: options.body, token }, timeoutMs, options.signal);

  if (auth === 'none') return send(null);
  if (auth === 'optional') return send(tokenState?.token ?? null);

  if (!tokenState || tokenState.expiresAt - EXPIRY_MARGIN_MS <= Date.now()) {
    const outcome = await refreshSession();
    if (!outcome.ok) {
      endSession();
      throw sessionEndedError();
    }
  }
  const usedToken = tokenState?.token ?? null;
  const first = await send(usedToken);
  if (first.status !== 401) return first;

  // Another request may already have refreshed while this one was in flight.
  if (!tokenState || tokenState.token === usedToken) {
    const outcome = await refreshSession();
    if (!outcome.ok) {
      endSession();
      throw sessionEndedError(first);
    }
  }
  const second = await send(tokenState?.token ?? null);
  if (second.status === 401) {
    // A token the server just issued is refused: the session is unusable. Stop here, no loop.
    endSession();
    throw sessionEndedError(second);
  }
  return second;
}

/** A JSON request whose answer is validated by `schema` (a zod schema, or a guard with the same safeParse). */
export async function apiRequest<T>(path: string, schema: SafeParse<T>, options: RequestOptions = {}): Promise<T> {
  const raw = await rawRequest(path, options);
  if (raw.status < 200 || raw.status >= 300) throw errorFromResponse(raw);
  const parsed = schema.safeParse(raw.body);
  if (!parsed.success) {
    throw new ApiError({
      kind: 'invalid_response',
      status: raw.status,
      code: 'invalid_response',
      message: 'The server sent an answer this page does not understand. Please reload.',
      requestId: raw.headers.get('x-request-id') ?? undefined,
      details: parsed.error,
    });
  }
  return parsed.data;
}

/** A request whose answer body is not needed (204 and the like). */
export async function apiSend(path: string, options: RequestOptions = {}): Promise<void> {
  const raw = await rawRequest(path, options);
  if (raw.status < 200 || raw.status >= 300) throw errorFromResponse(raw);
}

/** A short human sentence for any error, for alerts and error screens. */
export function describeError(error: unknown): { title: string; message: string; requestId?: string } {
  if (isApiError(error)) {
    if (error.kind === 'network') return { title: 'Cannot reach the server', message: error.message };
    if (error.kind === 'timeout') return { title: 'The server is not answering', message: error.message };
    if (error.status === 429) {
      const wait = error.retryAfterSeconds;
      const suffix = wait ? ` Try again in ${formatWait(wait)}.` : '';
      return { title: 'Too many attempts', message: `${error.message.replace(/\.?$/, '.')}${suffix}` };
    }
    const title = error.status >= 500 ? 'Something went wrong' : error.status === 404 ? 'Not found' : 'Request failed';
    return error.requestId
      ? { title, message: error.message, requestId: error.requestId }
      : { title, message: error.message };
  }
  if (error instanceof Error) return { title: 'Something went wrong', message: error.message };
  return { title: 'Something went wrong', message: 'An unexpected error occurred.' };
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------------------------------------
// Streaming answers (the sandbox chat)
// ---------------------------------------------------------------------------------------------

/** fetch() with the timeout covering only the wait for the response headers. */
async function fetchUntilHeaders(url: RequestInfo | URL, init: RequestInit, token: string | null, timeoutMs: number): Promise<Response> {
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw abortError(signal);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  // Kept after the headers arrive: the caller's abort (Stop) must also end the body stream.
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const headers = new Headers(init.headers);
  if (!headers.has('Accept')) headers.set('Accept', 'text/event-stream, application/json');
  if (token) headers.set('Authorization', `Bearer ${token}`);
  try {
    return await fetch(url, { ...init, headers, credentials: 'same-origin', cache: 'no-store', signal: controller.signal });
  } catch (error) {
    signal?.removeEventListener('abort', onAbort);
    throw transportError(error, timedOut, signal);
  } finally {
    clearTimeout(timer);
  }
}

async function readErrorResponse(response: Response): Promise<ApiError> {
  let body: unknown = undefined;
  try {
    const text = await response.text();
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    body = undefined;
  }
  return errorFromResponse({ status: response.status, headers: response.headers, body });
}

/**
 * A fetch for streamed answers (the AI SDK chat transport), with the same bearer token and the
 * same single refresh-and-retry on 401 as `apiRequest`. Differences, on purpose:
 * - the timeout covers the wait for the response headers only; the body then streams for as long
 *   as it needs, so the caller bounds it (its abort signal, an idle watchdog);
 * - a non-2xx answer is thrown as `ApiError` (parsed like any other), so an error body is never
 *   read as a stream and 429's Retry-After survives.
 * `init.body` must be replayable (a string), as it is sent again after a refresh.
 */
export async function authorizedFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  if (!tokenState || tokenState.expiresAt - EXPIRY_MARGIN_MS <= Date.now()) {
    const outcome = await refreshSession();
    if (!outcome.ok) {
      endSession();
      throw sessionEndedError();
    }
  }
  const usedToken = tokenState?.token ?? null;
  let response = await fetchUntilHeaders(input, init, usedToken, defaultTimeoutMs);
  if (response.status === 401) {
    await response.body?.cancel().catch(() => undefined);
    if (!tokenState || tokenState.token === usedToken) {
      const outcome = await refreshSession();
      if (!outcome.ok) {
        endSession();
        throw sessionEndedError();
      }
    }
    response = await fetchUntilHeaders(input, init, tokenState?.token ?? null, defaultTimeoutMs);
    if (response.status === 401) {
      const error = await readErrorResponse(response);
      endSession();
      throw error;
    }
  }
  if (!response.ok) throw await readErrorResponse(response);
  return response;
}
