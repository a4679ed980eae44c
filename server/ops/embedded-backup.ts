import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import http from 'node:http';
import { promisify } from 'node:util';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyBaseLogger } from 'fastify';
import { BACKUP_SECRETS, currentSecrets, resolveRestoredSecrets, sealSecrets, SECRET_CHECKS_FILE, SECRET_NAMES, type SecretCheck, secretCheck, type SecretEnv, type SecretName, SecretsError } from './backup-secrets.js';
import { acquireLock, readLock } from '../lib/data-dir-lock.js';
import { tightenModes } from '../lib/private-files.js';
import type { DatabaseHandle } from '../lib/database.js';
import { type EntrySink, readTarGzStream, TarGzWriter } from './tar-stream.js';

/**
 * Backups of the embedded database (ADR 0023). PGlite is one session, so a dump taken while this
 * code holds the pool's only client falls between two transactions: it is consistent. A running
 * server takes it on request over a unix socket in DATA_DIR (whoever can reach the socket can read
 * the database files anyway); a stopped installation is dumped by the command itself.
 */
export const CONTROL_SOCKET = 'control.sock';
const execFileAsync = promisify(execFile);
/** Secrets older releases put in the archive in plain text; still restored from such archives. */
const SECRET_FILES = ['auth-secret', 'ai-keys-secret'] as const;
/** The secrets sealed with BACKUP_PASSPHRASE (server/ops/backup-secrets.ts). */
const SEALED_SECRETS = 'secrets.sealed.json';
const FORMAT = 'aigym-embedded-backup';

export class BackupError extends Error {
  override name = 'BackupError';
}

export interface Snapshot {
  takenAt: string;
  schemaVersion: number;
  /** Rows per table ("schema.table") at the moment of the copy. */
  counts: Record<string, number>;
  /** A copy of the database folder, taken while no transaction could run; the archive is written from it, then it is removed. */
  stagedDir: string;
}

export interface BackupManifest {
  format: typeof FORMAT;
  /** 1: the database as PGlite's own tarball (read whole); 2: its folder file by file, streamed (issue 27). */
  formatVersion: 1 | 2;
  /** Version 2: every folder of the database, so empty ones are recreated too. */
  pgdataDirs?: string[];
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

/** Every table of the application's schemas, as "schema.table", sorted; a partitioned table once, by its parent (its rows are read and written through it). */
export async function listTables(client: Queryable): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p') and not c.relispartition and n.nspname in ('public', 'app') order by 1`,
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

/** Every file under `root` (relative path → modification time in ms), folders included with -1. */
async function listFolder(root: string, relative = '', into = new Map<string, number>()): Promise<Map<string, number>> {
  for (const entry of await readdir(path.join(root, relative), { withFileTypes: true })) {
    const name = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      into.set(name, -1);
      await listFolder(root, name, into);
    } else if (entry.isFile()) {
      into.set(name, (await stat(path.join(root, name))).mtimeMs);
    }
  }
  return into;
}

/**
 * Brings `to` to the state of `from`: copies the files `needsCopy` names (the kernel's copy, no
 * bytes through this process's memory), creates folders, removes what `from` no longer has.
 */
async function syncFolder(from: string, to: string, needsCopy: (name: string, mtimeMs: number) => boolean): Promise<number> {
  const source = await listFolder(from);
  const copied: string[] = [];
  await mkdir(to, { recursive: true, mode: 0o700 });
  for (const [name, mtimeMs] of source) {
    if (mtimeMs < 0) await mkdir(path.join(to, name), { recursive: true, mode: 0o700 });
    else if (needsCopy(name, mtimeMs)) {
      await copyFile(path.join(from, name), path.join(to, name));
      copied.push(name);
    }
  }
  for (const name of [...(await listFolder(to)).keys()].reverse()) if (!source.has(name)) rmSync(path.join(to, name), { recursive: true, force: true });
  return copied.length;
}

