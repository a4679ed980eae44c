import type { LoginInput, MeResponse, MfaChallenge, TotpSetup } from '../../../../contracts/auth.js';
import { isApiError } from '../../../lib/http/api-error.js';
import { refreshSession } from '../../../lib/http/refresh.js';
import { apiRequest, apiSend } from '../../../lib/http/request.js';
import { endSession, hasAccessToken, startSession } from '../../../lib/http/session.js';
import {
  isMfaChallengeAnswer,
  loginAnswerGuard,
  meGuard,
  mfaSessionGuard,
  sessionGuard,
  ssoDiscoverGuard,
  totpSetupGuard,
} from '../../../lib/session-guards.js';


/**
 * Who is signed in: the one source of truth. null = nobody.
 * On a fresh page the token is not in memory, so one refresh restores it first.
 */
export async function fetchMe(): Promise<MeResponse | null> {
  if (!hasAccessToken()) {
    const outcome = await refreshSession();
    if (!outcome.ok) return null;
  }
  try {
    return await apiRequest('/api/auth/me', meGuard);
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

/** Signs in with a password: a session, or the second step (two-factor) the server asks for. */
export async function login(input: LoginInput): Promise<{ kind: 'session' } | { kind: 'mfa'; challenge: MfaChallenge }> {
  const answer = await apiRequest('/api/auth/login', loginAnswerGuard, {
    method: 'POST',
    body: input,
    auth: 'none',
  });
  if (isMfaChallengeAnswer(answer)) return { kind: 'mfa', challenge: answer };
  startSession(answer);
  return { kind: 'session' };
}

/** The second step: a code from the authenticator or a recovery code. Answers the new recovery codes when it finished enrolment. */
export async function completeMfa(input: { mfaToken: string; code?: string; recoveryCode?: string }): Promise<{ recoveryCodes: string[] | null }> {
  const session = await apiRequest('/api/auth/mfa', mfaSessionGuard, { method: 'POST', body: input, auth: 'none' });
  startSession(session);
  return { recoveryCodes: session.recoveryCodes ?? null };
}

export function enrolDuringSignIn(mfaToken: string): Promise<TotpSetup> {
  return apiRequest('/api/auth/mfa/enrol', totpSetupGuard, { method: 'POST', body: { mfaToken }, auth: 'none' });
}

/** Where this email signs in: its organisation's provider (a same-origin start URL), or null for a password. */
export async function discoverSignIn(email: string, signal?: AbortSignal): Promise<string | null> {
  const answer = await apiRequest('/api/auth/sso/discover', ssoDiscoverGuard, {
    method: 'POST',
    body: { email },
    auth: 'none',
    timeoutMs: 5_000,
    ...(signal ? { signal } : {}),
  });
  return answer.sso && answer.redirectUrl ? answer.redirectUrl : null;
}

/** Revokes the session on the server (by its cookie, and token when held), then forgets it here whatever happens. */
export async function logout(): Promise<void> {
  try {
    await apiSend('/api/auth/logout', { method: 'POST', auth: 'optional' });
  } finally {
    endSession();
  }
}

export async function requestPasswordReset(email: string): Promise<void> {
  await apiSend('/api/auth/password/forgot', { method: 'POST', body: { email }, auth: 'none' });
}

export async function resetPassword(token: string, password: string): Promise<void> {
  await apiSend('/api/auth/password/reset', { method: 'POST', body: { token, password }, auth: 'none' });
}

export async function acceptInvitation(input: {
  token: string;
  password: string;
  displayName?: string | undefined;
}): Promise<void> {
  const body: Record<string, string> = { token: input.token, password: input.password };
  if (input.displayName) body.displayName = input.displayName;
  const session = await apiRequest('/api/auth/invitations/accept', sessionGuard, {
    method: 'POST',
    body,
    auth: 'none',
  });
  startSession(session);
}

