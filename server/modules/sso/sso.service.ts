import { timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import type { SsoErrorCode } from '../../../contracts/sso-codes.js';
import type { PutSsoConfigInput, SsoConfigResponse, SsoDiscoverResponse } from '../../../contracts/sso.js';
import type { Config } from '../../config.js';
import { isUniqueViolation, requireAdmin } from '../../lib/access.js';
import { AppError, notFound } from '../../lib/app-error.js';
import { keyVault } from '../../lib/key-vault.js';
import { hashOpaqueToken } from '../../lib/tokens.js';
import { type AnonymousContext, assumeIdentity, type RunAnonymous, type UserContext } from '../../lib/transactions.js';
import { recordAudit } from '../audit/audit.service.js';
import { type IdpLink, type IssuedSession, issueSession, revokeSessions, type AuthDeps, type SessionRecheck } from '../auth/auth.service.js';
import { provisionSsoMember } from '../users/users.service.js';
import { iso } from '../../lib/dates.js';
import {
  authorizationStart,
  exchangeCode,
  forgetProvider,
  issuerProblem,
  OidcExchangeError,
  providerConfiguration,
  type ProviderSettings,
  recheckAtProvider,
} from './oidc-client.js';

/** Single sign-on per community (ADR 0021): configuration, discovery by email domain, the login round trip, re-checks. */

export type SsoConfigDeps = Pick<Config, 'APP_URL' | 'AI_KEYS_SECRET'> & Partial<Pick<Config, 'NODE_ENV'>>;
export interface SsoDeps extends Pick<AuthDeps, 'tokens'> {
  config: AuthDeps['config'] & Pick<Config, 'SSO_IDP_RECHECK_MINUTES'>;
}

export const STATE_TTL_SECONDS = 600;

const secrets = (config: Pick<Config, 'AI_KEYS_SECRET'>) => keyVault(config.AI_KEYS_SECRET, 'sso-client-secrets');
const idpTokens = (config: Pick<Config, 'AI_KEYS_SECRET'>) => keyVault(config.AI_KEYS_SECRET, 'idp-refresh-tokens');

export const redirectUriOf = (config: Pick<Config, 'APP_URL'>) => new URL('/api/auth/sso/callback', config.APP_URL).toString();
const startPathOf = (communityId: string) => `/api/auth/sso/${communityId}/start`;

/** A refused single-sign-on attempt: the code the login page explains, and what goes in the audit trail. */
export class SsoRefusal extends Error {
  constructor(
    readonly code: SsoErrorCode,
    message: string,
    readonly audit: { communityId?: string | null; userId?: string | null; detail?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'SsoRefusal';
  }
}

// ----- admin configuration

export async function getSsoConfig(ctx: UserContext, config: SsoConfigDeps, communityId: string): Promise<SsoConfigResponse> {
  requireAdmin(ctx);
  const community = await ctx.db.selectFrom('communities').select('id').where('id', '=', communityId).executeTakeFirst();
  if (!community) throw notFound('That community');
  const redirectUri = redirectUriOf(config);
  const row = await ctx.db.selectFrom('community_sso').selectAll().where('community_id', '=', communityId).executeTakeFirst();
  if (!row) return { sso: null, redirectUri };
  const domains = await ctx.db.selectFrom('sso_domains').select('domain').where('community_id', '=', communityId).orderBy('domain').execute();
  return {
    sso: {
      communityId,
      issuer: row.issuer,
      clientId: row.client_id,
      clientSecretSet: row.client_secret_encrypted !== null,
      domains: domains.map((d) => d.domain),
      redirectUri,
      updatedAt: iso(row.updated_at),
      peopleInOtherCommunities: await peopleInOtherCommunities(ctx, communityId, domains.map((d) => d.domain)),
    },
    redirectUri,
  };
}

/**
 * How many people have an address in `domains` yet belong to other communities and not this one:
 * the provider will not be allowed to sign them in (migration 0038), so the admin is told.
 */
async function peopleInOtherCommunities(ctx: UserContext, communityId: string, domains: string[]): Promise<number> {
  if (domains.length === 0) return 0;
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from users u
     where split_part(u.email, '@', 2) = any (${domains}::text[])
       and exists (select 1 from community_members m where m.user_id = u.id and m.community_id <> ${communityId})
       and not exists (select 1 from community_members m where m.user_id = u.id and m.community_id = ${communityId})`.execute(ctx.db);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Mail domains anyone can get an address at: giving one to a community's provider would let that
 * provider sign in whoever holds such an address here (issue 26). A short list of the big ones,
 * kept here on purpose (no dependency to update); an operator can spot others in the audit trail.
 */
export const PUBLIC_MAIL_DOMAINS = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com', 'ymail.com', 'icloud.com', 'me.com', 'mac.com',
  'aol.com', 'proton.me', 'protonmail.com', 'gmx.com', 'gmx.de', 'gmx.net', 'web.de', 'mail.com', 'yandex.com', 'yandex.ru', 'mail.ru', 'zoho.com',
  'qq.com', '163.com', '126.com', 'hotmail.es', 'yahoo.es', 'outlook.es', 'live.co.uk', 'hotmail.co.uk', 'yahoo.co.uk', 'fastmail.com', 'tutanota.com',
]);

export async function putSsoConfig(ctx: UserContext, config: SsoConfigDeps, communityId: string, input: PutSsoConfigInput): Promise<SsoConfigResponse> {
  requireAdmin(ctx);
  const publicDomain = input.domains.find((d) => PUBLIC_MAIL_DOMAINS.has(d.toLowerCase()));
  if (publicDomain) {
    throw new AppError('public_mail_domain', `${publicDomain} is a public mail service: anyone can have an address there, so it cannot sign in through an organisation’s provider.`, {
      details: { domain: publicDomain, in: 'body', issues: [{ path: 'domains', message: `${publicDomain} is a public mail service.` }] },
    });
  }
  const problem = issuerProblem(input.issuer, config.NODE_ENV === 'production');
  if (problem) throw new AppError('validation_failed', problem);
  const before = await getSsoConfig(ctx, config, communityId);
  const issuer = input.issuer.replace(/\/+$/, '');
  const encrypted = input.clientSecret === undefined ? undefined : secrets(config).encrypt(input.clientSecret, communityId);
  await ctx.db
    .insertInto('community_sso')
    .values({ community_id: communityId, issuer, client_id: input.clientId, client_secret_encrypted: encrypted ?? null, updated_by: ctx.actor.userId })
    .onConflict((oc) =>
      oc.column('community_id').doUpdateSet({
        issuer,
        client_id: input.clientId,
        updated_by: ctx.actor.userId,
        ...(encrypted === undefined ? {} : { client_secret_encrypted: encrypted }),
      }),
    )
    .execute();
  const domains = [...new Set(input.domains)];
  await ctx.db.deleteFrom('sso_domains').where('community_id', '=', communityId).execute();
  for (const domain of domains) {
    const owner = await ctx.db
      .selectFrom('sso_domains as d')
      .innerJoin('communities as c', 'c.id', 'd.community_id')
      .select('c.name')
      .where('d.domain', '=', domain)
      .executeTakeFirst();
    if (owner) throw new AppError('sso_domain_taken', `${domain} already signs in through ${owner.name}. A domain can belong to one community only.`, { details: { domain, community: owner.name } });
    try {
      await ctx.db.insertInto('sso_domains').values({ domain, community_id: communityId }).execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('sso_domain_other_community', `${domain} already belongs to another community's sign-in.`, { details: { domain } });
      throw error;
    }
  }
  forgetProvider(communityId);
  const after = await getSsoConfig(ctx, config, communityId);
  await recordAudit(ctx, {
    action: 'community.sso_update',
    entityType: 'community',
    entityId: communityId,
    before: before.sso,
    after: { ...after.sso, clientSecretChanged: input.clientSecret !== undefined },
  });
  return after;
}

