import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { StatusPurpose } from '../../../contracts/open-badges.js';

/**
 * The Open Badges 3.0 documents, as plain data (ADR 0044): an OpenBadgeCredential per certificate
 * on the W3C VC 2.0 data model, and the BitstringStatusListCredentials that say which are revoked
 * or suspended. Signing is elsewhere (open-badges.service.ts): these functions only shape.
 */

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

/** 16 KB of bits per list, the W3C minimum: too many places for one to point at a person. */
export const STATUS_LIST_BITS = 16 * 1024 * 8;

export interface IssuerUrls {
  /** APP_URL without a trailing slash. */
  base: string;
  issuerName: string;
}

export const issuerId = (u: IssuerUrls): string => `${u.base}/api/open-badges/issuer`;
export const statusListUrl = (u: IssuerUrls, purpose: StatusPurpose, list: number): string => `${u.base}/api/open-badges/status/${purpose}/${list}`;

export function issuerProfile(u: IssuerUrls) {
  return { '@context': [VC_CONTEXT, OB_CONTEXT], id: issuerId(u), type: ['Profile'], name: u.issuerName, url: u.base };
}

export interface CertificateFacts {
  id: string;
  status_index: number;
  email: string;
  program_id: string | null;
  program_title: string;
  issued_at: Date;
  expires_at: Date | null;
  evidence: unknown;
}

/** Step titles as recorded when the certificate was issued (the criteria met). */
function stepTitles(evidence: unknown): string[] {
  const list: unknown = typeof evidence === 'string' ? JSON.parse(evidence) : evidence;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown) => (typeof item === 'object' && item !== null && typeof (item as { title?: unknown }).title === 'string' ? [(item as { title: string }).title] : []));
}

/**
 * Open Badges' hashed identity: `sha256$` and the hex SHA-256 of the email and a salt. The salt is
 * new each time a credential is made, so two downloads cannot be linked by their hash; a verifier
 * who knows the holder's email recomputes it. Emails are compared lower-cased, as they are stored.
 */
export function hashedEmail(email: string, salt = randomBytes(16).toString('hex')): { identityHash: string; salt: string } {
  return { identityHash: `sha256$${createHash('sha256').update(email.trim().toLowerCase() + salt).digest('hex')}`, salt };
}

export function openBadgeCredential(u: IssuerUrls, c: CertificateFacts) {
  const steps = stepTitles(c.evidence);
  const { identityHash, salt } = hashedEmail(c.email);
  const list = Math.floor(c.status_index / STATUS_LIST_BITS);
  const index = String(c.status_index % STATUS_LIST_BITS);
  const entry = (purpose: StatusPurpose) => ({
    id: `${statusListUrl(u, purpose, list)}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: purpose,
    statusListIndex: index,
    statusListCredential: statusListUrl(u, purpose, list),
  });
  return {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id: `urn:uuid:${c.id}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: c.program_title,
    issuer: { id: issuerId(u), type: ['Profile'], name: u.issuerName, url: u.base },
    validFrom: c.issued_at.toISOString(),
    ...(c.expires_at ? { validUntil: c.expires_at.toISOString() } : {}),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityType: 'emailAddress', hashed: true, identityHash, salt }],
      achievement: {
        // The program as it was when issued; a program deleted since keeps the certificate's own id.
        id: `urn:uuid:${c.program_id ?? c.id}`,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: c.program_title,
        description: `Completed the AI GYM program “${c.program_title}”.`,
        criteria: {
          narrative: steps.length > 0 ? `Complete every required step of the program:\n${steps.map((s) => `- ${s}`).join('\n')}` : 'Complete every required step of the program.',
        },
      },
    },
    credentialStatus: [entry('revocation'), entry('suspension')],
  };
}

/**
 * The bitstring, index 0 the left-most bit of the first byte, GZIP-compressed and base64url-encoded
 * with the multibase prefix `u` (W3C Bitstring Status List v1.0, §2.1 and §3.2).
 */
export function encodeBits(setPlaces: Iterable<number>, size = STATUS_LIST_BITS): string {
  const bytes = new Uint8Array(size / 8);
  for (const place of setPlaces) {
    if (place < 0 || place >= size) continue;
    bytes[place >> 3] = (bytes[place >> 3] ?? 0) | (0x80 >> (place & 7));
  }
  return `u${gzipSync(bytes).toString('base64url')}`;
}

/** Five minutes: how long a verifier may reuse a list before fetching it again. */
export const STATUS_LIST_TTL_MS = 5 * 60_000;

export function statusListCredential(u: IssuerUrls, purpose: StatusPurpose, list: number, encodedList: string, now: Date) {
  const id = statusListUrl(u, purpose, list);
  return {
    '@context': [VC_CONTEXT],
    id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: issuerId(u),
    validFrom: now.toISOString(),
    credentialSubject: { id: `${id}#list`, type: 'BitstringStatusList', statusPurpose: purpose, encodedList, ttl: STATUS_LIST_TTL_MS },
  };
}

/**
 * The places whose bit is set. Revocation: every place handed out in this list whose certificate
 * is not standing (revoked, or gone with its erased holder). Suspension: suspended certificates.
 */
export function setPlaces(purpose: StatusPurpose, list: number, facts: { allocated: number; standing: number[]; suspended: number[] }): number[] {
  const from = list * STATUS_LIST_BITS;
  if (purpose === 'suspension') return facts.suspended.map((p) => p - from);
  const standing = new Set(facts.standing);
  const upto = Math.min(facts.allocated, from + STATUS_LIST_BITS);
  const places: number[] = [];
  for (let p = from; p < upto; p += 1) if (!standing.has(p)) places.push(p - from);
  return places;
}
