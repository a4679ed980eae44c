import path from 'node:path';
import { ConfigError, parseEnv } from '../config.js';
import { SecretsError } from '../ops/backup-secrets.js';
import { BackupError, checkBackup, restoreEmbedded, secretVariables } from '../ops/embedded-backup.js';
import { usePrivateFileModes } from '../lib/private-files.js';

/**
 * `npm run restore -- backup.tar.gz`: brings a backup back into an empty DATA_DIR.
 * `npm run restore:check -- backup.tar.gz` (or `restore -- --check file`): restores it into a
 * temporary folder, verifies everything, and removes it.
 */
async function run(): Promise<void> {
  usePrivateFileModes();
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const file = args.find((arg) => !arg.startsWith('--'));
  if (!file) throw new BackupError(`Name the backup to ${check ? 'check' : 'restore'}: npm run ${check ? 'restore:check' : 'restore'} -- aigym-backup-….tar.gz`);
  const env = parseEnv(process.env);
  const secrets = { AUTH_SECRET: env.AUTH_SECRET, AI_KEYS_SECRET: env.AI_KEYS_SECRET, BACKUP_PASSPHRASE: process.env.BACKUP_PASSPHRASE };
  const result = check ? await checkBackup({ file: path.resolve(file), env: secrets }) : await restoreEmbedded({ file: path.resolve(file), dataDir: env.DATA_DIR, databaseUrl: env.DATABASE_URL, env: secrets });
  const rows = Object.values(result.counts).reduce((a, b) => a + b, 0);
  const lines = [
    check ? `The backup of ${result.takenAt} restores: checked in a temporary folder, now removed` : `Restored the backup of ${result.takenAt} into ${path.resolve(env.DATA_DIR)}`,
    `  schema version ${result.schemaVersion}, ${Object.keys(result.counts).length} tables and ${rows} rows checked, ${result.uploads.length} uploads`,
  ];
  if (result.secretsFromEnvironment.length) lines.push(`  ${secretVariables(result.secretsFromEnvironment)} from the environment match the data: keep ${result.secretsFromEnvironment.length > 1 ? 'them' : 'it'} set when you start the app`);
  if (result.secretsWritten.length) lines.push(`  ${secretVariables(result.secretsWritten)} taken from the backup's sealed copy${check ? '' : ` into ${path.resolve(env.DATA_DIR)}`}`);
  if (!check) lines.push('  Sessions in the backup are still valid; start the app with npm start.');
  process.stdout.write(`${lines.join('\n')}\n`);
}

run().catch((error: unknown) => {
  const expected = error instanceof ConfigError || error instanceof BackupError || error instanceof SecretsError;
  process.stderr.write(`restore refused: ${expected ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