export async function deleteSsoConfig(ctx: UserContext, config: SsoConfigDeps, communityId: string): Promise<void> {
  requireAdmin(ctx);
  const before = await getSsoConfig(ctx, config, communityId);
  if (!before.sso) throw notFound('Single sign-on for that community');
  await ctx.db.deleteFrom('community_sso').where('community_id', '=', communityId).execute();
  forgetProvider(communityId);
  await recordAudit(ctx, { action: 'community.sso_delete', entityType: 'community', entityId: communityId, before: before.sso });
}

// ----- sign-in

interface ProviderRow {
  community_id: string;
  issuer: string;
  client_id: string;
  client_secret_encrypted: string | null;
  domains: string[];
}

async function providerRow(ctx: AnonymousContext, communityId: string): Promise<ProviderRow | null> {
  const { rows } = await sql<ProviderRow>`select * from app.sso_provider(${communityId})`.execute(ctx.db);
  return rows[0] ?? null;
}

function settingsOf(config: Pick<Config, 'AI_KEYS_SECRET'>, row: ProviderRow): ProviderSettings {
  return {
    communityId: row.community_id,
    issuer: row.issuer,
    clientId: row.client_id,
    clientSecret: row.client_secret_encrypted ? secrets(config).decrypt(row.client_secret_encrypted, row.community_id) : null,
  };
}

