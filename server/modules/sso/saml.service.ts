import { SAML, type Profile } from '@node-saml/node-saml';
import { DOMParser } from '@xmldom/xmldom';
import { sql } from 'kysely';
import type { PutSamlConfigInput, SamlSettingsResponse } from '../../../contracts/identity.js';
import type { Config } from '../../config.js';
import { requireAdmin } from '../../lib/access.js';
import { AppError, notFound } from '../../lib/app-error.js';
import { assumeIdentity, type AnonymousContext, type RunAnonymous, type UserContext } from '../../lib/transactions.js';
import { recordAudit } from '../audit/audit.service.js';
import { type IssuedSession, issueSession } from '../auth/auth.service.js';
import { iso } from '../../lib/dates.js';
import { parseIdpMetadata } from './saml-metadata.js';
import { type SsoDeps, SsoRefusal } from './sso.service.js';

/**
 * SAML 2.0 sign-in per community, beside OIDC (ADR 0041). node-saml checks the signature (the
 * assertion must be signed by a certificate from the imported metadata), the issuer, the audience
 * and the time conditions; this file adds what it leaves to the caller: the recipient and
 * destination must be this community's ACS URL, and an assertion id is accepted once (stored until
 * it expires). The person is then found or created with the OIDC rules (ADR 0021): the email's
 * domain must be the community's, admins and suspended people are refused, and a person the
 * community's provisioning deactivated is not let back in.
 */

type SamlConfigDeps = Pick<Config, 'APP_URL'>;

const CLOCK_SKEW_MS = 60_000;
/** How long an assertion without its own end is remembered (and accepted). */
const MAX_ASSERTION_AGE_MS = 10 * 60_000;

export function spOf(config: SamlConfigDeps, communityId: string) {
  const base = (path: string) => new URL(`/api/auth/saml/${communityId}/${path}`, config.APP_URL).toString();
  return { entityId: base('metadata'), acsUrl: base('acs'), metadataUrl: base('metadata'), startUrl: base('start') };
}

interface ProviderRow {
  community_id: string;
  idp_entity_id: string;
  idp_sso_url: string;
  idp_certificates: string[];
  domains: string[];
}

async function providerRow(ctx: AnonymousContext, communityId: string): Promise<ProviderRow | null> {
  const { rows } = await sql<ProviderRow>`select * from app.saml_provider(${communityId})`.execute(ctx.db);
  return rows[0] ?? null;
}

function samlFor(config: SamlConfigDeps, communityId: string, row: ProviderRow | null): SAML {
  const sp = spOf(config, communityId);
  return new SAML({
    issuer: sp.entityId,
    callbackUrl: sp.acsUrl,
    audience: sp.entityId,
    entryPoint: row?.idp_sso_url ?? sp.acsUrl,
    idpIssuer: row?.idp_entity_id,
    // Metadata only: the SP never verifies with this (node-saml requires one).
    idpCert: row?.idp_certificates ?? ['AA=='],
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: CLOCK_SKEW_MS,
    maxAssertionAgeMs: MAX_ASSERTION_AGE_MS,
    identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    disableRequestedAuthnContext: true,
  });
}

// ----- admin configuration

export async function getSamlSettings(ctx: UserContext, config: SamlConfigDeps, communityId: string): Promise<SamlSettingsResponse> {
  requireAdmin(ctx);
  const community = await ctx.db.selectFrom('communities').select('id').where('id', '=', communityId).executeTakeFirst();
  if (!community) throw notFound('That community');
  const row = await ctx.db.selectFrom('community_saml').selectAll().where('community_id', '=', communityId).executeTakeFirst();
  return {
    saml: row
      ? {
          communityId,
          idpEntityId: row.idp_entity_id,
          idpSsoUrl: row.idp_sso_url,
          certificateCount: row.idp_certificates.length,
          domains: row.domains,
          updatedAt: iso(row.updated_at),
        }
      : null,
    sp: spOf(config, communityId),
  };
}

