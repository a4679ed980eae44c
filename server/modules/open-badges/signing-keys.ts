import { type CryptoKey, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { sql } from 'kysely';
import type { SigningKey } from '../../../contracts/open-badges.js';
import { keyVault } from '../../lib/key-vault.js';
import type { AnonymousContext, UserContext } from '../../lib/transactions.js';
import { recordAudit } from '../audit/audit.service.js';

/**
 * The issuer's signing keys (ADR 0044). RS256: Open Badges 3.0 names it as the algorithm every
 * verifier supports. The private half is encrypted with the key vault (the kid as associated data)
 * and leaves the database only through app.credential_signing_key().
 */
export const SIGNING_ALG = 'RS256';

export interface ActiveKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
}

export interface PublicJwk {
  kty: string;
  kid: string;
  alg: string;
  use: 'sig';
  n: string;
  e: string;
}

interface NewKey {
  kid: string;
  publicJwk: JWK;
  privateEncrypted: string;
}

async function generate(secret: string): Promise<NewKey> {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { modulusLength: 2048, extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  const privateJwk = await exportJWK(privateKey);
  return { kid, publicJwk: { kty: publicJwk.kty, n: publicJwk.n, e: publicJwk.e }, privateEncrypted: keyVault(secret, 'credential-signing-keys').encrypt(JSON.stringify(privateJwk), kid) };
}

async function readActive(ctx: AnonymousContext): Promise<{ kid: string; alg: string; private_jwk_encrypted: string } | undefined> {
  const { rows } = await sql<{ kid: string; alg: string; private_jwk_encrypted: string }>`select * from app.credential_signing_key()`.execute(ctx.db);
  return rows[0];
}

/**
 * Makes the first key when there is none. Run in a writable transaction of its own (a GET request's
 * is read-only): it happens once per installation, and a losing concurrent maker's key is dropped.
 */
export async function ensureSigningKey(ctx: AnonymousContext, secret: string): Promise<void> {
  if (await readActive(ctx)) return;
  const key = await generate(secret);
  await sql`select app.credential_add_first_key(${key.kid}, ${SIGNING_ALG}, ${JSON.stringify(key.publicJwk)}::jsonb, ${key.privateEncrypted})`.execute(ctx.db);
}

/** The key that signs now (ensureSigningKey has made one). */
export async function activeSigningKey(ctx: AnonymousContext, secret: string): Promise<ActiveKey> {
  const row = await readActive(ctx);
  if (!row) throw new Error('no credential signing key: ensureSigningKey was not run');
  const jwk = JSON.parse(keyVault(secret, 'credential-signing-keys').decrypt(row.private_jwk_encrypted, row.kid)) as JWK;
  return { kid: row.kid, alg: row.alg, privateKey: (await importJWK(jwk, row.alg)) as CryptoKey };
}

/** Admins: a new key signs from now on; the old one stays published while what it signed can still be valid. */
export async function rotateSigningKey(ctx: UserContext, secret: string): Promise<SigningKey> {
  const key = await generate(secret);
  await sql`select app.credential_rotate_key(${key.kid}, ${SIGNING_ALG}, ${JSON.stringify(key.publicJwk)}::jsonb, ${key.privateEncrypted})`.execute(ctx.db);
  const keys = await listSigningKeys(ctx);
  const created = keys.find((k) => k.kid === key.kid);
  if (!created) throw new Error('rotated key not found');
  const retired = keys.find((k) => k.kid !== key.kid && k.retiredAt === created.createdAt);
  await recordAudit(ctx, { action: 'credential_key.rotate', entityType: 'credential_signing_key', entityId: key.kid, before: retired ? { kid: retired.kid } : null, after: { kid: key.kid, retiredPublishedUntil: retired?.publishedUntil ?? null } });
  return created;
}

/** Admins: every key, newest first (public columns only; RLS shows them to admins alone). */
export async function listSigningKeys(ctx: UserContext): Promise<SigningKey[]> {
  const rows = await ctx.db
    .selectFrom('credential_signing_keys')
    .select(['kid', 'alg', 'created_at', 'retired_at', 'published_until'])
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    kid: r.kid,
    alg: r.alg,
    createdAt: r.created_at.toISOString(),
    retiredAt: r.retired_at ? r.retired_at.toISOString() : null,
    publishedUntil: r.published_until ? r.published_until.toISOString() : null,
  }));
}

/** The JWK Set a verifier fetches: the active key and retired ones still in their window. */
export async function publicJwks(ctx: AnonymousContext, now: Date): Promise<{ keys: PublicJwk[] }> {
  const { rows } = await sql<{ kid: string; alg: string; public_jwk: unknown }>`select kid, alg, public_jwk from app.credential_public_keys(${now})`.execute(ctx.db);
  return {
    keys: rows.map((r) => {
      const jwk = (typeof r.public_jwk === 'string' ? JSON.parse(r.public_jwk) : r.public_jwk) as { kty: string; n: string; e: string };
      return { kty: jwk.kty, n: jwk.n, e: jwk.e, kid: r.kid, alg: r.alg, use: 'sig' };
    }),
  };
}
