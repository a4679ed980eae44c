import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseEnv } from '../config.js';
import { acquireLock, readLock } from '../lib/data-dir-lock.js';
import { openDatabase } from '../lib/database.js';
import { backupToken } from '../modules/backup/backup.routes.js';
import { type BackupManifest, takeSnapshot } from '../modules/backup/snapshot.js';

/**
 * npm run backup [-- --out DIR]: a consistent snapshot of the embedded database plus the uploads.
 * With the server running, the server takes the snapshot (only the process holding the database
 * can); without it, this process opens the folder itself, holding the same lock the server takes.
 */

export class CliRefusal extends Error {}

async function snapshotFromServer(dataDir: string, port: number): Promise<{ archive: Buffer; manifest: BackupManifest }> {
  const response = await fetch(`http://127.0.0.1:${port}/api/internal/backup`, { method: 'POST', headers: { authorization: `Bearer ${backupToken(dataDir)}` } });
  if (!response.ok) throw new CliRefusal(`The running server (port ${port}) refused the backup: HTTP ${response.status} ${await response.text()}`);
  const header = response.headers.get('x-aigym-manifest');
  if (!header) throw new CliRefusal('The running server sent no manifest with the snapshot.');
  return { archive: Buffer.from(await response.arrayBuffer()), manifest: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as BackupManifest };
}

async function snapshotDirectly(dataDir: string): Promise<{ archive: Buffer; manifest: BackupManifest }> {
  const lock = acquireLock(dataDir, 'backup');
  try {
    const database = await openDatabase({ pgliteDir: path.join(dataDir, 'pgdata') });
    try {
      return await takeSnapshot(database);
    } finally {
      await database.close();
    }
  } finally {
    lock.release();
  }
}

export async function backup(env: Record<string, string | undefined>, outArg: string | undefined): Promise<{ out: string; manifest: BackupManifest }> {
  const config = parseEnv(env);
  if (config.DATABASE_URL) {
    throw new CliRefusal('DATABASE_URL is set: this installation uses a PostgreSQL server. Back it up with pg_dump (docs/deployment.md, "Backups").');
  }
  const dataDir = path.resolve(config.DATA_DIR);
  if (!existsSync(path.join(dataDir, 'pgdata', 'PG_VERSION'))) {
    throw new CliRefusal(`There is no embedded database in ${dataDir} (no pgdata/PG_VERSION). Set DATA_DIR to the folder the server uses.`);
  }
  const out = path.resolve(outArg ?? path.join('backups', `aigym-${new Date().toISOString().replaceAll(':', '-').replace(/\.\d+Z$/, 'Z')}`));
  if (existsSync(out) && readdirSync(out).length > 0) throw new CliRefusal(`${out} already exists and is not empty; choose a new folder.`);

  const server = readLock(dataDir);
  const snapshot =
    server?.purpose === 'server' && server.port ? await snapshotFromServer(dataDir, server.port) : server ? refuseBusy(dataDir, server.pid, server.purpose) : await snapshotDirectly(dataDir);
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'pgdata.tar.gz'), snapshot.archive);
  // After the database: upload files are written before the row that names them commits, so every
  // upload the snapshot refers to is already on disk.
  const uploads = path.join(dataDir, 'uploads');
  let uploadCount = 0;
  if (existsSync(uploads)) {
    cpSync(uploads, path.join(out, 'uploads'), { recursive: true });
    uploadCount = readdirSync(path.join(out, 'uploads'), { recursive: true }).length;
  }
  const manifest: BackupManifest = { ...snapshot.manifest, uploads: uploadCount };
  writeFileSync(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { out, manifest };
}

function refuseBusy(dataDir: string, pid: number, purpose: string): never {
  throw new CliRefusal(`The embedded database in ${dataDir} is in use by process ${pid} (${purpose}) that is not a listening server; try again when it has finished.`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const { out, manifest } = await backup(process.env, values.out);
  const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
  process.stdout.write(`Backup written to ${out}: schema version ${manifest.schemaVersion}, ${rows} rows in ${Object.keys(manifest.tables).length} tables, ${manifest.uploads ?? 0} uploads.\n`);
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof CliRefusal ? 'Backup refused: ' : 'Backup failed: '}${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof CliRefusal ? 2 : 1);
  });
}
