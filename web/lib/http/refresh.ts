import type { SessionResponse } from '../../../contracts/auth.js';
import { sessionGuard } from '../session-guards.js';
import { ApiError, errorFromResponse } from './api-error.js';
import { currentToken, endSession, getRequestTimeoutMs, onResetForTests, startSession, tokenSubject, usableToken } from './session.js';
import { fetchJson } from './transport.js';
import { i18n } from '../i18n.js';

/**
 * The one refresh path. A 401 triggers one shared refresh (concurrent callers wait for the same
 * one) and one retry. A second 401, or a refresh that is refused, ends the session: no loops.
 * Network failures, timeouts and 5xx are errors to show with Retry, never a sign-out.
 */

type RefreshOutcome = { ok: true; session: SessionResponse } | { ok: false };

let refreshInFlight: Promise<RefreshOutcome> | null = null;
onResetForTests(() => {
  refreshInFlight = null;
});

async function withRefreshLock<T>(work: () => Promise<T>): Promise<T> {
  // Tabs share the refresh cookie, and the server revokes a session whose refresh token is
  // presented twice. Serialising refreshes across tabs keeps two tabs from racing each other.
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return work();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), getRequestTimeoutMs());
  try {
    return await locks.request('ai-gym-auth-refresh', { signal: controller.signal }, () => {
      clearTimeout(timer);
      return work();
    });
  } catch (error) {
    if (controller.signal.aborted) {
      throw new ApiError({ kind: 'timeout', status: 0, code: 'timeout', message: i18n.t('common:http.restoreTimeout') });
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function doRefresh(): Promise<RefreshOutcome> {
  const raw = await withRefreshLock(() =>
    fetchJson('/api/auth/refresh', { method: 'POST', token: null }, getRequestTimeoutMs(), undefined),
  );
  if (raw.status === 200) {
    const parsed = sessionGuard.safeParse(raw.body);
    // A 200 without a usable session (malformed answer) cannot sign anyone in. Nor can a token that
    // does not name the user it came with (the predecessor issued tokens without `sub`): it is
    // refused here rather than sent, to be refused, with every request of the page.
    if (!parsed.success || tokenSubject(parsed.data.accessToken) !== parsed.data.user.id) return { ok: false };
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

export function sessionEndedError(): ApiError {
  return new ApiError({ kind: 'http', status: 401, code: 'session_ended', message: i18n.t('common:http.sessionEnded') });
}

async function refreshOrEnd(): Promise<void> {
  const outcome = await refreshSession();
  if (!outcome.ok) {
    endSession();
    throw sessionEndedError();
  }
}

/**
 * Send with the bearer token; on 401 refresh once (unless another request already did) and send
 * again. `rejected` turns a second 401 into the error to throw after the session is ended;
 * `discard` releases a first 401 answer that will not be read (a stream's body).
 */
export async function sendAuthorized<R extends { status: number }>(
  send: (token: string | null) => Promise<R>,
  handlers: {
    rejected: (response: R) => Promise<ApiError> | ApiError;
    discard?: (response: R) => Promise<void>;
    /** True for a 401 that refuses what the person typed (a wrong code), not their token: no refresh. */
    refusesInput?: (response: R) => boolean;
  },
): Promise<R> {
  if (usableToken() === null) await refreshOrEnd();
  const usedToken = currentToken();
  const first = await send(usedToken);
  if (first.status !== 401 || handlers.refusesInput?.(first)) return first;
  await handlers.discard?.(first);
  // Another request may already have refreshed while this one was in flight.
  if (currentToken() === null || currentToken() === usedToken) await refreshOrEnd();
  const second = await send(currentToken());
  if (second.status === 401) {
    // A token the server just issued is refused: the session is unusable. Stop here, no loop.
    const error = await handlers.rejected(second);
    endSession();
    throw error;
  }
  return second;
}
