import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { parseEnv } from '../config.js';
import { acquireLock, readLock } from '../lib/data-dir-lock.js';
import { type BackupManifest, BACKUP_FORMAT, countRows } from '../modules/backup/snapshot.js';
import { CliRefusal } from './backup.js';

/**
 * npm run restore -- BACKUP_DIR: brings a backup made by `npm run backup` back into an empty
 * DATA_DIR, then checks every table has the row count the manifest recorded.
 */

const isEmptyDir = (dir: string) => !existsSync(dir) || readdirSync(dir).length === 0;

export async function restore(env: Record<string, string | undefined>, backupDir: string | undefined): Promise<BackupManifest> {
  const config = parseEnv(env);
  if (config.DATABASE_URL) throw new CliRefusal('DATABASE_URL is set: restore a PostgreSQL server with pg_restore; this command restores the embedded database.');
  if (!backupDir) throw new CliRefusal('Name the backup folder: npm run restore -- backups/aigym-…');
  const from = path.resolve(backupDir);
  const manifestFile = path.join(from, 'manifest.json');
  const archiveFile = path.join(from, 'pgdata.tar.gz');
  if (!existsSync(manifestFile) || !existsSync(archiveFile)) throw new CliRefusal(`${from} is not an AI GYM backup (it needs manifest.json and pgdata.tar.gz).`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT) throw new CliRefusal(`${from} is a backup in format ${String(manifest.format)}; this version reads format ${BACKUP_FORMAT}.`);

  const dataDir = path.resolve(config.DATA_DIR);
  const holder = readLock(dataDir);
  if (holder) throw new CliRefusal(`${dataDir} is in use by process ${holder.pid} (${holder.purpose}); stop it first.`);
  const pgdata = path.join(dataDir, 'pgdata');
  const uploads = path.join(dataDir, 'uploads');
  if (!isEmptyDir(pgdata) || !isEmptyDir(uploads)) {
    throw new CliRefusal(`${dataDir} already holds a database or uploads. Restore only into an empty DATA_DIR (move the current one aside first).`);
  }

  const lock = acquireLock(dataDir, 'restore');
  try {
    const db = await PGlite.create(pgdata, { loadDataDir: new Blob([readFileSync(archiveFile)]) });
    try {
      const counts = await countRows((text) => db.query<Record<string, unknown>>(text));
      const wrong = Object.entries(manifest.tables).filter(([table, n]) => counts[table] !== n);
      if (wrong.length > 0) {
        throw new Error(`The restored database does not match the backup: ${wrong.map(([t, n]) => `${t} has ${counts[t] ?? 'no table'} rows, expected ${n}`).join('; ')}`);
      }
    } finally {
      await db.close();
    }
    if (existsSync(path.join(from, 'uploads'))) cpSync(path.join(from, 'uploads'), uploads, { recursive: true });
  } finally {
    lock.release();
  }
  return manifest;
}

async function main(): Promise<void> {
  const manifest = await restore(process.env, process.argv[2]);
  process.stdout.write(`Restored: schema version ${manifest.schemaVersion}, ${Object.keys(manifest.tables).length} tables with the row counts of the backup, ${manifest.uploads ?? 0} uploads. Start the server as usual.\n`);
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof CliRefusal ? 'Restore refused: ' : 'Restore failed: '}${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof CliRefusal ? 2 : 1);
  });
}
