import type { MeResponse, MfaChallenge, MfaSessionResponse, SessionResponse, TotpSetup } from '../../contracts/auth.js';
import type { SsoDiscoverResponse } from '../../contracts/sso.js';
import type { ErrorBody } from '../../contracts/errors.js';

/**
 * Hand-written checks for the three answers the first screen needs (session, me, error).
 * The zod schemas in contracts/ describe the same shapes; checking these by hand keeps zod's
 * runtime out of the /login bundle (it loads with the pages that use it). Keep in step with
 * contracts/auth.ts, contracts/users.ts and contracts/errors.ts.
 */

export interface SafeParse<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: unknown };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

function guard<T>(check: (value: unknown) => value is T, what: string): SafeParse<T> {
  return {
    safeParse(value) {
      return check(value) ? { success: true, data: value } : { success: false, error: new Error(`Invalid ${what}.`) };
    },
  };
}

function isUser(v: unknown): v is SessionResponse['user'] {
  return (
    isObj(v) &&
    isStr(v.id) &&
    isStr(v.email) &&
    isStr(v.displayName) &&
    (v.role === 'admin' || v.role === 'member') &&
    (v.status === 'invited' || v.status === 'active' || v.status === 'suspended') &&
    isStr(v.createdAt) &&
    (v.lastLoginAt === null || isStr(v.lastLoginAt))
  );
}

function isSession(v: unknown): v is SessionResponse {
  return (
    isObj(v) &&
    isStr(v.accessToken) &&
    v.accessToken.length > 0 &&
    typeof v.expiresIn === 'number' &&
    Number.isFinite(v.expiresIn) &&
    isUser(v.user)
  );
}

function isMe(v: unknown): v is MeResponse {
  return (
    isObj(v) &&
    isUser(v.user) &&
    Array.isArray(v.communities) &&
    v.communities.every(
      (c) => isObj(c) && isStr(c.id) && isStr(c.name) && (c.role === 'manager' || c.role === 'member'),
    ) &&
    isObj(v.flags) &&
    Object.values(v.flags).every((f) => typeof f === 'boolean')
  );
}

function isErrorBody(v: unknown): v is ErrorBody {
  return (
    isObj(v) &&
    isObj(v.error) &&
    isStr(v.error.code) &&
    isStr(v.error.message) &&
    (v.error.requestId === undefined || isStr(v.error.requestId))
  );
}

function isMfaChallenge(v: unknown): v is MfaChallenge {
  return isObj(v) && v.mfaRequired === true && isStr(v.mfaToken) && typeof v.enrolmentRequired === 'boolean';
}

function isMfaSession(v: unknown): v is MfaSessionResponse {
  if (!isSession(v)) return false;
  const codes = (v as unknown as Obj).recoveryCodes;
  return codes === undefined || (Array.isArray(codes) && codes.every(isStr));
}

function isLoginAnswer(v: unknown): v is SessionResponse | MfaChallenge {
  return isSession(v) || isMfaChallenge(v);
}

function isTotpSetup(v: unknown): v is TotpSetup {
  return isObj(v) && isStr(v.secret) && isStr(v.otpauthUrl) && isStr(v.qrDataUrl) && v.qrDataUrl.startsWith('data:image/');
}

function isSsoDiscover(v: unknown): v is SsoDiscoverResponse {
  return isObj(v) && typeof v.sso === 'boolean' && (v.redirectUrl === undefined || (isStr(v.redirectUrl) && v.redirectUrl.startsWith('/api/auth/sso/')));
}

export const sessionGuard = guard(isSession, 'session');
export const loginAnswerGuard = guard(isLoginAnswer, 'sign-in answer');
export const mfaSessionGuard = guard(isMfaSession, 'session');
export const totpSetupGuard = guard(isTotpSetup, 'authenticator set-up');
export const ssoDiscoverGuard = guard(isSsoDiscover, 'sign-in route');
export const isMfaChallengeAnswer = isMfaChallenge;
export const meGuard = guard(isMe, 'me');
export const errorBodyGuard = guard(isErrorBody, 'error body');

/** Light client-side check; the server validates for real and its message is shown. */
export function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
}
