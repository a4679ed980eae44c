import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'otplib';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, refreshCookieOf, seedUser, TEST_PASSWORD, TEST_SECRET, type TestApp } from '../test/test-app.js';
import type { TestDatabase } from '../test/test-database.js';
import { assertSecretsMatch, SecretsError } from './backup-secrets.js';
import { openDatabase } from '../lib/database.js';
import { backupEmbedded, checkBackup, restoreEmbedded } from './embedded-backup.js';
import { keyVault } from '../lib/key-vault.js';
import { migrate } from '../lib/migrator.js';
import { readTarGz } from './tar.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'aigym-secrets-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const AI_KEYS_SECRET = 'production-ai-keys-secret-from-the-environment-0123456789';
const PASSPHRASE = 'a long operator passphrase kept apart';
const API_KEY = 'sk-live-stored-provider-key-000111';
const codeAt = (secret: string, offset = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset * 30 });

async function appOn(dataDir: string, env: Record<string, string>): Promise<TestApp> {
  const handle = await openDatabase({ pgliteDir: path.join(dataDir, 'pgdata') });
  await migrate(handle.pool);
  const database: TestDatabase = { handle, drop: () => handle.close() };
  return createTestApp({ DATA_DIR: dataDir, MFA_REQUIRED_FOR: 'admins', ...env }, database);
}

/** The admin signs in with password and authenticator code: the two-factor key decrypts. */
async function signInWithTwoFactor(t: TestApp, email: string, totpSecret: string, offset: number): Promise<number> {
  const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: TEST_PASSWORD } });
  const { mfaToken } = login.json<{ mfaToken: string }>();
  const done = await t.app.inject({ method: 'POST', url: '/api/auth/mfa', payload: { mfaToken, code: await codeAt(totpSecret, offset) } });
  return done.statusCode;
}

async function storedKey(t: TestApp): Promise<string> {
  const row = await t.database.handle.db.selectFrom('ai_connections').select(['id', 'api_key_encrypted' as never]).executeTakeFirstOrThrow();
  const { id, api_key_encrypted: encrypted } = row as unknown as { id: string; api_key_encrypted: string };
  return keyVault(t.config.AI_KEYS_SECRET).decrypt(encrypted, id);
}

