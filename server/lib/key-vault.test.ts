import { describe, expect, it } from 'vitest';
import { KeyVault } from './key-vault.js';

const id = '0b6f7f3e-4b1c-4c59-9a43-9b0c1e2f3a4b';
const other = '5d1c2e3f-0000-4000-8000-000000000001';

describe('the AI key vault', () => {
  it('round-trips a key and never stores the plaintext', () => {
    const vault = new KeyVault('s'.repeat(40));
    const stored = vault.encrypt('sk-live-secret-123', id);
    expect(stored).not.toContain('sk-live-secret-123');
    expect(stored.startsWith('v1.')).toBe(true);
    expect(vault.decrypt(stored, id)).toBe('sk-live-secret-123');
  });

  it('uses a fresh nonce each time', () => {
    const vault = new KeyVault('s'.repeat(40));
    expect(vault.encrypt('same', id)).not.toBe(vault.encrypt('same', id));
  });

  it('refuses a ciphertext moved to another connection, altered, or made with another secret', () => {
    const vault = new KeyVault('s'.repeat(40));
    const stored = vault.encrypt('sk-live-secret-123', id);
    expect(() => vault.decrypt(stored, other)).toThrow();
    const parts = stored.split('.');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    const flipped = [parts[0], parts[1], parts[2], body.toString('base64url')].join('.');
    expect(() => vault.decrypt(flipped, id)).toThrow();
    expect(() => new KeyVault('t'.repeat(40)).decrypt(stored, id)).toThrow();
    expect(() => vault.decrypt('plain-text-key', id)).toThrow();
  });

  it('keeps purposes apart: a two-factor key cannot be decrypted as an AI key or an SSO secret, though the secret is the same', () => {
    const totp = new KeyVault('s'.repeat(40), 'totp-secrets');
    const stored = totp.encrypt('JBSWY3DPEHPK3PXP', id);
    expect(totp.decrypt(stored, id)).toBe('JBSWY3DPEHPK3PXP');
    expect(() => new KeyVault('s'.repeat(40)).decrypt(stored, id)).toThrow();
    expect(() => new KeyVault('s'.repeat(40), 'sso-client-secrets').decrypt(stored, id)).toThrow();
  });
});
