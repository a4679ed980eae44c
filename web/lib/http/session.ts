import type { SessionResponse } from '../../../contracts/auth.js';

/**
 * The access token and the request timeout. The token lives in this module's memory only (never
 * in storage); the refresh cookie is the only thing that survives a reload.
 */

interface TokenState {
  token: string;
  /** epoch ms */
  expiresAt: number;
}

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
const sessionEndedListeners = new Set<() => void>();
const resetHooks = new Set<() => void>();

export function configureApiClient(options: { timeoutMs?: number }): void {
  if (options.timeoutMs !== undefined && options.timeoutMs > 0) defaultTimeoutMs = options.timeoutMs;
}

export function getRequestTimeoutMs(): number {
  return defaultTimeoutMs;
}

export function hasAccessToken(): boolean {
  return tokenState !== null;
}

/** The token to send, or null when there is none or it is about to expire. */
export function usableToken(): string | null {
  if (!tokenState || tokenState.expiresAt - EXPIRY_MARGIN_MS <= Date.now()) return null;
  return tokenState.token;
}

export function currentToken(): string | null {
  return tokenState?.token ?? null;
}

/**
 * The `sub` claim of an access token, read without verifying it (the server verifies every
 * request); null when the token is not a JWT or names nobody.
 */
export function tokenSubject(token: string): string | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims: unknown = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
    const sub = typeof claims === 'object' && claims !== null ? (claims as { sub?: unknown }).sub : undefined;
    return typeof sub === 'string' && sub.length > 0 ? sub : null;
  } catch {
    return null;
  }
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

/** Lets the refresh module clear its in-flight promise when tests reset the client. */
export function onResetForTests(hook: () => void): void {
  resetHooks.add(hook);
}

/** For tests: back to a blank client. */
export function resetApiClientForTests(): void {
  tokenState = null;
  sessionEndedListeners.clear();
  defaultTimeoutMs = DEFAULT_TIMEOUT_MS;
  for (const hook of resetHooks) hook();
}
