import { createHash, randomBytes, randomUUID, webcrypto } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { AppError } from './app-error.js';

export const ACCESS_TOKEN_ALG = 'HS256';
export const ACCESS_TOKEN_TYP = 'at+jwt';
export const TOKEN_ISSUER = 'aigym';
export const TOKEN_AUDIENCE = 'aigym-api';

export interface AccessClaims {
  sub: string;
  sid: string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Tokens verified lately, each until it expires: a client sends the same one with every request. */
const VERIFIED_TOKENS_KEPT = 10_000;

/** Signs and verifies access tokens (RFC 9068 profile, RFC 8725 practices): one pinned algorithm. */
export class AccessTokens {
  // Imported once as a CryptoKey: building a key per request costs more than the verification
  // itself, and jose re-imports a KeyObject secret through WebCrypto on every call (ADR 0015).
  private readonly key: Promise<webcrypto.CryptoKey>;
  /**
   * A token's verdict depends only on its bytes, the key and the clock, so a token verified once
   * is not verified again until it expires (ADR 0031): the signature check is an asynchronous
   * WebCrypto job that cost about a tenth of a request's CPU. Only whole, valid tokens are kept,
   * keyed by their full text; whether the session behind one is still live is the database's
   * question on every request (transactions.ts), never this cache's.
   */
  private readonly verified = new Map<string, { claims: AccessClaims; expiresAtMs: number }>();

  constructor(
    secret: string,
    readonly ttlSeconds: number,
  ) {
    this.key = webcrypto.subtle.importKey('raw', Buffer.from(secret, 'utf8'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  }

  async sign(claims: AccessClaims): Promise<string> {
    return new SignJWT({ sid: claims.sid })
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, typ: ACCESS_TOKEN_TYP })
      .setSubject(claims.sub)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .setJti(randomUUID())
      .sign(await this.key);
  }

  /** Every failure is the same 401: the client's only remedy is to refresh or sign in again. */
  async verify(token: string): Promise<AccessClaims> {
    const known = this.verified.get(token);
    if (known && known.expiresAtMs > Date.now()) return known.claims;
    if (known) this.verified.delete(token);
    try {
      const { payload } = await jwtVerify(token, await this.key, {
        algorithms: [ACCESS_TOKEN_ALG],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        typ: ACCESS_TOKEN_TYP,
        requiredClaims: ['sub', 'sid', 'iat', 'exp', 'jti'],
      });
      const { sub, sid } = payload;
      if (typeof sub !== 'string' || !uuidPattern.test(sub) || typeof sid !== 'string' || !uuidPattern.test(sid)) {
        throw new AppError('unauthenticated', 'Your session token is not valid. Please sign in again.');
      }
      const claims = { sub, sid };
      this.remember(token, claims, (payload.exp ?? 0) * 1000);
      return claims;
    } catch (error) {
      if (error instanceof AppError) throw error;
      const expired = error instanceof joseErrors.JWTExpired;
      throw new AppError(
        expired ? 'session_expired' : 'unauthenticated',
        expired ? 'Your session has expired. Please sign in again.' : 'Your session token is not valid. Please sign in again.',
        { cause: error },
      );
    }
  }

  private remember(token: string, claims: AccessClaims, expiresAtMs: number): void {
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) {
      // The oldest entry goes first (a Map keeps insertion order).
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(token, { claims, expiresAtMs });
  }
}

/** 256 random bits, URL-safe: refresh tokens and emailed one-time links. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Secrets are stored only as hashes; SHA-256 suffices for 256-bit random values. */
export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