// Embedded only, whatever database the rest of the suite runs on.
describe.runIf(process.env.TEST_DB !== 'postgres')('backups and the secrets their data needs', () => {
  it('restore to a working system: refused loudly without the secrets, from the environment or a sealed copy, and the admin signs in with two-factor', async () => {
    // The original installation: AI_KEYS_SECRET from the environment, an admin enrolled in two-factor, a stored AI key.
    const original = path.join(root, 'original');
    const t = await appOn(original, { AI_KEYS_SECRET });
    const email = 'owner@example.com';
    await seedUser(t.database, { email, role: 'admin' });
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: TEST_PASSWORD } });
    const { mfaToken } = login.json<{ mfaToken: string }>();
    const { secret: totpSecret } = (await t.app.inject({ method: 'POST', url: '/api/auth/mfa/enrol', payload: { mfaToken } })).json<{ secret: string }>();
    const enrolled = await t.app.inject({ method: 'POST', url: '/api/auth/mfa', payload: { mfaToken, code: await codeAt(totpSecret) } });
    expect(enrolled.statusCode, enrolled.body).toBe(200);
    expect(refreshCookieOf(enrolled)).toBeTruthy();
    const auth = { authorization: `Bearer ${enrolled.json<{ accessToken: string }>().accessToken}` };
    const connection = await t.app.inject({ method: 'POST', url: '/api/ai/connections', headers: auth, payload: { name: 'Production', provider: 'openai', apiKey: API_KEY, models: ['gpt-4o-mini'] } });
    expect(connection.statusCode, connection.body).toBe(201);
    await t.close();

    const env = { AUTH_SECRET: TEST_SECRET, AI_KEYS_SECRET };
    const plain = path.join(root, 'plain.tar.gz');
    const sealed = path.join(root, 'sealed.tar.gz');
    const manifest = await backupEmbedded({ dataDir: original, file: plain, env });
    await backupEmbedded({ dataDir: original, file: sealed, env: { ...env, BACKUP_PASSPHRASE: PASSPHRASE } });
    expect(manifest.secretsSealed).toBe(false);
    expect(Object.keys(manifest.secretChecks ?? {}).sort()).toEqual(['ai-keys-secret', 'auth-secret']);
    // Never in plain text in the archive, sealed or not.
    for (const file of [plain, sealed]) {
      for (const entry of readTarGz(readFileSync(file))) {
        expect(Buffer.from(entry.data).includes(AI_KEYS_SECRET)).toBe(false);
        expect(Buffer.from(entry.data).includes(TEST_SECRET)).toBe(false);
      }
    }

    // Without the secrets, or with a wrong one, the restore refuses before writing anything, naming what is missing.
    const target = path.join(root, 'restored');
    await expect(restoreEmbedded({ file: plain, dataDir: target, env: {} })).rejects.toThrow(/AI_KEYS_SECRET is not set[\s\S]*AUTH_SECRET is not set/);
    await expect(restoreEmbedded({ file: plain, dataDir: target, env: { AUTH_SECRET: TEST_SECRET, AI_KEYS_SECRET: `${AI_KEYS_SECRET}-wrong` } })).rejects.toThrow(SecretsError);
    await expect(restoreEmbedded({ file: sealed, dataDir: target, env: { BACKUP_PASSPHRASE: 'not the passphrase at all' } })).rejects.toThrow(/does not open/);
    await expect(checkBackup({ file: plain, env: {} })).rejects.toThrow(/AI_KEYS_SECRET is not set/);
    expect(existsSync(target) && readdirSync(target).length > 0).toBe(false);

    // The restore check passes with the environment's secrets, and leaves nothing behind.
    const checked = await checkBackup({ file: plain, env });
    expect(checked.secretsFromEnvironment.sort()).toEqual(['ai-keys-secret', 'auth-secret']);

    // Secrets from the environment: restored, the admin signs in with two-factor and the AI key decrypts.
    const restored = await restoreEmbedded({ file: plain, dataDir: target, env });
    expect(restored.secretsWritten).toEqual([]);
    expect(existsSync(path.join(target, 'ai-keys-secret'))).toBe(false);
    // Started with another AI_KEYS_SECRET, the restored installation refuses (it would lock admins out).
    expect(() => assertSecretsMatch(target, { AUTH_SECRET: TEST_SECRET, AI_KEYS_SECRET: 'a-freshly-generated-secret-0123456789abcdef' })).toThrow(/AI_KEYS_SECRET is not the secret this data was encrypted with/);
    expect(() => assertSecretsMatch(target, env)).not.toThrow();
    const back = await appOn(target, { AI_KEYS_SECRET });
    try {
      expect(await signInWithTwoFactor(back, email, totpSecret, 1)).toBe(200);
      expect(await storedKey(back)).toBe(API_KEY);
    } finally {
      await back.close();
    }

    // Sealed with the passphrase: nothing in the environment but the passphrase; the secrets come back as files, 0600.
    const laptop = path.join(root, 'from-sealed');
    const fromSealed = await restoreEmbedded({ file: sealed, dataDir: laptop, env: { BACKUP_PASSPHRASE: PASSPHRASE } });
    expect(fromSealed.secretsWritten.sort()).toEqual(['ai-keys-secret', 'auth-secret']);
    expect(lstatSync(path.join(laptop, 'ai-keys-secret')).mode & 0o777).toBe(0o600);
    const again = await appOn(laptop, {});
    try {
      expect(again.config.AI_KEYS_SECRET).toBe(AI_KEYS_SECRET);
      expect(await signInWithTwoFactor(again, email, totpSecret, 1)).toBe(200);
      expect(await storedKey(again)).toBe(API_KEY);
    } finally {
      await again.close();
    }
  }, 180_000);
});
