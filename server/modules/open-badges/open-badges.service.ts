import { SignJWT } from 'jose';
import { sql } from 'kysely';
import type { CredentialEnvelope, StatusPurpose } from '../../../contracts/open-badges.js';
import { AppError, notFound } from '../../lib/app-error.js';
import type { AnonymousContext, UserContext } from '../../lib/transactions.js';
import { requireFeature } from '../flags/flags.service.js';
import { type CertificateFacts, encodeBits, issuerId, type IssuerUrls, openBadgeCredential, setPlaces, STATUS_LIST_BITS, statusListCredential } from './credential.js';
import { activeSigningKey, type ActiveKey } from './signing-keys.js';

export const MEDIA_TYPE = 'application/vc+jwt';

interface FactsRow extends CertificateFacts {
  code: string;
  revoked: boolean;
  suspended_at: Date | null;
}

const unix = (d: Date): number => Math.floor(d.getTime() / 1000);

/**
 * A VC-JWT as Open Badges 3.0 §8.2 and VC-JOSE-COSE describe it: the payload is the credential
 * itself, with the registered claims that mirror it (iss, jti, sub-less: the holder is named only
 * by the hashed email; nbf = validFrom, exp = validUntil).
 */
async function sign(key: ActiveKey, credential: { id: string; issuer: string | { id: string }; validFrom: string; validUntil?: string }, now: Date): Promise<string> {
  const jwt = new SignJWT({ ...credential })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'vc+jwt', cty: 'vc' })
    .setIssuer(typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id)
    .setJti(credential.id)
    .setIssuedAt(unix(now))
    .setNotBefore(unix(new Date(credential.validFrom)));
  if (credential.validUntil) jwt.setExpirationTime(unix(new Date(credential.validUntil)));
  return jwt.sign(key.privateKey);
}

/** A revoked certificate is not handed out again (as for its PDF, ADR 0036); a copy already out says so through its status. */
function assertIssuable(row: FactsRow): void {
  if (row.revoked) throw new AppError('conflict', 'This certificate was revoked, so its credential can no longer be downloaded.');
}

async function issue(ctx: AnonymousContext, u: IssuerUrls, secret: string, row: FactsRow): Promise<CredentialEnvelope> {
  assertIssuable(row);
  const key = await activeSigningKey(ctx, secret);
  return { credential: await sign(key, openBadgeCredential(u, row), new Date()), mediaType: MEDIA_TYPE };
}

async function factsById(ctx: UserContext, id: string): Promise<FactsRow | undefined> {
  const { rows } = await sql<FactsRow>`select * from app.certificate_credential_facts(${id})`.execute(ctx.db);
  return rows[0];
}

/** The holder's certificate as an OpenBadgeCredential (admins may fetch any); anyone else's is 404. */
export async function credentialForCertificate(ctx: UserContext, u: IssuerUrls, secret: string, id: string): Promise<CredentialEnvelope> {
  await requireFeature(ctx, 'programs');
  const row = await factsById(ctx, id);
  if (!row) throw notFound('That certificate');
  return issue(ctx, u, secret, row);
}

/** For the verify page: whoever has the code may take the credential to a wallet. */
export async function credentialForCode(ctx: AnonymousContext, u: IssuerUrls, secret: string, code: string): Promise<CredentialEnvelope> {
  // Codes are 43 base64url characters; anything else cannot be one, and is not looked up.
  const row = /^[A-Za-z0-9_-]{43}$/.test(code)
    ? (await sql<FactsRow>`select * from app.certificate_credential_facts_by_code(${code})`.execute(ctx.db)).rows[0]
    : undefined;
  if (!row) throw new AppError('not_found', 'No certificate has that code. Check that it was copied in full.');
  return issue(ctx, u, secret, row);
}

/** A status list as a signed BitstringStatusListCredential (no sign-in: verifiers fetch it). */
export async function signedStatusList(ctx: AnonymousContext, u: IssuerUrls, secret: string, purpose: StatusPurpose, list: number): Promise<string> {
  const { rows } = await sql<{ allocated: string | number; standing: number[]; suspended: number[] }>`
    select * from app.certificate_status_places(${list * STATUS_LIST_BITS}, ${STATUS_LIST_BITS})`.execute(ctx.db);
  const facts = rows[0];
  const allocated = Number(facts?.allocated ?? 0);
  if (list * STATUS_LIST_BITS >= Math.max(allocated, 1)) throw notFound('That status list');
  const places = setPlaces(purpose, list, { allocated, standing: facts?.standing ?? [], suspended: facts?.suspended ?? [] });
  const now = new Date();
  const key = await activeSigningKey(ctx, secret);
  return sign(key, statusListCredential(u, purpose, list, encodeBits(places), now), now);
}

export { issuerId };
