import { createCipheriv, createDecipheriv, createHmac, randomBytes, scryptSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The secrets an embedded installation's data cannot be read without (ADR 0038): AI_KEYS_SECRET
 * encrypts stored AI keys, two-factor keys and SSO secrets; AUTH_SECRET signs sessions. Each comes
 * from the environment (production) or from a file generated into DATA_DIR (a laptop).
 *
 * A backup never carries them in plain text. It records a check value of each (an HMAC keyed by the
 * secret: it tells whether a secret is the right one, not what it is) and, when the operator gives
 * BACKUP_PASSPHRASE, the secrets themselves sealed with it (scrypt + AES-256-GCM). A restore takes
 * each secret from the environment or from the sealed copy, and refuses when neither matches.
 */
export const BACKUP_SECRETS = { 'ai-keys-secret': 'AI_KEYS_SECRET', 'auth-secret': 'AUTH_SECRET' } as const;
export type SecretName = keyof typeof BACKUP_SECRETS;
export const SECRET_NAMES = Object.keys(BACKUP_SECRETS) as SecretName[];

export interface SecretCheck {
  /** Where the installation took it from: its variable, or its file in DATA_DIR. */
  source: 'environment' | 'data-dir';
  check: string;
}

export interface SecretEnv {
  AUTH_SECRET?: string | undefined;
  AI_KEYS_SECRET?: string | undefined;
  BACKUP_PASSPHRASE?: string | undefined;
}

export class SecretsError extends Error {
  override name = 'SecretsError';
}

export const secretCheck = (value: string): string => createHmac('sha256', value).update('aigym-backup-secret-check-v1').digest('hex').slice(0, 32);

/** The secrets this installation runs with, as the server would resolve them (environment first). */
export function currentSecrets(dataDir: string, env: SecretEnv): Partial<Record<SecretName, { value: string; source: SecretCheck['source'] }>> {
  const found: Partial<Record<SecretName, { value: string; source: SecretCheck['source'] }>> = {};
  for (const name of SECRET_NAMES) {
    const given = env[BACKUP_SECRETS[name]];
    const file = path.join(dataDir, name);
    if (given) found[name] = { value: given, source: 'environment' };
    else if (existsSync(file)) found[name] = { value: readFileSync(file, 'utf8').trim(), source: 'data-dir' };
  }
  return found;
}

const SEALED_FORMAT = 'aigym-sealed-secrets';
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
export const MIN_PASSPHRASE_LENGTH = 12;

function passphraseKey(passphrase: string, salt: Buffer): Buffer {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) throw new SecretsError(`BACKUP_PASSPHRASE must be at least ${MIN_PASSPHRASE_LENGTH} characters.`);
  return scryptSync(passphrase, salt, 32, SCRYPT);
}

/** The secrets sealed with the operator's passphrase, as a small JSON document. */
export function sealSecrets(values: Partial<Record<SecretName, string>>, passphrase: string): Buffer {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', passphraseKey(passphrase, salt), iv);
  cipher.setAAD(Buffer.from(SEALED_FORMAT));
  const data = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
  const sealed = { format: SEALED_FORMAT, version: 1, kdf: { name: 'scrypt', N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p }, salt: salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  return Buffer.from(`${JSON.stringify(sealed, null, 2)}\n`);
}

export function openSecrets(sealed: Uint8Array, passphrase: string): Partial<Record<SecretName, string>> {
  const doc = JSON.parse(Buffer.from(sealed).toString('utf8')) as { format?: string; salt: string; iv: string; tag: string; data: string };
  if (doc.format !== SEALED_FORMAT) throw new SecretsError('The sealed secrets in this backup are in an unknown format.');
  try {
    const decipher = createDecipheriv('aes-256-gcm', passphraseKey(passphrase, Buffer.from(doc.salt, 'base64')), Buffer.from(doc.iv, 'base64'));
    decipher.setAAD(Buffer.from(SEALED_FORMAT));
    decipher.setAuthTag(Buffer.from(doc.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(doc.data, 'base64')), decipher.final()]).toString('utf8');
    return JSON.parse(plain) as Partial<Record<SecretName, string>>;
  } catch (error) {
    if (error instanceof SecretsError) throw error;
    throw new SecretsError('BACKUP_PASSPHRASE does not open the secrets sealed in this backup: it is not the passphrase the backup was taken with.');
  }
}

