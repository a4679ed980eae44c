import path from 'node:path';
import { ConfigError, parseEnv } from '../config.js';
import { BackupError, restoreEmbedded } from '../lib/embedded-backup.js';
import { usePrivateFileModes } from '../lib/private-files.js';

/** `npm run restore -- backup.tar.gz`: brings a backup back into an empty DATA_DIR. */
async function run(): Promise<void> {
  usePrivateFileModes();
  const file = process.argv[2];
  if (!file) throw new BackupError('Name the backup to restore: npm run restore -- aigym-backup-….tar.gz');
  const env = parseEnv(process.env);
  const manifest = await restoreEmbedded({ file: path.resolve(file), dataDir: env.DATA_DIR, databaseUrl: env.DATABASE_URL });
  const rows = Object.values(manifest.counts).reduce((a, b) => a + b, 0);
  process.stdout.write(
    `Restored the backup of ${manifest.takenAt} into ${path.resolve(env.DATA_DIR)}\n  schema version ${manifest.schemaVersion}, ${Object.keys(manifest.counts).length} tables and ${rows} rows checked, ${manifest.uploads.length} uploads\n  Sessions in the backup are still valid; start the app with npm start.\n`,
  );
}

run().catch((error: unknown) => {
  const expected = error instanceof ConfigError || error instanceof BackupError;
  process.stderr.write(`restore refused: ${expected ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