export async function putSamlConfig(ctx: UserContext, config: SamlConfigDeps, communityId: string, input: PutSamlConfigInput): Promise<SamlSettingsResponse> {
  requireAdmin(ctx);
  const before = await getSamlSettings(ctx, config, communityId);
  const metadata = parseIdpMetadata(input.idpMetadataXml);
  const domains = [...new Set(input.domains)];
  for (const domain of domains) {
    const samlOwner = await ctx.db
      .selectFrom('community_saml as s')
      .innerJoin('communities as c', 'c.id', 's.community_id')
      .select('c.name')
      .where('s.community_id', '<>', communityId)
      .where(sql<boolean>`${domain} = ANY (s.domains)`)
      .executeTakeFirst();
    const oidcOwner = await ctx.db
      .selectFrom('sso_domains as d')
      .innerJoin('communities as c', 'c.id', 'd.community_id')
      .select('c.name')
      .where('d.domain', '=', domain)
      .where('d.community_id', '<>', communityId)
      .executeTakeFirst();
    const owner = samlOwner ?? oidcOwner;
    if (owner) throw new AppError('sso_domain_taken', `${domain} already signs in through ${owner.name}. A domain can belong to one community only.`, { details: { domain, community: owner.name } });
  }
  const values = { idp_entity_id: metadata.entityId, idp_sso_url: metadata.ssoUrl, idp_certificates: metadata.certificates, domains, updated_by: ctx.actor.userId };
  await ctx.db
    .insertInto('community_saml')
    .values({ community_id: communityId, ...values })
    .onConflict((oc) => oc.column('community_id').doUpdateSet(values))
    .execute();
  const after = await getSamlSettings(ctx, config, communityId);
  await recordAudit(ctx, { action: 'community.saml_update', entityType: 'community', entityId: communityId, before: before.saml, after: after.saml });
  return after;
}

export async function deleteSamlConfig(ctx: UserContext, config: SamlConfigDeps, communityId: string): Promise<void> {
  const before = await getSamlSettings(ctx, config, communityId);
  if (!before.saml) throw notFound('SAML sign-in for that community');
  await ctx.db.deleteFrom('community_saml').where('community_id', '=', communityId).execute();
  await recordAudit(ctx, { action: 'community.saml_delete', entityType: 'community', entityId: communityId, before: before.saml });
}

/** The service provider's metadata an identity provider imports. Public, like every SP's. */
export function spMetadata(config: SamlConfigDeps, communityId: string): string {
  return samlFor(config, communityId, null).generateServiceProviderMetadata(null, null);
}

// ----- sign-in

export async function startSamlSignIn(run: RunAnonymous, config: SamlConfigDeps, communityId: string): Promise<string> {
  const row = await run((ctx) => providerRow(ctx, communityId));
  if (!row) throw new SsoRefusal('sso_not_configured', 'SAML sign-in is not set up for this organisation.', { detail: { requested: communityId, method: 'saml' } });
  return samlFor(config, communityId, row).getAuthorizeUrlAsync('', undefined, {});
}

type XmlNode = { $?: Record<string, string> } & Record<string, unknown>;
const children = (node: unknown, name: string): XmlNode[] => {
  if (!node || typeof node !== 'object') return [];
  const entry = Object.entries(node).find(([key]) => key === name || key.endsWith(`:${name}`));
  return Array.isArray(entry?.[1]) ? (entry[1] as XmlNode[]) : [];
};

/** Recipient, id and end of validity, read from the assertion node-saml verified (not from the raw response). */
function assertionFacts(profile: Profile) {
  // node-saml parses with xml2js (prefixes stripped, explicit root): { Assertion: { $, Subject: [...] } }.
  const assertion = profile.getAssertion?.() as { Assertion?: XmlNode } | undefined;
  const root: XmlNode = assertion?.Assertion ?? {};
  const confirmations = children(children(root, 'Subject')[0], 'SubjectConfirmation');
  const data = confirmations.flatMap((c) => children(c, 'SubjectConfirmationData'));
  const recipients = data.map((d) => d.$?.Recipient).filter((r): r is string => typeof r === 'string');
  const ends = [...data.map((d) => d.$?.NotOnOrAfter), children(root, 'Conditions')[0]?.$?.NotOnOrAfter]
    .filter((v): v is string => typeof v === 'string')
    .map((v) => Date.parse(v))
    .filter((v) => Number.isFinite(v));
  return { id: root.$?.ID ?? null, recipients, expiresAt: new Date(Math.min(Date.now() + MAX_ASSERTION_AGE_MS, ...ends) + CLOCK_SKEW_MS) };
}

function destinationOf(profile: Profile): string | null {
  const xml = profile.getSamlResponseXml?.();
  if (!xml) return null;
  const document = new DOMParser().parseFromString(xml, 'text/xml');
  return document.documentElement?.getAttribute('Destination') || null;
}

