import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyBaseLogger } from 'fastify';
import { BACKUP_SECRETS, currentSecrets, resolveRestoredSecrets, sealSecrets, SECRET_CHECKS_FILE, SECRET_NAMES, type SecretCheck, secretCheck, type SecretEnv, type SecretName } from './backup-secrets.js';
import { acquireLock, readLock } from './data-dir-lock.js';
import { tightenModes } from './private-files.js';
import type { DatabaseHandle } from './database.js';
import { createTarGz, readTarGz, type TarEntry } from './tar.js';

/**
 * Backups of the embedded database (ADR 0023). PGlite is one session, so a dump taken while this
 * code holds the pool's only client falls between two transactions: it is consistent. A running
 * server takes it on request over a unix socket in DATA_DIR (whoever can reach the socket can read
 * the database files anyway); a stopped installation is dumped by the command itself.
 */
export const CONTROL_SOCKET = 'control.sock';
/** Secrets older releases put in the archive in plain text; still restored from such archives. */
const SECRET_FILES = ['auth-secret', 'ai-keys-secret'] as const;
/** The secrets sealed with BACKUP_PASSPHRASE (server/lib/backup-secrets.ts). */
const SEALED_SECRETS = 'secrets.sealed.json';
const FORMAT = 'aigym-embedded-backup';

export class BackupError extends Error {
  override name = 'BackupError';
}

export interface Snapshot {
  takenAt: string;
  schemaVersion: number;
  /** Rows per table ("schema.table") at the moment of the dump. */
  counts: Record<string, number>;
  /** PGlite's own gzipped tarball of its data folder. */
  pgdata: Uint8Array;
}

export interface BackupManifest {
  format: typeof FORMAT;
  formatVersion: 1;
  takenAt: string;
  schemaVersion: number;
  /** True when the server was running and took the snapshot itself. */
  online: boolean;
  counts: Record<string, number>;
  uploads: string[];
  /** Plain-text secret files (older releases only; now always empty). */
  secrets: string[];
  /** Check values of the secrets the data needs (ADR 0038); absent in older backups. */
  secretChecks?: Partial<Record<SecretName, SecretCheck>>;
  /** True when the secrets are in the archive, sealed with the operator's BACKUP_PASSPHRASE. */
  secretsSealed?: boolean;
}

export interface RestoreResult extends BackupManifest {
  /** Secrets the restored installation takes from its environment (they matched). */
  secretsFromEnvironment: SecretName[];
  /** Secrets written into DATA_DIR from the sealed copy. */
  secretsWritten: SecretName[];
}

/** A pg client or a PGlite instance: both answer `query(text)` with `{ rows }`. */
export interface Queryable {
  query<R>(text: string): Promise<{ rows: R[] }>;
}

/** Every ordinary table of the application's schemas, as "schema.table", sorted. */
export async function listTables(client: Queryable): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p') and n.nspname in ('public', 'app') order by 1`,
  );
  return rows.map((r) => r.name);
}

const quoteName = (qualified: string) =>
  qualified
    .split('.')
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join('.');

/** Exact row counts of `tables`; run as a role that row-level security does not filter (the owner). */
export async function countRows(client: Queryable, tables: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await client.query<{ n: string }>(`select count(*)::text as n from ${quoteName(table)}`);
    counts[table] = Number(rows[0]?.n ?? 0);
  }
  return counts;
}

async function schemaVersion(client: Queryable): Promise<number> {
  const { rows } = await client.query<{ v: string | null }>(`select max(version)::text as v from public.schemaversion`);
  return Number(rows[0]?.v ?? 0);
}

/** A consistent snapshot of an open embedded database; requests queue for its duration. */
export async function takeSnapshot(handle: DatabaseHandle): Promise<Snapshot> {
  const pglite = handle.pglite;
  if (!pglite) throw new BackupError('Only the embedded database can be snapshotted this way.');
  // The pool's only client: while we hold it, no transaction of the app is open or can start.
  const client = await handle.pool.connect();
  try {
    await client.query('CHECKPOINT');
    const counts = await countRows(client, await listTables(client));
    const version = await schemaVersion(client);
    const takenAt = new Date().toISOString();
    const dump = await pglite.dumpDataDir('gzip');
    return { takenAt, schemaVersion: version, counts, pgdata: new Uint8Array(await dump.arrayBuffer()) };
  } finally {
    client.release();
  }
}