/** Folders and files under `root`, relative to it, sorted (folders first). */
function walk(root: string, relative = ''): { dirs: string[]; files: string[] } {
  const dirs: string[] = [];
  const files: string[] = [];
  for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const name = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      dirs.push(name);
      const inner = walk(root, name);
      dirs.push(...inner.dirs);
      files.push(...inner.files);
    } else if (entry.isFile()) {
      files.push(name);
    }
  }
  return { dirs, files };
}

/**
 * A consistent snapshot of an open embedded database: a copy of its folder in `stagedDir`.
 * First a copy while the app runs (inconsistent, but most of the bytes); then, holding the pool's
 * only client (no transaction open or able to start) after a `CHECKPOINT` has written every page,
 * a second pass copies again every file modified since a second before the first pass began. Files
 * older than that were not written while they were copied, so the copy is exact, and requests wait
 * only for the few changed files (issue 27: a whole-database dump in memory took the server from
 * 254 MB to 3.2 GB and blocked it 30 s). The rows are counted later, on the copy (countSnapshot).
 */
export async function takeSnapshot(handle: DatabaseHandle, stagedDir: string): Promise<Snapshot> {
  const pglite = handle.pglite;
  if (!pglite?.dataDir) throw new BackupError('Only the embedded database in a folder can be snapshotted this way.');
  const source = pglite.dataDir.replace(/^file:\/\//, '');
  try {
    const firstPassFrom = Date.now() - 1_000;
    // The bulk copy in another process (cp): it competes with nothing on this event loop.
    mkdirSync(stagedDir, { recursive: true, mode: 0o700 });
    await execFileAsync('cp', ['-R', `${source}/.`, stagedDir]);
    const client = await handle.pool.connect();
    try {
      await client.query('CHECKPOINT');
      const version = await schemaVersion(client);
      const takenAt = new Date().toISOString();
      await syncFolder(source, stagedDir, (_name, mtimeMs) => mtimeMs >= firstPassFrom);
      return { takenAt, schemaVersion: version, counts: {}, stagedDir };
    } finally {
      client.release();
    }
  } catch (error) {
    rmSync(stagedDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Counts every table of a staged copy by opening it (in the backup command's process, not the
 * server's: the server's memory does not grow). Opening it also shuts it down cleanly, so the
 * archive holds a database that starts without recovery.
 */
export async function countSnapshot(snapshot: Snapshot): Promise<Snapshot> {
  const copy = new PGlite(snapshot.stagedDir);
  try {
    await copy.waitReady;
    return { ...snapshot, counts: await countRows(copy, await listTables(copy)) };
  } finally {
    await copy.close();
  }
}

/** Where a snapshot is staged: inside DATA_DIR (same disk, same private modes), removed once archived. */
const stagingDirOf = (dataDir: string) => path.join(dataDir, `backup-staging-${process.pid}-${Date.now()}`);

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
    takeSnapshot(handle, stagingDirOf(dataDir)).then(
      (snapshot) => {
        // The longest stall requests saw: the copy, not the archiving (the command does that).
        log.info({ event: 'backup.snapshot', durationMs: Date.now() - started, schemaVersion: snapshot.schemaVersion }, 'backup snapshot taken');
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...snapshot, stagedDir: path.basename(snapshot.stagedDir) }));
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
        if (!String(response.headers['content-type']).startsWith('application/json')) {
          return reject(new BackupError('The running server is an older release that takes backups in memory: upgrade it, or stop it and run the backup again.'));
        }
        const snapshot = JSON.parse(body.toString('utf8')) as Snapshot;
        // Only a folder name inside DATA_DIR is accepted from the socket.
        if (!/^backup-staging-[0-9]+-[0-9]+$/.test(snapshot.stagedDir)) return reject(new BackupError('The running server answered an unexpected snapshot.'));
        resolve({ ...snapshot, stagedDir: path.join(dataDir, snapshot.stagedDir) });
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

/**
 * Writes the archive for a snapshot, streamed (bounded memory at any size): the manifest and sealed
 * secrets first (a restore checks them before writing anything), the database folder file by file,
 * then the uploads on disk now. The staged copy is removed whatever happens.
 */
export async function writeBackup(file: string, dataDir: string, staged: Snapshot, online: boolean, env: SecretEnv = {}): Promise<BackupManifest> {
  const partial = `${file}.partial`;
  try {
    const snapshot = await countSnapshot(staged);
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
    const pgdata = walk(snapshot.stagedDir);
    const manifest: BackupManifest = {
      format: FORMAT,
      formatVersion: 2,
      pgdataDirs: pgdata.dirs,
      takenAt: snapshot.takenAt,
      schemaVersion: snapshot.schemaVersion,
      online,
      counts: snapshot.counts,
      uploads,
      secrets: [],
      secretChecks,
      secretsSealed: Boolean(sealed),
    };
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
    const writer = new TarGzWriter(partial);
    try {
      await writer.addBuffer('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
      if (sealed) await writer.addBuffer(SEALED_SECRETS, sealed);
      for (const name of pgdata.files) await writer.addFile(`pgdata/${name}`, path.join(snapshot.stagedDir, name));
      for (const name of uploads) await writer.addFile(`uploads/${name}`, path.join(uploadsDir, name));
      await writer.finish();
    } catch (error) {
      writer.destroy();
      rmSync(partial, { force: true });
      throw error;
    }
    renameSync(partial, file);
    return manifest;
  } finally {
    rmSync(staged.stagedDir, { recursive: true, force: true });
  }
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
    return await writeBackup(file, dataDir, await requestSnapshot(dataDir), true, options.env);
  }
  const lock = acquireLock(dataDir, 'backup');
  try {
    const { openDatabase } = await import('../lib/database.js');
    const handle = await openDatabase({ pgliteDir: pgdataDir });
    try {
      return await writeBackup(file, dataDir, await takeSnapshot(handle, stagingDirOf(dataDir)), false, options.env);
    } finally {
      await handle.close();
    }
  } finally {
    lock.release();
  }
}

function parseManifest(raw: Buffer): BackupManifest {
  let manifest: Partial<BackupManifest>;
  try {
    manifest = JSON.parse(raw.toString('utf8')) as Partial<BackupManifest>;
  } catch {
    throw new BackupError('This file is not an AI GYM backup (its manifest.json is not readable).');
  }
  if (manifest.format !== FORMAT) throw new BackupError('This file is not an AI GYM embedded-database backup.');
  if (manifest.formatVersion !== 1 && manifest.formatVersion !== 2) throw new BackupError(`This backup has format version ${String(manifest.formatVersion)}; this release reads versions 1 and 2.`);
  return manifest as BackupManifest;
}

/** A relative path of the database folder as named in an archive: plain segments only. */
const isPgdataPath = (relative: string) => relative.length > 0 && relative.split('/').every((part) => /^[A-Za-z0-9._-]{1,64}$/.test(part) && part !== '.' && part !== '..');

/** `npm run restore`: brings a backup back into an empty DATA_DIR, checking every table's count. Streamed: memory stays small at any size. */
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

  const created = !existsSync(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lock = acquireLock(dataDir, 'restore');
  const pgdataDir = path.join(dataDir, 'pgdata');
  const pendingExtras = new Map<string, Buffer>();
  let manifest: BackupManifest | null = null;
  let sealedSecrets: Buffer | undefined;
  let legacyPgdata: Buffer | null = null;
  let restoredSecrets: ReturnType<typeof resolveRestoredSecrets> | null = null;
  const extras: string[] = [];
  // Before anything is written: a restore that could not read its own data is refused, loudly.
  const secretsChecked = () => {
    if (!manifest) throw new BackupError('This file is not an AI GYM backup (it has no manifest.json).');
    restoredSecrets ??= resolveRestoredSecrets(manifest.secretChecks ?? {}, sealedSecrets, options.env ?? {});
    return manifest;
  };
  const unexpected = (name: string) => new BackupError(`The backup holds an unexpected file "${name}"; refusing to restore it.`);
  try {
    try {
      await readTarGzStream(file, (name): EntrySink => {
        if (name === 'manifest.json') return { kind: 'buffer', done: (data) => void (manifest = parseManifest(data)) };
        if (name === SEALED_SECRETS) return { kind: 'buffer', done: (data) => void (sealedSecrets = data) };
        if (name === 'pgdata.tar.gz' && manifest?.formatVersion !== 2) return { kind: 'buffer', done: (data) => void (legacyPgdata = data) };
        const [folder, rest = ''] = [name.slice(0, name.indexOf('/')), name.slice(name.indexOf('/') + 1)];
        if (folder === 'pgdata' && manifest?.formatVersion === 2 && isPgdataPath(rest)) {
          const current = secretsChecked();
          if (!existsSync(pgdataDir)) for (const dir of ['', ...(current.pgdataDirs ?? []).filter(isPgdataPath)]) mkdirSync(path.join(pgdataDir, dir), { recursive: true, mode: 0o700 });
          mkdirSync(path.dirname(path.join(pgdataDir, rest)), { recursive: true, mode: 0o700 });
          return { kind: 'stream', stream: createWriteStream(path.join(pgdataDir, rest), { mode: 0o600 }) };
        }
        const allowed = !rest.includes('/') && ((folder === 'uploads' && isUploadName(rest)) || (folder === 'secrets' && (SECRET_FILES as readonly string[]).includes(rest)));
        if (!allowed) throw unexpected(name);
        extras.push(name);
        // Kept in memory until the database has been checked (uploads are at most 20 MB each).
        return { kind: 'buffer', done: (data) => void pendingExtras.set(name, data) };
      });
    } catch (error) {
      // A refusal of our own (secrets that do not match) keeps its type: callers tell it apart.
      if (error instanceof BackupError || error instanceof SecretsError) throw error;
      throw new BackupError(error instanceof Error ? error.message : String(error));
    }
    const current = secretsChecked();
    if (current.formatVersion === 1) {
      if (!legacyPgdata) throw new BackupError('The backup has no database (pgdata.tar.gz is missing).');
      const legacy = new PGlite(pgdataDir, { loadDataDir: new Blob([legacyPgdata]) });
      await legacy.waitReady;
      await legacy.close();
    } else if (!existsSync(path.join(pgdataDir, 'PG_VERSION'))) {
      throw new BackupError('The backup has no database (its pgdata folder is missing).');
    }
    const pglite = new PGlite(pgdataDir);
    try {
      await pglite.waitReady;
      const tables = Object.keys(current.counts);
      const counts = await countRows(pglite, tables);
      const wrong = tables.filter((t) => counts[t] !== current.counts[t]);
      if (wrong.length) throw new BackupError(`The restored database does not match the backup's counts for ${wrong.join(', ')}.`);
    } finally {
      await pglite.close();
    }
    for (const name of extras) {
      const [folder, base = ''] = name.split('/');
      const target = folder === 'uploads' ? path.join(dataDir, 'uploads', base) : path.join(dataDir, base);
      mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      writeFileSync(target, pendingExtras.get(name) ?? Buffer.alloc(0), { mode: 0o600 });
    }
    const secrets = restoredSecrets ?? resolveRestoredSecrets(current.secretChecks ?? {}, sealedSecrets, options.env ?? {});
    for (const [name, value] of Object.entries(secrets.toWrite)) writeFileSync(path.join(dataDir, name), value, { mode: 0o600 });
    // Check values only: the server refuses to start on this data with other secrets (assertSecretsMatch).
    if (current.secretChecks && Object.keys(current.secretChecks).length) writeFileSync(path.join(dataDir, SECRET_CHECKS_FILE), JSON.stringify(current.secretChecks, null, 2), { mode: 0o600 });
    // PGlite wrote the database files with its default 0666: the restored copy is private like the original.
    tightenModes(dataDir);
    lock.release();
    return { ...current, secretsFromEnvironment: secrets.fromEnvironment, secretsWritten: Object.keys(secrets.toWrite) as SecretName[] };
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
