import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;

/**
 * What a vault encrypts. Each purpose derives its own key from the one secret, so a ciphertext of
 * one kind can never be decrypted as another (ADR 0013, ADR 0021).
 */
export type VaultPurpose =
  | 'ai-connection-keys'
  | 'totp-secrets'
  | 'sso-client-secrets'
  | 'idp-refresh-tokens'
  | 'lrs-credentials'
  | 'credential-signing-keys'
  | 'lti-tool-keys';

/**
 * Encrypts secrets at rest with AES-256-GCM. The 256-bit key is derived (HKDF-SHA256) from
 * AI_KEYS_SECRET and the purpose; the owning row's id is bound in as associated data, so a
 * ciphertext copied onto another row does not decrypt. Stored as `v1.<iv>.<tag>.<ciphertext>` (base64url).
 */
export class KeyVault {
  private readonly key: Buffer;

  constructor(secret: string, purpose: VaultPurpose = 'ai-connection-keys') {
    // The AI keys' salt predates the other purposes and stays as it was, so stored keys still decrypt.
    this.key = Buffer.from(hkdfSync('sha256', secret, `aigym-${purpose}`, VERSION, 32));
  }

  encrypt(plaintext: string, connectionId: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(connectionId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  /** Throws when the value was not made with this secret for this connection (or was altered). */
  decrypt(stored: string, connectionId: string): string {
    const [version, iv, tag, ciphertext] = stored.split('.');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('unknown key format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(connectionId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}

const vaults = new Map<string, KeyVault>();

/** One vault per secret and purpose, derived once. */
export function keyVault(secret: string, purpose: VaultPurpose = 'ai-connection-keys'): KeyVault {
  const key = `${purpose}:${secret}`;
  let vault = vaults.get(key);
  if (!vault) {
    vault = new KeyVault(secret, purpose);
    vaults.set(key, vault);
  }
  return vault;
}