/** The running server's side: answers `POST /snapshot` on DATA_DIR/control.sock. */
export async function startControlSocket(dataDir: string, handle: DatabaseHandle, log: FastifyBaseLogger): Promise<{ close(): Promise<void> }> {
  const socketPath = path.resolve(dataDir, CONTROL_SOCKET);
  // The server holds the data-dir lock, so a socket file left here is a crashed run's.
  if (existsSync(socketPath)) unlinkSync(socketPath);
  const server = http.createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/snapshot') {
      response.writeHead(404).end();
      return;
    }
    const started = Date.now();
    takeSnapshot(handle).then(
      (snapshot) => {
        log.info({ event: 'backup.snapshot', durationMs: Date.now() - started, bytes: snapshot.pgdata.length, schemaVersion: snapshot.schemaVersion }, 'backup snapshot taken');
        const { pgdata, ...meta } = snapshot;
        response.writeHead(200, { 'content-type': 'application/gzip', 'x-aigym-snapshot': JSON.stringify(meta) }).end(pgdata);
      },
      (err: unknown) => {
        log.error({ err, event: 'backup.snapshot_failed' }, 'backup snapshot failed');
        response.writeHead(500, { 'content-type': 'text/plain' }).end(err instanceof Error ? err.message : 'snapshot failed');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Created private: only the server's own user may ask for a snapshot.
    const mask = process.umask(0o177);
    server.listen(socketPath, () => {
      process.umask(mask);
      resolve();
    });
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(socketPath, { force: true });
      }),
  };
}

/** The command's side: asks the running server for a snapshot. */
export function requestSnapshot(dataDir: string): Promise<Snapshot> {
  const socketPath = path.resolve(dataDir, CONTROL_SOCKET);
  return new Promise((resolve, reject) => {
    const request = http.request({ socketPath, method: 'POST', path: '/snapshot' }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const body = Buffer.concat(chunks);
        if (response.statusCode !== 200) return reject(new BackupError(`The running server could not take the snapshot: ${body.toString('utf8')}`));
        const meta = JSON.parse(String(response.headers['x-aigym-snapshot'] ?? '{}')) as Omit<Snapshot, 'pgdata'>;
        resolve({ ...meta, pgdata: body });
      });
    });
    request.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        new BackupError(
          `The server running on ${dataDir} did not answer on ${socketPath} (${error.code ?? error.message}). Stop it and run the backup again, or upgrade it to a release with online backups.`,
        ),
      ),
    );
    request.end();
  });
}

const isUploadName = (name: string) => /^[A-Za-z0-9._-]{1,92}$/.test(name) && name !== '.' && name !== '..';