async function configurationFor(config: Pick<Config, 'AI_KEYS_SECRET'>, row: ProviderRow) {
  try {
    return await providerConfiguration(settingsOf(config, row));
  } catch (error) {
    throw new SsoRefusal('sso_provider_error', 'Your organisation’s sign-in service could not be reached or is not set up correctly.', {
      communityId: row.community_id,
      detail: { reason: 'discovery_failed', error: error instanceof Error ? error.message : String(error) },
    });
  }
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/** Whether an email's domain signs in through a community's provider; never says whether the account exists. */
export async function discover(ctx: AnonymousContext, email: string): Promise<SsoDiscoverResponse> {
  const { rows } = await sql<{ owner: string | null }>`select app.sso_domain_owner(${domainOf(email)}) as owner`.execute(ctx.db);
  const owner = rows[0]?.owner;
  if (!owner) return { sso: false };
  return { sso: true, redirectUrl: `${startPathOf(owner)}?login_hint=${encodeURIComponent(email)}` };
}

/** Begins a sign-in at the community's provider: state, nonce and PKCE verifier kept server-side, single use. */
export async function startSignIn(run: RunAnonymous, config: SsoConfigDeps, communityId: string, loginHint: string | undefined): Promise<{ url: string; state: string }> {
  const row = await run((ctx) => providerRow(ctx, communityId));
  if (!row) throw new SsoRefusal('sso_not_configured', 'Single sign-on is not set up for this organisation.', { communityId: null, detail: { requested: communityId } });
  const configuration = await configurationFor(config, row);
  const start = await authorizationStart(configuration, redirectUriOf(config), loginHint);
  await run(async (ctx) => {
    await sql`select app.sso_begin(${hashOpaqueToken(start.state)}, ${communityId}, ${start.nonce}, ${start.codeVerifier}, ${STATE_TTL_SECONDS})`.execute(ctx.db);
  });
  return { url: start.url.toString(), state: start.state };
}

/** Refusals that say nothing about any community or person (anyone can send them): logged, never audited. */
export const anonymousRefusalReasons = new Set(['missing_state', 'unknown_state', 'browser_mismatch']);

interface ClaimedState {
  community_id: string;
  nonce: string;
  code_verifier: string;
  expires_at: Date;
  claimed: boolean;
}

/**
 * Finishes a sign-in: claims the state once, exchanges the code, checks the ID token, the verified
 * email and the community's domains, then finds or creates the person (users service) and issues
 * the same session as a password sign-in, linked to the provider for later re-checks.
 */
export async function finishSignIn(run: RunAnonymous, deps: SsoDeps, callbackUrl: URL, userAgent: string | undefined, browserState: string | undefined): Promise<IssuedSession> {
  const state = callbackUrl.searchParams.get('state');
  if (!state) throw new SsoRefusal('sso_state_invalid', 'This sign-in link is not valid. Please start again.', { detail: { reason: 'missing_state' } });
  // Login CSRF: the state must be the one this browser was given at /start (its cookie), or someone
  // else's finished sign-in, opened here, would sign this browser in as them. Checked before the
  // state is claimed, so a forged callback cannot use up the real sign-in either.
  if (!browserState || !sameSecret(browserState, state)) {
    throw new SsoRefusal('sso_state_invalid', 'This sign-in was started in another browser or has expired. Please start again here.', { detail: { reason: 'browser_mismatch' } });
  }
  const claimed = await run(async (ctx) => {
    const { rows } = await sql<ClaimedState>`select * from app.sso_claim_state(${hashOpaqueToken(state)})`.execute(ctx.db);
    return rows[0] ?? null;
  });
  if (!claimed || !claimed.claimed || new Date(claimed.expires_at).getTime() <= Date.now()) {
    const reason = !claimed ? 'unknown_state' : !claimed.claimed ? 'replayed_state' : 'expired_state';
    throw new SsoRefusal('sso_state_invalid', 'This sign-in was already used or has expired. Please start again.', {
      communityId: claimed?.community_id ?? null,
      detail: { reason },
    });
  }
  const communityId = claimed.community_id;
  const error = callbackUrl.searchParams.get('error');
  if (error) {
    throw new SsoRefusal('sso_provider_error', 'Your organisation’s sign-in service did not sign you in.', { communityId, detail: { reason: 'provider_error', error } });
  }
  const row = await run((ctx) => providerRow(ctx, communityId));
  if (!row) throw new SsoRefusal('sso_not_configured', 'Single sign-on is not set up for this organisation.', { communityId });
  const configuration = await configurationFor(deps.config, row);
  let identity;
  try {
    identity = await exchangeCode(configuration, callbackUrl, { state, nonce: claimed.nonce, codeVerifier: claimed.code_verifier });
  } catch (failure) {
    if (failure instanceof OidcExchangeError && failure.reason === 'nonce_mismatch') {
      throw new SsoRefusal('sso_nonce_mismatch', 'The sign-in answer did not match this sign-in. Please start again.', { communityId, detail: { reason: 'nonce_mismatch' } });
    }
    throw new SsoRefusal('sso_provider_error', 'Your organisation’s sign-in service did not confirm who you are.', {
      communityId,
      detail: { reason: 'exchange_failed', error: failure instanceof Error ? failure.message : String(failure) },
    });
  }
  if (!identity.email) {
    throw new SsoRefusal('sso_provider_error', 'Your organisation’s sign-in service did not share your email address.', { communityId, detail: { reason: 'no_email', subject: identity.subject } });
  }
  // An address such as "a@b@northwind.example" would end its domain check on the last "@" and then
  // fail deep in the database (a 500): refused here, in words (issue 26).
  if (!z.email().safeParse(identity.email).success) {
    throw new SsoRefusal('sso_provider_error', 'Your organisation’s sign-in service sent an email address that is not valid.', { communityId, detail: { reason: 'invalid_email' } });
  }
  if (!identity.emailVerified) {
    throw new SsoRefusal('sso_email_unverified', 'Your organisation has not verified your email address, so it cannot be used to sign in here.', {
      communityId,
      detail: { reason: 'email_unverified', email: identity.email },
    });
  }
  if (!row.domains.includes(domainOf(identity.email))) {
    throw new SsoRefusal('sso_domain_refused', `${identity.email} is not an address this organisation’s sign-in may use here.`, {
      communityId,
      detail: { reason: 'domain_not_owned', email: identity.email },
    });
  }
  const email = identity.email;
  return run(async (ctx) => {
    const person = await provisionSsoMember(ctx, { communityId, email, displayName: identity.name });
    if (person.role === 'admin' || person.status !== 'active') {
      throw new SsoRefusal('sso_account_refused', 'This account cannot sign in with your organisation’s sign-in. Use your password instead, or contact your administrator.', {
        communityId,
        userId: person.id,
        detail: { reason: person.role === 'admin' ? 'administrator' : person.status === 'unlinked' ? 'link_unsafe' : `status_${person.status}` },
      });
    }
    const userCtx = await assumeIdentity(ctx, person.id, person.role);
    const session = await issueSession(userCtx, deps, userAgent);
    await ctx.db
      .insertInto('session_idp_links')
      .values({
        session_id: session.sessionId,
        community_id: communityId,
        refresh_token_encrypted: identity.refreshToken ? idpTokens(deps.config).encrypt(identity.refreshToken, session.sessionId) : null,
      })
      .execute();
    await recordAudit(userCtx, { action: 'sso.sign_in', entityType: 'community', entityId: communityId, after: { email, created: person.created } });
    return session;
  });
}

/** Writes a refused attempt to the audit trail in its own transaction (the attempt itself changed nothing). */
export async function auditRefusal(ctx: AnonymousContext, refusal: SsoRefusal): Promise<void> {
  if (anonymousRefusalReasons.has(String(refusal.audit.detail?.reason))) return;
  const after = JSON.stringify({ code: refusal.code, ...refusal.audit.detail });
  await sql`select app.record_sign_in_event(${refusal.audit.userId ?? null}, ${`sso.refused`}, 'community', ${refusal.audit.communityId ?? null},
    ${after}::jsonb, ${ctx.requestId}, ${ctx.ip})`.execute(ctx.db);
}

export type RecheckResult = Awaited<ReturnType<SessionRecheck>>;

/** The re-check the auth routes run on refresh (app.ts passes it in: auth sits under sso). */
export function sessionRecheck(deps: SsoDeps): SessionRecheck {
  return (run, session, link) => recheckSession(run, deps, session, link);
}

/**
 * On a refresh of a session that came from a provider, at most every SSO_IDP_RECHECK_MINUTES: uses
 * the provider's refresh token; a refusal there (person removed, grant revoked) ends our session.
 * Without a provider refresh token the person cannot be re-checked, so the session ends at the first
 * re-check and they sign in through their provider again. A provider that cannot be reached does not
 * end sessions (it is retried at the next refresh) — an outage there must not sign everyone out.
 */
export async function recheckSession(run: RunAnonymous, deps: SsoDeps, session: IssuedSession, link: IdpLink): Promise<RecheckResult> {
  if (Date.now() - link.checkedAt.getTime() < deps.config.SSO_IDP_RECHECK_MINUTES * 60_000) return 'fresh';
  const row = await run((ctx) => providerRow(ctx, link.communityId));
  let outcome: { kind: 'ok'; refreshToken: string | null } | { kind: 'refused'; error: string } | { kind: 'unreachable'; error: string };
  if (!row) outcome = { kind: 'refused', error: 'sso_removed' };
  else if (!link.refreshTokenEncrypted) outcome = { kind: 'refused', error: 'no_refresh_token' };
  else {
    try {
      const configuration = await providerConfiguration(settingsOf(deps.config, row));
      outcome = await recheckAtProvider(configuration, idpTokens(deps.config).decrypt(link.refreshTokenEncrypted, session.sessionId));
    } catch (error) {
      outcome = { kind: 'unreachable', error: error instanceof Error ? error.message : String(error) };
    }
  }
  if (outcome.kind === 'unreachable') return 'unreachable';
  return run(async (ctx) => {
    const userCtx = await assumeIdentity(ctx, session.user.id, session.user.role, session.sessionId);
    if (outcome.kind === 'refused') {
      await revokeSessions(userCtx, { sessionId: session.sessionId }, 'idp_refused');
      await recordAudit(userCtx, { action: 'sso.session_revoked', entityType: 'community', entityId: link.communityId, after: { reason: outcome.error } });
      return 'revoked';
    }
    const next = outcome.refreshToken ? idpTokens(deps.config).encrypt(outcome.refreshToken, session.sessionId) : undefined;
    await ctx.db
      .updateTable('session_idp_links')
      .set({ checked_at: new Date(), ...(next ? { refresh_token_encrypted: next } : {}) })
      .where('session_id', '=', session.sessionId)
      .execute();
    return 'confirmed';
  });
}
