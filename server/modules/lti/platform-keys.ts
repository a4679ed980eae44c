import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import type { FailureReasonCode, ReasonDetails } from '../../../contracts/failure-reasons.js';
import { checkOutboundUrl } from '../../lib/outbound-guard.js';

/**
 * A platform's public keys, fetched from its JWKS URL through the outbound guard (no private
 * addresses unless the operator allows them; redirects not followed; short time limit), kept for
 * five minutes. A token signed with a key we have not seen makes one fresh fetch (key rotation).
 */
const TTL_MS = 5 * 60_000;
const TIMEOUT_MS = 10_000;
const cache = new Map<string, { at: number; jwks: JSONWebKeySet }>();

/** `message` is English (logs, a refused launch); `code` and `details` are what the admin's check shows in their language. */
export class PlatformKeysError extends Error {
  constructor(
    message: string,
    readonly code: FailureReasonCode,
    readonly details: ReasonDetails = {},
  ) {
    super(message);
  }
}

export async function fetchPlatformJwks(url: string): Promise<JSONWebKeySet> {
  try {
    await checkOutboundUrl(url, 'jwksUrl');
  } catch {
    throw new PlatformKeysError('The platform’s keyset address is in a private or local network, which this server may not call.', 'lti_keys_private_address');
  }
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'manual', headers: { accept: 'application/json' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    throw new PlatformKeysError('The platform’s keyset could not be reached.', 'lti_keys_unreachable');
  }
  if (!response.ok) throw new PlatformKeysError(`The platform’s keyset answered ${response.status}.`, 'lti_keys_http', { status: response.status });
  const body = (await response.json().catch(() => null)) as { keys?: unknown } | null;
  if (!body || !Array.isArray(body.keys)) throw new PlatformKeysError('The platform’s keyset is not a JSON Web Key Set.', 'lti_keys_not_jwks');
  const jwks = body as JSONWebKeySet;
  cache.set(url, { at: Date.now(), jwks });
  return jwks;
}

async function cached(url: string, fresh: boolean): Promise<JSONWebKeySet> {
  const hit = cache.get(url);
  if (!fresh && hit && Date.now() - hit.at < TTL_MS) return hit.jwks;
  return fetchPlatformJwks(url);
}

/** A key resolver for jose's jwtVerify, refetching once when the token's kid is not in the cached set. */
export async function platformKeyResolver(url: string, kid: string | undefined) {
  let jwks = await cached(url, false);
  if (kid && !jwks.keys.some((k) => k.kid === kid)) jwks = await cached(url, true);
  return createLocalJWKSet(jwks);
}

export function forgetPlatformKeys(url: string): void {
  cache.delete(url);
}