/** Writes the archive for a snapshot: the database first, then the uploads and secrets on disk now. */
export function writeBackup(file: string, dataDir: string, snapshot: Snapshot, online: boolean, env: SecretEnv = {}): BackupManifest {
  // Uploads are written before the row that names them, and never rewritten: read after the
  // snapshot, the folder holds every file the snapshot refers to (and maybe a few newer ones).
  const uploadsDir = path.join(dataDir, 'uploads');
  const uploads = existsSync(uploadsDir) ? readdirSync(uploadsDir).filter((name) => isUploadName(name) && statSync(path.join(uploadsDir, name)).isFile()).sort() : [];
  // Never in plain text next to the data they decrypt: a check value each, and the secrets sealed
  // with the operator's passphrase when there is one.
  const secrets = currentSecrets(dataDir, env);
  const secretChecks: Partial<Record<SecretName, SecretCheck>> = {};
  const values: Partial<Record<SecretName, string>> = {};
  for (const name of SECRET_NAMES) {
    const secret = secrets[name];
    if (!secret) continue;
    secretChecks[name] = { source: secret.source, check: secretCheck(secret.value) };
    values[name] = secret.value;
  }
  const sealed = env.BACKUP_PASSPHRASE && Object.keys(values).length > 0 ? sealSecrets(values, env.BACKUP_PASSPHRASE) : undefined;
  const manifest: BackupManifest = { format: FORMAT, formatVersion: 1, takenAt: snapshot.takenAt, schemaVersion: snapshot.schemaVersion, online, counts: snapshot.counts, uploads, secrets: [], secretChecks, secretsSealed: Boolean(sealed) };
  const entries: TarEntry[] = [
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    { name: 'pgdata.tar.gz', data: snapshot.pgdata },
    ...uploads.map((name) => ({ name: `uploads/${name}`, data: readFileSync(path.join(uploadsDir, name)), mode: 0o600 })),
    ...(sealed ? [{ name: SEALED_SECRETS, data: sealed }] : []),
  ];
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  const partial = `${file}.partial`;
  writeFileSync(partial, createTarGz(entries), { mode: 0o600 });
  renameSync(partial, file);
  return manifest;
}

/**
 * `npm run backup`: online through the running server when there is one, else directly under the
 * data-dir lock.
 */
export async function backupEmbedded(options: { dataDir: string; file: string; databaseUrl?: string | undefined; env?: SecretEnv }): Promise<BackupManifest> {
  const { dataDir, file } = options;
  if (options.databaseUrl) {
    throw new BackupError(
      'This installation uses a PostgreSQL server (DATABASE_URL is set): back it up with pg_dump -Fc (see docs/deployment.md, "Backups"). npm run backup is for the embedded database.',
    );
  }
  const pgdataDir = path.join(dataDir, 'pgdata');
  if (!existsSync(path.join(pgdataDir, 'PG_VERSION'))) throw new BackupError(`There is no embedded database in ${path.resolve(dataDir)}: check DATA_DIR.`);
  const holder = readLock(dataDir);
  if (holder && holder.pid !== process.pid) {
    if (holder.purpose !== 'server') throw new BackupError(`${path.resolve(dataDir)} is busy (${holder.purpose}, process ${holder.pid}); try again when it has finished.`);
    return writeBackup(file, dataDir, await requestSnapshot(dataDir), true, options.env);
  }
  const lock = acquireLock(dataDir, 'backup');
  try {
    const { openDatabase } = await import('./database.js');
    const handle = await openDatabase({ pgliteDir: pgdataDir });
    try {
      return writeBackup(file, dataDir, await takeSnapshot(handle), false, options.env);
    } finally {
      await handle.close();
    }
  } finally {
    lock.release();
  }
}

function parseManifest(entries: TarEntry[]): BackupManifest {
  const raw = entries.find((e) => e.name === 'manifest.json');
  if (!raw) throw new BackupError('This file is not an AI GYM backup (it has no manifest.json).');
  const manifest = JSON.parse(Buffer.from(raw.data).toString('utf8')) as Partial<BackupManifest>;
  if (manifest.format !== FORMAT) throw new BackupError('This file is not an AI GYM embedded-database backup.');
  if (manifest.formatVersion !== 1) throw new BackupError(`This backup has format version ${String(manifest.formatVersion)}; this release reads version 1.`);
  return manifest as BackupManifest;
}

