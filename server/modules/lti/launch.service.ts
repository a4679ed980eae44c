import { randomBytes, timingSafeEqual } from 'node:crypto';
import { decodeProtectedHeader, errors as joseErrors, type JWTPayload, jwtVerify } from 'jose';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { AppError } from '../../lib/app-error.js';
import { hashOpaqueToken } from '../../lib/tokens.js';
import { assumeIdentity, type AnonymousContext, type RunAnonymous } from '../../lib/transactions.js';
import { recordAudit } from '../audit/audit.service.js';
import { type IssuedSession, issueSession, type AuthDeps } from '../auth/auth.service.js';
import { CLAIM, SCOPE } from './claims.js';
import { type DeepLinkPicker, deepLinkPicker } from './deep-linking.js';
import { platformKeyResolver, PlatformKeysError } from './platform-keys.js';
import { LtiRefusal, platformById, type PlatformRow } from './refusal.js';
import { toolValues } from './platforms.service.js';

/**
 * Third-party-initiated login and the launch (IMS LTI 1.3 / IMS Security Framework 1.0, ADR 0045).
 * State and nonce are made here and kept server-side (one row, claimed once), so no cookie is
 * needed while the platform shows the tool in an iframe. The id_token is checked with jose against
 * the platform's own keyset; then the learner is matched by `sub` (email only to link a person
 * already in the community) and signed in like SSO/SAML do.
 */

export const STATE_TTL_SECONDS = 600;
const CLOCK_TOLERANCE_SECONDS = 60;

export const loginParamsSchema = z.object({
  iss: z.string().min(1).max(500),
  login_hint: z.string().min(1).max(2000),
  target_link_uri: z.string().min(1).max(1000),
  lti_message_hint: z.string().max(4000).optional(),
  client_id: z.string().min(1).max(200).optional(),
  lti_deployment_id: z.string().max(255).optional(),
});
export type LoginParams = z.infer<typeof loginParamsSchema>;

const ownUrl = (config: Pick<Config, 'APP_URL'>, value: string): URL | null => {
  try {
    const url = new URL(value);
    return url.origin === new URL(config.APP_URL).origin ? url : null;
  } catch {
    return null;
  }
};

/** Step one: the platform sends the browser here; we answer with the redirect to its authentication endpoint. */
export async function startLogin(run: RunAnonymous, config: Pick<Config, 'APP_URL'>, params: LoginParams): Promise<string> {
  const issuer = params.iss.replace(/\/+$/, '');
  const candidates = await run(async (ctx) => (await sql<PlatformRow>`select * from app.lti_platforms_for(${issuer}, ${params.client_id ?? null})`.execute(ctx.db)).rows);
  if (candidates.length === 0) throw new LtiRefusal('lti_unknown_platform', 400, 'This learning platform is not registered with AI GYM. Ask your administrator to register it.', { issuer, clientId: params.client_id });
  if (candidates.length > 1) throw new LtiRefusal('lti_unknown_platform', 400, 'This platform is registered more than once; it must send its client ID with the login.', { issuer });
  const platform = candidates[0] as PlatformRow;
  if (params.lti_deployment_id !== undefined && !platform.deployment_ids.includes(params.lti_deployment_id)) {
    throw new LtiRefusal('lti_deployment_unknown', 403, 'This deployment of AI GYM in your platform is not registered. Ask your administrator to add its deployment ID.', { deploymentId: params.lti_deployment_id });
  }
  if (!ownUrl(config, params.target_link_uri)) {
    throw new LtiRefusal('lti_token_invalid', 400, 'The platform asked to open an address outside AI GYM.', { targetLinkUri: params.target_link_uri });
  }
  const state = randomBytes(32).toString('base64url');
  const nonce = randomBytes(32).toString('base64url');
  await run(async (ctx) => {
    await sql`select app.lti_begin(${hashOpaqueToken(state)}, ${platform.id}::uuid, ${nonce}, ${params.target_link_uri}, ${STATE_TTL_SECONDS}::integer)`.execute(ctx.db);
  });
  const url = new URL(platform.auth_login_url);
  const query = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: platform.client_id,
    redirect_uri: toolValues(config).launchUrl,
    login_hint: params.login_hint,
    state,
    nonce,
    ...(params.lti_message_hint === undefined ? {} : { lti_message_hint: params.lti_message_hint }),
  };
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}

const sameSecret = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

interface ClaimedState {
  platform_id: string;
  nonce: string;
  target_link_uri: string;
  expires_at: Date;
  claimed: boolean;
}