/**
 * Which secret the restored installation will run with, for each one the backup recorded: the
 * environment's when it matches, else the sealed copy's (written into DATA_DIR, as a laptop keeps
 * it). Refuses, naming every missing variable, when neither is there.
 */
export function resolveRestoredSecrets(
  checks: Partial<Record<SecretName, SecretCheck>>,
  sealed: Uint8Array | undefined,
  env: SecretEnv,
): { toWrite: Partial<Record<SecretName, string>>; fromEnvironment: SecretName[] } {
  const opened = sealed && env.BACKUP_PASSPHRASE ? openSecrets(sealed, env.BACKUP_PASSPHRASE) : undefined;
  const toWrite: Partial<Record<SecretName, string>> = {};
  const fromEnvironment: SecretName[] = [];
  const problems: string[] = [];
  for (const name of SECRET_NAMES) {
    const expected = checks[name];
    if (!expected) continue;
    const variable = BACKUP_SECRETS[name];
    const given = env[variable];
    if (given && secretCheck(given) === expected.check) {
      fromEnvironment.push(name);
      continue;
    }
    const copy = opened?.[name];
    if (copy && secretCheck(copy) === expected.check) {
      if (given) problems.push(`${variable} is set but is not the one this backup's data was encrypted with; unset it to use the backup's sealed copy, or set the right one.`);
      else toWrite[name] = copy;
      continue;
    }
    if (given) problems.push(`${variable} is set but is not the one this backup's data was encrypted with.`);
    else if (sealed && !env.BACKUP_PASSPHRASE) problems.push(`${variable} is not set: set it as on the original server, or set BACKUP_PASSPHRASE to take it from the backup's sealed copy.`);
    else problems.push(`${variable} is not set: set it to the value the original server used${expected.source === 'data-dir' ? ` (its DATA_DIR/${name} file)` : ''}.`);
  }
  if (problems.length) {
    throw new SecretsError(
      `The restored installation could not read its own data (two-factor sign-in, stored AI keys, SSO) without its secrets, so nothing was restored:\n  - ${problems.join('\n  - ')}`,
    );
  }
  return { toWrite, fromEnvironment };
}

/** Written by a restore next to the data: check values only, so a later start can tell a wrong secret. */
export const SECRET_CHECKS_FILE = 'secret-checks.json';

/**
 * At start: a restored installation refuses to run with other secrets than its data was encrypted
 * with (it would otherwise lock every admin out of two-factor and lose every stored AI key).
 */
export function assertSecretsMatch(dataDir: string, secrets: Record<(typeof BACKUP_SECRETS)[SecretName], string>): void {
  const file = path.join(dataDir, SECRET_CHECKS_FILE);
  if (!existsSync(file)) return;
  const checks = JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<SecretName, SecretCheck>>;
  const wrong = SECRET_NAMES.filter((name) => checks[name] && secretCheck(secrets[BACKUP_SECRETS[name]]) !== checks[name]?.check).map((name) => BACKUP_SECRETS[name]);
  if (wrong.length) {
    throw new SecretsError(
      `${wrong.join(' and ')} ${wrong.length > 1 ? 'are' : 'is'} not the secret this data was encrypted with (checked against ${file}). Set ${wrong.length > 1 ? 'them' : 'it'} to the original server's value; starting with another would lock admins out of two-factor sign-in and make stored AI keys unreadable.`,
    );
  }
}