/** `npm run restore`: brings a backup back into an empty DATA_DIR, checking every table's count. */
export async function restoreEmbedded(options: { file: string; dataDir: string; databaseUrl?: string | undefined; env?: SecretEnv }): Promise<RestoreResult> {
  const { file, dataDir } = options;
  if (options.databaseUrl) {
    throw new BackupError('DATABASE_URL is set: a backup of the embedded database is restored into DATA_DIR without it. To move to a PostgreSQL server, restore first, then run npm run db:move-to-server.');
  }
  const holder = readLock(dataDir);
  if (holder) throw new BackupError(`${path.resolve(dataDir)} is in use by process ${holder.pid} (${holder.purpose}): stop it first. A restore goes into an empty DATA_DIR.`);
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new BackupError(`${path.resolve(dataDir)} is not empty: restore into an empty DATA_DIR (a restore never overwrites an installation). Move the old folder aside first.`);
  }
  if (!existsSync(file)) throw new BackupError(`There is no backup file at ${file}.`);
  const entries = readTarGz(readFileSync(file));
  const manifest = parseManifest(entries);
  const pgdata = entries.find((e) => e.name === 'pgdata.tar.gz');
  if (!pgdata) throw new BackupError('The backup has no database (pgdata.tar.gz is missing).');
  const extras = entries.filter((e) => !['manifest.json', 'pgdata.tar.gz', SEALED_SECRETS].includes(e.name));
  for (const entry of extras) {
    const [folder, name = '', ...rest] = entry.name.split('/');
    const allowed = rest.length === 0 && ((folder === 'uploads' && isUploadName(name)) || (folder === 'secrets' && (SECRET_FILES as readonly string[]).includes(name)));
    if (!allowed) throw new BackupError(`The backup holds an unexpected file "${entry.name}"; refusing to restore it.`);
  }
  // Before anything is written: a restore that could not read its own data is refused, loudly.
  const restoredSecrets = resolveRestoredSecrets(manifest.secretChecks ?? {}, entries.find((e) => e.name === SEALED_SECRETS)?.data, options.env ?? {});

  const created = !existsSync(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lock = acquireLock(dataDir, 'restore');
  try {
    const pglite = new PGlite(path.join(dataDir, 'pgdata'), { loadDataDir: new Blob([Buffer.from(pgdata.data)]) });
    try {
      await pglite.waitReady;
      const tables = Object.keys(manifest.counts);
      const counts = await countRows(pglite, tables);
      const wrong = tables.filter((t) => counts[t] !== manifest.counts[t]);
      if (wrong.length) throw new BackupError(`The restored database does not match the backup's counts for ${wrong.join(', ')}.`);
    } finally {
      await pglite.close();
    }
    for (const entry of extras) {
      const [folder, name = ''] = entry.name.split('/');
      const target = folder === 'uploads' ? path.join(dataDir, 'uploads', name) : path.join(dataDir, name);
      mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      writeFileSync(target, entry.data, { mode: 0o600 });
    }
    for (const [name, value] of Object.entries(restoredSecrets.toWrite)) writeFileSync(path.join(dataDir, name), value, { mode: 0o600 });
    // Check values only: the server refuses to start on this data with other secrets (assertSecretsMatch).
    if (manifest.secretChecks && Object.keys(manifest.secretChecks).length) writeFileSync(path.join(dataDir, SECRET_CHECKS_FILE), JSON.stringify(manifest.secretChecks, null, 2), { mode: 0o600 });
    // PGlite wrote the database files with its default 0666: the restored copy is private like the original.
    tightenModes(dataDir);
    lock.release();
    return { ...manifest, secretsFromEnvironment: restoredSecrets.fromEnvironment, secretsWritten: Object.keys(restoredSecrets.toWrite) as SecretName[] };
  } catch (error) {
    lock.release();
    // Nothing was there before: leave nothing half-restored.
    for (const name of readdirSync(dataDir)) rmSync(path.join(dataDir, name), { recursive: true, force: true });
    if (created) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * `npm run restore:check -- file`: restores the archive into a private temporary folder — every
 * table's count, every upload, the secrets it needs (from the environment or its sealed copy) — and
 * removes it. What passes here restores.
 */
export async function checkBackup(options: { file: string; env?: SecretEnv }): Promise<RestoreResult> {
  const { mkdtempSync } = await import('node:fs');
  const os = await import('node:os');
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'aigym-restore-check-'));
  try {
    return await restoreEmbedded({ file: options.file, dataDir: path.join(scratch, 'data'), ...(options.env ? { env: options.env } : {}) });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The variable names of the secrets a backup needs, for messages. */
export const secretVariables = (names: SecretName[]): string => names.map((name) => BACKUP_SECRETS[name]).join(', ');