/** Verifies the id_token: signature by the platform's keyset, iss, aud/azp, exp/iat, then nonce, deployment, version, type. */
async function verifiedClaims(platform: PlatformRow, idToken: string, expectedNonce: string): Promise<JWTPayload> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(idToken).kid;
  } catch {
    throw new LtiRefusal('lti_token_invalid', 401, 'The platform’s launch message is not a signed token.', { reason: 'malformed' });
  }
  let payload: JWTPayload;
  try {
    const keys = await platformKeyResolver(platform.jwks_url, kid);
    ({ payload } = await jwtVerify(idToken, keys, {
      issuer: platform.issuer,
      audience: platform.client_id,
      algorithms: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'iat', 'sub', 'nonce'],
    }));
  } catch (error) {
    if (error instanceof PlatformKeysError) throw new LtiRefusal('lti_platform_unreachable', 502, `The launch could not be checked: ${error.message}`, { reason: 'jwks' });
    if (error instanceof joseErrors.JWTExpired) throw new LtiRefusal('lti_token_invalid', 401, 'The launch has expired. Open the activity again from your course.', { reason: 'expired' });
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      const reason = error.claim === 'aud' ? 'wrong_audience' : error.claim === 'iss' ? 'wrong_issuer' : `claim_${error.claim}`;
      throw new LtiRefusal('lti_token_invalid', 401, error.claim === 'aud' ? 'The launch was meant for another tool.' : 'The launch message is not valid.', { reason });
    }
    if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JWKSNoMatchingKey) {
      throw new LtiRefusal('lti_token_invalid', 401, 'The launch was not signed by the registered platform.', { reason: 'bad_signature' });
    }
    throw new LtiRefusal('lti_token_invalid', 401, 'The launch message is not valid.', { reason: 'invalid', error: error instanceof Error ? error.message : String(error) });
  }
  // With several audiences, azp must name us; when present it must always name us (OIDC Core 3.1.3.7).
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  const azp = (payload as { azp?: unknown }).azp;
  if ((audiences.length > 1 && azp === undefined) || (azp !== undefined && azp !== platform.client_id)) {
    throw new LtiRefusal('lti_token_invalid', 401, 'The launch was meant for another tool.', { reason: 'wrong_azp' });
  }
  if (typeof payload.nonce !== 'string' || !sameSecret(payload.nonce, expectedNonce)) {
    throw new LtiRefusal('lti_nonce_invalid', 401, 'This launch does not match the sign-in that started it (it may have been used already). Open the activity again.', { reason: 'nonce_mismatch' });
  }
  const deployment = payload[CLAIM.deploymentId];
  if (typeof deployment !== 'string' || !platform.deployment_ids.includes(deployment)) {
    throw new LtiRefusal('lti_deployment_unknown', 403, 'This deployment of AI GYM in your platform is not registered. Ask your administrator to add its deployment ID.', { deploymentId: deployment });
  }
  if (payload[CLAIM.version] !== '1.3.0') throw new LtiRefusal('lti_message_unsupported', 400, 'The platform speaks a version of LTI other than 1.3.', { version: payload[CLAIM.version] });
  return payload;
}

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where a launch lands: the custom parameter, else the target link, if it names an exercise or program. */
export function landingOf(config: Pick<Config, 'APP_URL'>, claims: JWTPayload): { kind: 'exercise' | 'program'; id: string } | null {
  const custom = (claims[CLAIM.custom] ?? {}) as Record<string, unknown>;
  for (const kind of ['exercise', 'program'] as const) {
    const id = custom[`aigym_${kind}`];
    if (typeof id === 'string' && uuidShape.test(id)) return { kind, id: id.toLowerCase() };
  }
  const targetLinkUri = claims[CLAIM.targetLinkUri];
  const target = typeof targetLinkUri === 'string' ? ownUrl(config, targetLinkUri) : null;
  const match = target ? /^\/(exercises|programs)\/([0-9a-f-]{36})\/?$/i.exec(target.pathname) : null;
  if (match?.[2] && uuidShape.test(match[2])) return { kind: match[1] === 'exercises' ? 'exercise' : 'program', id: match[2].toLowerCase() };
  return null;
}

interface Provisioned {
  id: string;
  role: 'admin' | 'member';
  status: string;
  created: boolean;
  refused: string | null;
}

export type LaunchOutcome = { kind: 'session'; session: IssuedSession; redirectTo: string; frameOrigin: string } | { kind: 'deep_link'; picker: DeepLinkPicker };

export interface LaunchDeps extends Pick<AuthDeps, 'tokens'> {
  config: AuthDeps['config'] & Pick<Config, 'AI_KEYS_SECRET'>;
}

