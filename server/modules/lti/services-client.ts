import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { encodeReason, type FailureReasonCode } from '../../../contracts/failure-reasons.js';
import { checkOutboundUrl } from '../../lib/outbound-guard.js';
import type { PlatformRow } from './refusal.js';
import { LTI_ALG, type ToolSigningKey } from './tool-keys.js';

/**
 * Calls to a platform's LTI Advantage services (AGS, NRPS): an access token by the OAuth 2
 * client-credentials grant with a JWT client assertion signed by the tool key (IMS Security
 * Framework 1.0 §4.1), then the service call. Every address passes the outbound guard; redirects
 * are not followed; answers are kept short in errors.
 */

const TIMEOUT_MS = 15_000;

/**
 * `message` (logs, the roster's refusal) may quote the platform; `reason` (stored as a score link's
 * last error, read by administrators in their language) is a code with the status only.
 */
export class PlatformServiceError extends Error {
  readonly reason: string;
  constructor(message: string, code: FailureReasonCode, status?: number) {
    super(message);
    this.reason = encodeReason(code, status === undefined ? undefined : { status });
  }
}

async function guarded(url: string, init: RequestInit): Promise<Response> {
  try {
    await checkOutboundUrl(url, 'url');
  } catch {
    throw new PlatformServiceError('The platform’s service address is in a private or local network, which this server may not call.', 'lti_platform_private_address');
  }
  try {
    return await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    throw new PlatformServiceError('The platform’s service could not be reached.', 'lti_platform_unreachable');
  }
}

const short = async (response: Response) => (await response.text().catch(() => '')).slice(0, 200);

/** `signing` is read beforehand (toolSigningKey), so no database transaction is held across the call. */
export async function platformAccessToken(signing: ToolSigningKey, platform: PlatformRow, scopes: string[]): Promise<string> {
  if (!platform.access_token_url) throw new PlatformServiceError('The platform has no access token URL registered.', 'lti_platform_no_token_url');
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: LTI_ALG, kid: signing.kid })
    .setIssuer(platform.client_id)
    .setSubject(platform.client_id)
    .setAudience(platform.access_token_url)
    .setIssuedAt()
    .setExpirationTime('5m')
    .setJti(randomUUID())
    .sign(signing.key);
  const response = await guarded(platform.access_token_url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope: scopes.join(' '),
    }).toString(),
  });
  if (!response.ok) throw new PlatformServiceError(`The platform refused an access token (${response.status}): ${await short(response)}`, 'lti_platform_token_refused', response.status);
  const body = (await response.json().catch(() => null)) as { access_token?: unknown } | null;
  if (typeof body?.access_token !== 'string') throw new PlatformServiceError('The platform’s token answer carried no access token.', 'lti_platform_no_token');
  return body.access_token;
}

export async function callPlatform(url: string, token: string, init: { method: 'GET' | 'POST'; accept?: string; contentType?: string; body?: string }): Promise<Response> {
  const response = await guarded(url, {
    method: init.method,
    headers: { authorization: `Bearer ${token}`, ...(init.accept ? { accept: init.accept } : {}), ...(init.contentType ? { 'content-type': init.contentType } : {}) },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  if (!response.ok) throw new PlatformServiceError(`The platform answered ${response.status}: ${await short(response)}`, 'lti_platform_http', response.status);
  return response;
}
