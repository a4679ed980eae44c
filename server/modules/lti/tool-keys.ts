import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { sql } from 'kysely';
import type { Config } from '../../config.js';
import { keyVault } from '../../lib/key-vault.js';
import type { AnonymousContext } from '../../lib/transactions.js';

/**
 * The tool's own RS256 key pair (ADR 0045): made on first need, the private half encrypted at rest
 * with the key vault (bound to its kid), the public half published at GET /lti/jwks. Platforms
 * verify our deep-linking responses and our client assertions (AGS, NRPS) with it.
 */
export const LTI_ALG = 'RS256';

interface KeyRow {
  kid: string;
  public_jwk: JWK;
  private_key_encrypted: string;
}

export interface ToolSigningKey {
  kid: string;
  key: CryptoKey | Uint8Array;
}

const vault = (config: Pick<Config, 'AI_KEYS_SECRET'>) => keyVault(config.AI_KEYS_SECRET, 'lti-tool-keys');

async function keyRows(ctx: AnonymousContext): Promise<KeyRow[]> {
  return (await sql<KeyRow>`select * from app.lti_tool_keys()`.execute(ctx.db)).rows;
}

async function ensureKey(ctx: AnonymousContext, config: Pick<Config, 'AI_KEYS_SECRET'>): Promise<KeyRow> {
  const existing = (await keyRows(ctx))[0];
  if (existing) return existing;
  const kid = randomUUID();
  const { publicKey, privateKey } = await generateKeyPair(LTI_ALG, { extractable: true, modulusLength: 2048 });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: LTI_ALG, use: 'sig' };
  const privateJwk = JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: LTI_ALG });
  await sql`select app.lti_add_tool_key(${kid}, ${JSON.stringify(publicJwk)}::jsonb, ${vault(config).encrypt(privateJwk, kid)})`.execute(ctx.db);
  // Another instance may have won the race: the stored key is the one.
  const stored = (await keyRows(ctx))[0];
  if (!stored) throw new Error('the LTI tool key was not stored');
  return stored;
}

/** The public keys platforms fetch from GET /lti/jwks. */
export async function toolJwks(ctx: AnonymousContext, config: Pick<Config, 'AI_KEYS_SECRET'>): Promise<{ keys: JWK[] }> {
  await ensureKey(ctx, config);
  return { keys: (await keyRows(ctx)).map((row) => row.public_jwk) };
}

/** The current private key, for signing. */
export async function toolSigningKey(ctx: AnonymousContext, config: Pick<Config, 'AI_KEYS_SECRET'>): Promise<ToolSigningKey> {
  const row = await ensureKey(ctx, config);
  const jwk = JSON.parse(vault(config).decrypt(row.private_key_encrypted, row.kid)) as JWK;
  return { kid: row.kid, key: await importJWK(jwk, LTI_ALG) };
}
