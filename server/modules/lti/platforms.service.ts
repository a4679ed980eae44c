import type { CreateLtiPlatformInput, LtiCheckResult, LtiPlatform, LtiPlatformList, LtiToolValues } from '../../../contracts/lti.js';
import type { Config } from '../../config.js';
import { isUniqueViolation, requireAdmin } from '../../lib/access.js';
import { AppError, notFound } from '../../lib/app-error.js';
import { checkOutboundUrl } from '../../lib/outbound-guard.js';
import type { UserContext } from '../../lib/transactions.js';
import { recordAudit } from '../audit/audit.service.js';
import { fetchPlatformJwks, forgetPlatformKeys, PlatformKeysError } from './platform-keys.js';
import type { PlatformRow as BasePlatformRow } from './refusal.js';

/** Platform registrations per community (admins only, like the LRS; ADR 0045). */

export function toolValues(config: Pick<Config, 'APP_URL'>): LtiToolValues {
  const at = (path: string) => new URL(path, config.APP_URL).toString();
  return { loginUrl: at('/lti/login'), launchUrl: at('/lti/launch'), deepLinkUrl: at('/lti/launch'), jwksUrl: at('/lti/jwks') };
}

/** A registered platform as this module reads it (refusal.ts's row, plus when it was registered). */
type PlatformRow = BasePlatformRow & { created_at: Date };

const toPlatform = (row: PlatformRow): LtiPlatform => ({
  id: row.id,
  communityId: row.community_id,
  issuer: row.issuer,
  clientId: row.client_id,
  deploymentIds: row.deployment_ids,
  jwksUrl: row.jwks_url,
  authLoginUrl: row.auth_login_url,
  accessTokenUrl: row.access_token_url,
  createdAt: new Date(row.created_at).toISOString(),
});

async function requireCommunity(ctx: UserContext, communityId: string): Promise<void> {
  requireAdmin(ctx);
  const found = await ctx.db.selectFrom('communities').select('id').where('id', '=', communityId).executeTakeFirst();
  if (!found) throw notFound('That community');
}

async function platformOf(ctx: UserContext, communityId: string, platformId: string): Promise<PlatformRow> {
  await requireCommunity(ctx, communityId);
  const row = await ctx.db.selectFrom('lti_platforms').selectAll().where('id', '=', platformId).where('community_id', '=', communityId).executeTakeFirst();
  if (!row) throw notFound('That LTI platform');
  return row;
}

export { platformOf };

export async function listPlatforms(ctx: UserContext, config: Pick<Config, 'APP_URL'>, communityId: string): Promise<LtiPlatformList> {
  await requireCommunity(ctx, communityId);
  const rows = await ctx.db.selectFrom('lti_platforms').selectAll().where('community_id', '=', communityId).orderBy('created_at').execute();
  return { platforms: rows.map(toPlatform), tool: toolValues(config) };
}

export async function createPlatform(ctx: UserContext, communityId: string, input: CreateLtiPlatformInput): Promise<LtiPlatform> {
  await requireCommunity(ctx, communityId);
  // Addresses the server will call: not into its own network (ADR 0037).
  await checkOutboundUrl(input.jwksUrl, 'jwksUrl');
  if (input.accessTokenUrl) await checkOutboundUrl(input.accessTokenUrl, 'accessTokenUrl');
  const issuer = input.issuer.replace(/\/+$/, '');
  let row: PlatformRow;
  try {
    row = await ctx.db
      .insertInto('lti_platforms')
      .values({
        community_id: communityId,
        issuer,
        client_id: input.clientId,
        deployment_ids: [...new Set(input.deploymentIds)],
        jwks_url: input.jwksUrl,
        auth_login_url: input.authLoginUrl,
        access_token_url: input.accessTokenUrl ?? null,
        created_by: ctx.actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', 'This platform (issuer and client ID) is already registered, here or in another community. A registration can belong to one community only.');
    throw error;
  }
  const platform = toPlatform(row);
  await recordAudit(ctx, { action: 'community.lti_platform_add', entityType: 'community', entityId: communityId, after: platform });
  return platform;
}

export async function deletePlatform(ctx: UserContext, communityId: string, platformId: string): Promise<void> {
  const row = await platformOf(ctx, communityId, platformId);
  await ctx.db.deleteFrom('lti_platforms').where('id', '=', platformId).execute();
  forgetPlatformKeys(row.jwks_url);
  await recordAudit(ctx, { action: 'community.lti_platform_remove', entityType: 'community', entityId: communityId, before: toPlatform(row) });
}

/** The connection check: fetches the platform's keyset now (nothing is stored). */
export async function checkPlatform(ctx: UserContext, communityId: string, platformId: string): Promise<LtiCheckResult> {
  const row = await platformOf(ctx, communityId, platformId);
  try {
    const jwks = await fetchPlatformJwks(row.jwks_url);
    const usable = jwks.keys.filter((k) => k.kty === 'RSA' || k.kty === 'EC').length;
    return usable > 0
      ? { ok: true, keys: usable, message: `The platform’s keyset answered with ${usable} signing key${usable === 1 ? '' : 's'}.`, code: 'lti_keys_ok', details: { count: usable } }
      : { ok: false, keys: 0, message: 'The platform’s keyset answered but holds no signing key.', code: 'lti_keys_empty', details: {} };
  } catch (error) {
    if (error instanceof PlatformKeysError) return { ok: false, keys: 0, message: error.message, code: error.code, details: error.details };
    return { ok: false, keys: 0, message: 'The platform’s keyset could not be reached.', code: 'lti_keys_unreachable', details: {} };
  }
}
