import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, signIn, TEST_PASSWORD } from '../test/test-app.js';
import type { TestDatabase } from '../test/test-database.js';
import { acquireLock } from '../lib/data-dir-lock.js';
import { openDatabase } from '../lib/database.js';
import { type BackupManifest, backupEmbedded, countRows, restoreEmbedded, startControlSocket } from './embedded-backup.js';
import { migrate } from '../lib/migrator.js';
import { createTarGz, readTarGz } from './tar.js';

const run = promisify(execFile);
const PASSPHRASE = 'the operator passphrase for these tests';
const root = mkdtempSync(path.join(os.tmpdir(), 'aigym-backup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs one of the real commands (`npm run backup` / `restore`) in its own process. */
function command(script: 'backup' | 'restore', args: string[], env: Record<string, string>) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.DATABASE_URL;
  return run(process.execPath, ['--import', 'tsx', `server/cli/${script}.ts`, ...args], { env: childEnv, timeout: 120_000 });
}

// Embedded only, whatever database the rest of the suite runs on: one run is enough.
describe.runIf(process.env.TEST_DB !== 'postgres')('backups of the embedded database', () => {
  it('a backup taken by the running server under write load restores to identical row counts, and the restored app signs in', async () => {
    const dataDir = path.join(root, 'live');
    const handle = await openDatabase({ pgliteDir: path.join(dataDir, 'pgdata') });
    await migrate(handle.pool);
    const lock = acquireLock(dataDir, 'server');
    const database: TestDatabase = { handle, drop: () => handle.close() };
    // Writers keep going for the whole backup (a first copy pass, then the locked one): past the API's per-minute limit.
    const t = await createTestApp({ DATA_DIR: dataDir, API_RATE_LIMIT_PER_MINUTE: '1000000' }, database);
    const control = await startControlSocket(dataDir, handle, t.app.log);
    mkdirSync(path.join(dataDir, 'uploads'), { recursive: true });
    writeFileSync(path.join(dataDir, 'uploads', 'thumb-1.png'), 'not really a png');

    const admin = await seedUser(database, { email: 'owner@example.com', role: 'admin' });
    const { auth } = await signIn(t.app, admin.email);
    const communities = async () => (await countRows(handle.pool, ['public.communities']))['public.communities'] ?? 0;
    const before = await communities();

    // Writers keep creating communities (each one a community row and its audit row, one transaction) until the backup is done.
    let writing = true;
    let written = 0;
    const writers = [0, 1].map(async (w) => {
      while (writing) {
        const response = await t.app.inject({ method: 'POST', url: '/api/communities', headers: auth, payload: { name: `Load ${w}-${written}` } });
        expect(response.statusCode).toBe(201);
        written += 1;
      }
    });
    while (written < 5) await new Promise((resolve) => setTimeout(resolve, 20));
    const file = path.join(root, 'live.tar.gz');
    // The generated ai-keys-secret travels sealed with the operator's passphrase (ADR 0038).
    const { stdout } = await command('backup', ['--out', file], { DATA_DIR: dataDir, BACKUP_PASSPHRASE: PASSPHRASE });
    writing = false;
    await Promise.all(writers);
    expect(stdout).toContain('taken by the running server');
    const after = await communities();
    await control.close();
    await t.close();
    lock.release();
    await handle.close();

    const entries = readTarGz(readFileSync(file));
    const manifest = JSON.parse(Buffer.from(entries.find((e) => e.name === 'manifest.json')?.data ?? []).toString()) as BackupManifest;
    // Streamed (format 2, issue 27): the database folder file by file, no whole-database tarball,
    // and the server's staged copy is gone once archived.
    expect(manifest.formatVersion).toBe(2);
    expect(entries.some((e) => e.name === 'pgdata/PG_VERSION')).toBe(true);
    expect(entries.some((e) => e.name === 'pgdata.tar.gz')).toBe(false);
    expect(readdirSync(dataDir).filter((name) => name.startsWith('backup-staging-'))).toEqual([]);
    // restore:check restores it into a scratch folder, counts included, and says so.
    const checked = await command('restore', ['--check', file], { BACKUP_PASSPHRASE: PASSPHRASE });
    expect(checked.stdout).toMatch(/restores/i);
    // Taken mid-load: some of the writes are in it, not all.
    const inBackup = manifest.counts['public.communities'] ?? 0;
    expect(inBackup).toBeGreaterThan(before);
    expect(inBackup).toBeLessThan(after);
    expect(manifest.uploads).toEqual(['thumb-1.png']);

    const restoredDir = path.join(root, 'restored');
    await command('restore', [file], { DATA_DIR: restoredDir, BACKUP_PASSPHRASE: PASSPHRASE });
    expect(readFileSync(path.join(restoredDir, 'uploads', 'thumb-1.png'), 'utf8')).toBe('not really a png');
    const restored = await openDatabase({ pgliteDir: path.join(restoredDir, 'pgdata') });
    const counts = await countRows(restored.pool, Object.keys(manifest.counts));
    expect(counts).toEqual(manifest.counts);
    // Each community was written with its audit row in one transaction: the snapshot has both or neither.
    const { rows } = await restored.pool.query<{ n: string }>(`select count(*)::text as n from audit_log where action = 'community.create'`);
    expect(Number(rows[0]?.n)).toBe(inBackup - before);

    const back = await createTestApp({ DATA_DIR: restoredDir }, { handle: restored, drop: () => restored.close() });
    try {
      const login = await back.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: admin.email, password: TEST_PASSWORD } });
      expect(login.statusCode).toBe(200);
      const list = await back.app.inject({ method: 'GET', url: '/api/communities?limit=100', headers: { authorization: `Bearer ${login.json<{ accessToken: string }>().accessToken}` } });
      expect(list.statusCode).toBe(200);
    } finally {
      await back.close();
    }
  }, 240_000);

  it('backs up a stopped installation directly, and refuses to restore it into a folder that is not empty or is in use', async () => {
    const dataDir = path.join(root, 'stopped');
    const handle = await openDatabase({ pgliteDir: path.join(dataDir, 'pgdata') });
    await migrate(handle.pool);
    await handle.close();
    const file = path.join(root, 'stopped.tar.gz');
    const manifest = await backupEmbedded({ dataDir, file });
    expect(manifest.online).toBe(false);
    expect(manifest.counts['public.users']).toBe(0);

    await expect(restoreEmbedded({ file, dataDir })).rejects.toThrow(/is not empty/);
    const busy = path.join(root, 'busy');
    const lock = acquireLock(busy, 'server');
    try {
      await expect(restoreEmbedded({ file, dataDir: busy })).rejects.toThrow(/in use by process/);
    } finally {
      lock.release();
    }
    await expect(restoreEmbedded({ file, dataDir: path.join(root, 'elsewhere'), databaseUrl: 'postgres://db/aigym' })).rejects.toThrow(/DATABASE_URL is set/);
  }, 120_000);

  it('refuses to back up an installation on a PostgreSQL server, or a folder with no embedded database', async () => {
    await expect(backupEmbedded({ dataDir: root, file: path.join(root, 'x.tar.gz'), databaseUrl: 'postgres://db/aigym' })).rejects.toThrow(/pg_dump/);
    await expect(backupEmbedded({ dataDir: path.join(root, 'nothing-here'), file: path.join(root, 'y.tar.gz') })).rejects.toThrow(/no embedded database/);
  });

  it('refuses a file that is not a backup, and a backup whose entries would land outside DATA_DIR', async () => {
    const junk = path.join(root, 'junk.tar.gz');
    writeFileSync(junk, 'hello');
    await expect(restoreEmbedded({ file: junk, dataDir: path.join(root, 'r1') })).rejects.toThrow(/not a gzipped archive/);
    const manifest = { format: 'aigym-embedded-backup', formatVersion: 1, takenAt: '', schemaVersion: 1, online: false, counts: {}, uploads: [], secrets: [] };
    for (const evil of ['uploads/../../escaped', 'secrets/../auth-secret', 'pgdata/PG_VERSION', '/etc/passwd']) {
      const forged = path.join(root, 'forged.tar.gz');
      writeFileSync(forged, createTarGz([{ name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest)) }, { name: 'pgdata.tar.gz', data: Buffer.from('x') }, { name: evil, data: Buffer.from('x') }]));
      const target = path.join(root, 'r2');
      await expect(restoreEmbedded({ file: forged, dataDir: target })).rejects.toThrow(/unexpected file/);
      expect(existsSync(target)).toBe(false);
    }
    expect(existsSync(path.join(root, 'escaped'))).toBe(false);
  });
});
