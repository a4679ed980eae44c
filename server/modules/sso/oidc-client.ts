import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';

/**
 * The relying-party side of OpenID Connect, through openid-client (ADR 0021): discovery, the
 * authorization URL with state, nonce and PKCE, the code exchange with every ID-token check, and
 * refresh at the provider. One configuration per community, discovered once and kept ten minutes.
 */

export interface ProviderSettings {
  communityId: string;
  issuer: string;
  clientId: string;
  clientSecret: string | null;
}

const CACHE_MS = 10 * 60_000;
const DISCOVERY_TIMEOUT_SECONDS = 10;
const cache = new Map<string, { configuration: oidc.Configuration; at: number }>();

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** https, or plain http to this machine only (a provider run locally for development and tests). */
export function issuerProblem(issuer: string, production = false): string | null {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return 'The issuer is not a URL.';
  }
  if (url.protocol === 'https:') return null;
  // A local provider over http is for development and tests only (issue 26: production needs https).
  if (url.protocol === 'http:' && loopbackHosts.has(url.hostname) && !production) return null;
  return 'The issuer must use https.';
}

function cacheKey(settings: ProviderSettings): string {
  const secret = createHash('sha256').update(settings.clientSecret ?? '').digest('base64url');
  return `${settings.communityId}|${settings.issuer}|${settings.clientId}|${secret}`;
}

export function forgetProvider(communityId: string): void {
  for (const key of cache.keys()) if (key.startsWith(`${communityId}|`)) cache.delete(key);
}

export async function providerConfiguration(settings: ProviderSettings): Promise<oidc.Configuration> {
  const key = cacheKey(settings);
  const cached = cache.get(key);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.configuration;
  const problem = issuerProblem(settings.issuer);
  if (problem) throw new Error(problem);
  const url = new URL(settings.issuer);
  const configuration = await oidc.discovery(url, settings.clientId, settings.clientSecret ?? undefined, undefined, {
    timeout: DISCOVERY_TIMEOUT_SECONDS,
    ...(url.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
  });
  cache.set(key, { configuration, at: Date.now() });
  return configuration;
}

export interface AuthorizationStart {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export async function authorizationStart(configuration: oidc.Configuration, redirectUri: string, loginHint?: string): Promise<AuthorizationStart> {
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const supported = configuration.serverMetadata().scopes_supported;
  // offline_access asks for a refresh token, which is how a person removed at the provider is noticed.
  const scope = ['openid', 'email', 'profile', ...(supported?.includes('offline_access') ? ['offline_access'] : [])].join(' ');
  const url = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUri,
    scope,
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    ...(loginHint ? { login_hint: loginHint } : {}),
  });
  return { url, state, nonce, codeVerifier };
}

export interface VerifiedIdentity {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  refreshToken: string | null;
}

/** Why an exchange failed, in the terms the login page explains. */
export class OidcExchangeError extends Error {
  constructor(
    readonly reason: 'nonce_mismatch' | 'provider_error',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OidcExchangeError';
  }
}

/** The ID-token claim a failed comparison was about (oauth4webapi puts it in the error's cause, perhaps nested). */
function comparedClaim(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current && typeof current === 'object' && depth < 4; depth += 1) {
    const cause = (current as { cause?: unknown }).cause;
    if (cause && typeof cause === 'object' && typeof (cause as { claim?: unknown }).claim === 'string') return (cause as { claim: string }).claim;
    current = cause;
  }
  return null;
}

/** Exchanges the code (PKCE) and checks the ID token: issuer, audience, signature, expiry, state and nonce. */
export async function exchangeCode(
  configuration: oidc.Configuration,
  callbackUrl: URL,
  checks: { state: string; nonce: string; codeVerifier: string },
): Promise<VerifiedIdentity> {
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    if (comparedClaim(error) === 'nonce') throw new OidcExchangeError('nonce_mismatch', 'The ID token was not issued for this sign-in (nonce).', { cause: error });
    throw new OidcExchangeError('provider_error', error instanceof Error ? error.message : 'token exchange failed', { cause: error });
  }
  const idToken = tokens.claims();
  if (!idToken) throw new OidcExchangeError('provider_error', 'The provider sent no ID token.');
  // Many providers put email and name only in the UserInfo answer (OIDC Core 5.4); its subject must match the ID token's.
  let claims: Record<string, unknown> = idToken;
  if (typeof idToken.email !== 'string' || idToken.email_verified === undefined) {
    try {
      claims = { ...(await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub)), ...idToken };
    } catch (error) {
      throw new OidcExchangeError('provider_error', `UserInfo failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : null;
  return {
    subject: idToken.sub,
    email,
    emailVerified: claims.email_verified === true,
    name: typeof claims.name === 'string' ? claims.name : null,
    refreshToken: tokens.refresh_token ?? null,
  };
}

export type ProviderRecheck = { kind: 'ok'; refreshToken: string | null } | { kind: 'refused'; error: string } | { kind: 'unreachable'; error: string };

/**
 * Asks the provider whether the person still may sign in, by using the refresh token. An OAuth
 * error answer (invalid_grant: the person or grant was removed) is a refusal; a network failure is not.
 */
export async function recheckAtProvider(configuration: oidc.Configuration, refreshToken: string): Promise<ProviderRecheck> {
  try {
    const tokens = await oidc.refreshTokenGrant(configuration, refreshToken);
    return { kind: 'ok', refreshToken: tokens.refresh_token ?? null };
  } catch (error) {
    if (error instanceof oidc.ResponseBodyError || error instanceof oidc.AuthorizationResponseError) return { kind: 'refused', error: error.error };
    return { kind: 'unreachable', error: error instanceof Error ? error.message : String(error) };
  }
}
