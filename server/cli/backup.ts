import path from 'node:path';
import { ConfigError, parseEnv } from '../config.js';
import { SecretsError } from '../ops/backup-secrets.js';
import { BackupError, backupEmbedded, secretVariables } from '../ops/embedded-backup.js';
import { usePrivateFileModes } from '../lib/private-files.js';

/**
 * `npm run backup [-- --out file.tar.gz]`: a consistent snapshot of the embedded database and uploads,
 * while the app runs. With BACKUP_PASSPHRASE the secrets the data needs travel in it, sealed with that
 * passphrase; without, the restore will need them in its environment (ADR 0038).
 */
async function run(): Promise<void> {
  usePrivateFileModes();
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const env = parseEnv(process.env);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.resolve(outIndex >= 0 ? (args[outIndex + 1] ?? '') : `aigym-backup-${stamp}.tar.gz`);
  const started = Date.now();
  const manifest = await backupEmbedded({
    dataDir: env.DATA_DIR,
    file,
    databaseUrl: env.DATABASE_URL,
    env: { AUTH_SECRET: env.AUTH_SECRET, AI_KEYS_SECRET: env.AI_KEYS_SECRET, BACKUP_PASSPHRASE: process.env.BACKUP_PASSPHRASE },
  });
  const rows = Object.values(manifest.counts).reduce((a, b) => a + b, 0);
  const needed = Object.keys(manifest.secretChecks ?? {}) as Array<keyof NonNullable<typeof manifest.secretChecks>>;
  process.stdout.write(
    `Backup written to ${file}\n  ${manifest.online ? 'taken by the running server' : 'taken directly (no server was running)'} at ${manifest.takenAt}\n  schema version ${manifest.schemaVersion}, ${Object.keys(manifest.counts).length} tables, ${rows} rows, ${manifest.uploads.length} uploads, in ${Date.now() - started} ms\n` +
      (manifest.secretsSealed ? `  ${secretVariables(needed)} sealed in it with BACKUP_PASSPHRASE (keep the passphrase apart from the backups)\n` : ''),
  );
  if (!manifest.secretsSealed && needed.length) {
    process.stderr.write(
      `\n  WARNING: this backup does not contain ${secretVariables(needed)}. Without ${needed.length > 1 ? 'them' : 'it'}, a restore refuses to run: stored AI keys, two-factor and SSO secrets could not be read.\n  Keep ${needed.length > 1 ? 'them' : 'it'} in your secret store, or set BACKUP_PASSPHRASE to seal ${needed.length > 1 ? 'them' : 'it'} into each backup.\n\n`,
    );
  }
}

run().catch((error: unknown) => {
  const expected = error instanceof ConfigError || error instanceof BackupError || error instanceof SecretsError;
  process.stderr.write(`backup refused: ${expected ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
