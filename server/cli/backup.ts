import path from 'node:path';
import { ConfigError, parseEnv } from '../config.js';
import { BackupError, backupEmbedded } from '../lib/embedded-backup.js';
import { usePrivateFileModes } from '../lib/private-files.js';

/** `npm run backup [-- --out file.tar.gz]`: a consistent snapshot of the embedded database and uploads, while the app runs. */
async function run(): Promise<void> {
  usePrivateFileModes();
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const env = parseEnv(process.env);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.resolve(outIndex >= 0 ? (args[outIndex + 1] ?? '') : `aigym-backup-${stamp}.tar.gz`);
  const started = Date.now();
  const manifest = await backupEmbedded({ dataDir: env.DATA_DIR, file, databaseUrl: env.DATABASE_URL });
  const rows = Object.values(manifest.counts).reduce((a, b) => a + b, 0);
  process.stdout.write(
    `Backup written to ${file}\n  ${manifest.online ? 'taken by the running server' : 'taken directly (no server was running)'} at ${manifest.takenAt}\n  schema version ${manifest.schemaVersion}, ${Object.keys(manifest.counts).length} tables, ${rows} rows, ${manifest.uploads.length} uploads, in ${Date.now() - started} ms\n`,
  );
}

run().catch((error: unknown) => {
  const expected = error instanceof ConfigError || error instanceof BackupError;
  process.stderr.write(`backup refused: ${expected ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