/** Step two: the platform posts the id_token and our state here. */
export async function finishLaunch(run: RunAnonymous, deps: LaunchDeps, body: { id_token?: string; state?: string }, userAgent: string | undefined): Promise<LaunchOutcome> {
  if (!body.state) throw new LtiRefusal('lti_state_invalid', 400, 'This launch did not come from a sign-in started here. Open the activity again from your course.', { reason: 'missing_state' });
  if (!body.id_token) throw new LtiRefusal('lti_token_invalid', 400, 'The platform sent no launch message.', { reason: 'missing_token' });
  const state = body.state;
  const claimed = await run(async (ctx) => (await sql<ClaimedState>`select * from app.lti_claim_state(${hashOpaqueToken(state)})`.execute(ctx.db)).rows[0] ?? null);
  if (!claimed || !claimed.claimed || new Date(claimed.expires_at).getTime() <= Date.now()) {
    const reason = !claimed ? 'unknown_state' : !claimed.claimed ? 'replayed_state' : 'expired_state';
    throw new LtiRefusal('lti_state_invalid', 400, 'This launch was already used or has expired. Open the activity again from your course.', { reason });
  }
  const platform = await run((ctx) => platformById(ctx, claimed.platform_id));
  if (!platform) throw new LtiRefusal('lti_unknown_platform', 400, 'This learning platform is no longer registered with AI GYM.', { reason: 'removed' });
  const claims = await verifiedClaims(platform, body.id_token, claimed.nonce);
  const messageType = claims[CLAIM.messageType];
  if (messageType !== 'LtiResourceLinkRequest' && messageType !== 'LtiDeepLinkingRequest') {
    throw new LtiRefusal('lti_message_unsupported', 400, 'AI GYM does not handle this kind of launch.', { messageType });
  }
  const subject = String(claims.sub);
  const email = typeof claims.email === 'string' && z.email().safeParse(claims.email).success ? claims.email : null;
  const name = typeof claims.name === 'string' ? claims.name : [claims.given_name, claims.family_name].filter((p) => typeof p === 'string').join(' ');

  return run(async (ctx) => {
    const { rows } = await sql<Provisioned>`select * from app.lti_provision_member(${platform.id}::uuid, ${subject}, ${email}, ${name})`.execute(ctx.db);
    const person = rows[0];
    if (!person) throw new AppError('internal_error', 'The account could not be prepared.');
    if (person.refused) {
      const message =
        person.refused === 'email_elsewhere'
          ? 'An AI GYM account with your email address already exists outside this organisation. Ask your administrator to add it to the organisation, then open the activity again.'
          : 'This account cannot be opened from your learning platform. Contact your administrator.';
      throw new LtiRefusal('lti_account_refused', 403, message, { reason: person.refused, userId: person.id });
    }
    const userCtx = await assumeIdentity(ctx, person.id, person.role);
    await noteContext(ctx, platform, claims);
    if (person.created) await recordAudit(userCtx, { action: 'user.create', entityType: 'user', entityId: person.id, after: { source: 'lti', communityId: platform.community_id, platformId: platform.id } });
    if (messageType === 'LtiDeepLinkingRequest') {
      const picker = await deepLinkPicker(userCtx, deps.config, platform, claims);
      await recordAudit(userCtx, { action: 'lti.deep_link_start', entityType: 'community', entityId: platform.community_id, after: { platformId: platform.id } });
      return { kind: 'deep_link', picker };
    }
    const landing = landingOf(deps.config, claims);
    if (landing?.kind === 'exercise') await noteGradeLink(ctx, platform, person.id, subject, landing.id, claims);
    const session = await issueSession(userCtx, deps, userAgent);
    await recordAudit(userCtx, { action: 'lti.launch', entityType: 'community', entityId: platform.community_id, after: { platformId: platform.id, created: person.created, landing } });
    // The platform's pages may frame ours for this session (its login address is where it serves them).
    const frameOrigin = new URL(platform.auth_login_url).origin;
    return { kind: 'session', session, redirectTo: landing ? `/${landing.kind}s/${landing.id}` : '/dashboard', frameOrigin };
  });
}

async function noteContext(ctx: AnonymousContext, platform: PlatformRow, claims: JWTPayload): Promise<void> {
  const context = claims[CLAIM.context] as { id?: unknown; title?: unknown } | undefined;
  if (typeof context?.id !== 'string' || context.id.length === 0 || context.id.length > 255) return;
  const nrps = claims[CLAIM.nrps] as { context_memberships_url?: unknown } | undefined;
  const memberships = typeof nrps?.context_memberships_url === 'string' && /^https?:\/\//.test(nrps.context_memberships_url) ? nrps.context_memberships_url.slice(0, 1000) : null;
  const title = typeof context.title === 'string' ? context.title : null;
  await sql`select app.lti_note_context(${platform.id}::uuid, ${context.id}, ${title}, ${memberships})`.execute(ctx.db);
}

/** A graded link (the platform gave a line item and the right to post scores): scored attempts go back to it. */
async function noteGradeLink(ctx: AnonymousContext, platform: PlatformRow, userId: string, subject: string, exerciseId: string, claims: JWTPayload): Promise<void> {
  const ags = claims[CLAIM.ags] as { lineitem?: unknown; scope?: unknown } | undefined;
  const scopes = Array.isArray(ags?.scope) ? ags.scope : [];
  if (typeof ags?.lineitem !== 'string' || !/^https?:\/\//.test(ags.lineitem) || !scopes.includes(SCOPE.score) || !platform.access_token_url) return;
  await sql`select app.lti_note_grade_link(${platform.id}::uuid, ${userId}::uuid, ${exerciseId}::uuid, ${subject}, ${ags.lineitem.slice(0, 1000)})`.execute(ctx.db);
}

export { LtiRefusal, platformById, type PlatformRow };