const EMAIL_CLAIMS = ['email', 'mail', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', 'urn:oid:0.9.2342.19200300.100.1.3'];
const NAME_CLAIMS = ['displayName', 'http://schemas.microsoft.com/identity/claims/displayname', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name', 'urn:oid:2.16.840.1.113730.3.1.241'];

function claim(profile: Profile, names: string[]): string | null {
  for (const name of names) {
    const value = (profile as Record<string, unknown>)[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string' && first.trim()) return first.trim();
  }
  return null;
}

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();
const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface Provisioned {
  id: string;
  role: 'admin' | 'member';
  status: 'invited' | 'active' | 'suspended' | 'unlinked';
  created: boolean;
  deprovisioned: boolean;
}

/** Finishes a sign-in from the identity provider's POST to the ACS URL. */
export async function finishSamlSignIn(
  run: RunAnonymous,
  deps: SsoDeps,
  communityId: string,
  samlResponse: string | undefined,
  userAgent: string | undefined,
): Promise<IssuedSession> {
  const row = await run((ctx) => providerRow(ctx, communityId));
  if (!row) throw new SsoRefusal('sso_not_configured', 'SAML sign-in is not set up for this organisation.', { detail: { requested: communityId, method: 'saml' } });
  const refuse = (code: ConstructorParameters<typeof SsoRefusal>[0], message: string, detail: Record<string, unknown>, userId: string | null = null) =>
    new SsoRefusal(code, message, { communityId, userId, detail: { method: 'saml', ...detail } });
  if (!samlResponse) throw refuse('sso_provider_error', 'Your organisation’s sign-in service sent no answer.', { reason: 'missing_response' });
  const sp = spOf(deps.config, communityId);
  let profile: Profile | null;
  try {
    ({ profile } = await samlFor(deps.config, communityId, row).validatePostResponseAsync({ SAMLResponse: samlResponse }));
  } catch (error) {
    throw refuse('sso_provider_error', 'Your organisation’s sign-in service did not confirm who you are.', {
      reason: 'assertion_invalid',
      error: error instanceof Error ? error.message : String(error),
    });
  }
  if (!profile) throw refuse('sso_provider_error', 'Your organisation’s sign-in service did not confirm who you are.', { reason: 'no_profile' });
  const facts = assertionFacts(profile);
  const destination = destinationOf(profile);
  if (facts.recipients.length === 0 || facts.recipients.some((r) => r !== sp.acsUrl) || (destination !== null && destination !== sp.acsUrl)) {
    throw refuse('sso_provider_error', 'This sign-in answer was meant for another service.', { reason: 'wrong_recipient', recipients: facts.recipients, destination });
  }
  if (!facts.id) throw refuse('sso_provider_error', 'Your organisation’s sign-in service did not confirm who you are.', { reason: 'no_assertion_id' });
  const assertionId = facts.id;
  const fresh = await run(async (ctx) => {
    const { rows } = await sql<{ claimed: boolean }>`select app.saml_claim_assertion(${assertionId}, ${communityId}, ${facts.expiresAt}) as claimed`.execute(ctx.db);
    return rows[0]?.claimed === true;
  });
  if (!fresh) throw refuse('sso_state_invalid', 'This sign-in was already used. Please start again.', { reason: 'replayed_assertion' });

  const nameId = profile.nameID && emailShape.test(profile.nameID) ? profile.nameID : null;
  const email = (claim(profile, EMAIL_CLAIMS) ?? nameId ?? '').toLowerCase();
  if (!emailShape.test(email)) throw refuse('sso_provider_error', 'Your organisation’s sign-in service did not share your email address.', { reason: 'no_email' });
  if (!row.domains.includes(domainOf(email))) {
    throw refuse('sso_domain_refused', `${email} is not an address this organisation’s sign-in may use here.`, { reason: 'domain_not_owned', email });
  }
  const displayName = claim(profile, NAME_CLAIMS);
  return run(async (ctx) => {
    const { rows } = await sql<Provisioned>`select * from app.saml_provision_member(${communityId}, ${email}, ${displayName ?? ''})`.execute(ctx.db);
    const person = rows[0];
    if (!person) throw new AppError('internal_error', 'The account could not be prepared.');
    if (person.deprovisioned || person.role === 'admin' || person.status !== 'active') {
      // 'unlinked': an existing account the database would not link to this provider (issue 26).
      const reason = person.deprovisioned ? 'deprovisioned' : person.role === 'admin' ? 'administrator' : person.status === 'unlinked' ? 'link_unsafe' : `status_${person.status}`;
      throw refuse('sso_account_refused', 'This account cannot sign in with your organisation’s sign-in. Contact your administrator.', { reason }, person.id);
    }
    const userCtx = await assumeIdentity(ctx, person.id, person.role);
    const session = await issueSession(userCtx, deps, userAgent);
    if (person.created) await recordAudit(userCtx, { action: 'user.create', entityType: 'user', entityId: person.id, after: { email, source: 'saml', communityId } });
    await recordAudit(userCtx, { action: 'sso.sign_in', entityType: 'community', entityId: communityId, after: { email, created: person.created, method: 'saml' } });
    return session;
  });
}
