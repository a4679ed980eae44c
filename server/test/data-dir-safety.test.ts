import { execFile, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { sparePort } from '../../scripts/staging-local.js';
import { acquireLock } from '../lib/data-dir-lock.js';

const execFileAsync = promisify(execFile);
const root = mkdtempSync(path.join(os.tmpdir(), 'aigym-safety-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs one of the real commands in its own process, on the embedded database of `dataDir`. */
async function command(script: string, args: string[], dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development' };
  delete env.DATABASE_URL;
  delete env.MIGRATION_DATABASE_URL;
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, ['--import', 'tsx', `server/cli/${script}.ts`, ...args], { env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** Every file and folder under `dir` that someone other than the owner could read. */
function readableByOthers(dir: string): string[] {
  const found: string[] = [];
  const walk = (entry: string) => {
    const stat = lstatSync(entry);
    if (stat.isSymbolicLink()) return;
    const expected = stat.isDirectory() ? 0o700 : 0o600;
    if ((stat.mode & 0o077) !== 0 || (stat.isDirectory() && (stat.mode & 0o777) !== expected)) found.push(`${path.relative(dir, entry) || '.'} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of readdirSync(entry)) walk(path.join(entry, name));
  };
  walk(dir);
  return found;
}

// Embedded only (these are the embedded database's files and lock), whatever the suite runs on.
describe.runIf(process.env.TEST_DB !== 'postgres')('the data folder', () => {
  it('every command that opens the embedded database refuses, clearly and without touching it, while a server holds it', async () => {
    const dataDir = path.join(root, 'held');
    mkdirSync(dataDir);
    // This test process stands in for the running server: a live pid holding the lock.
    const lock = acquireLock(dataDir, 'server');
    try {
      const results = await Promise.all([
        command('migrate', ['up'], dataDir),
        command('migrate', ['down', '1'], dataDir),
        command('seed-demo', [], dataDir),
        command('restore', [path.join(root, 'none.tar.gz')], dataDir),
      ]);
      for (const result of results) {
        expect(result.code).not.toBe(0);
        expect(result.stderr).toMatch(new RegExp(`in use by (the running server \\(process|process) ${process.pid}`));
        expect(result.stderr).not.toContain('    at ');
      }
      expect(existsSync(path.join(dataDir, 'pgdata'))).toBe(false);
      // (db:move-to-server refuses the same way: server/ops/move-to-server.test.ts.)
    } finally {
      lock.release();
    }
  }, 180_000);

  it('the embedded database, backups and restored copies are private: files 0600, folders 0700', async () => {
    const dataDir = path.join(root, 'private');
    const migrated = await command('migrate', ['up'], dataDir);
    expect(migrated.stderr).toBe('');
    expect(existsSync(path.join(dataDir, 'pgdata', 'PG_VERSION'))).toBe(true);
    expect(readableByOthers(dataDir)).toEqual([]);

    const archive = path.join(root, 'private.tar.gz');
    expect((await command('backup', ['--out', archive], dataDir)).code).toBe(0);
    expect(lstatSync(archive).mode & 0o777).toBe(0o600);

    // The restore check restores into a temporary folder and verifies it, leaving nothing.
    const checked = await command('restore', ['--check', archive], path.join(root, 'unused'));
    expect(checked.stderr).toBe('');
    expect(checked.stdout).toContain('restores: checked in a temporary folder, now removed');
    expect(existsSync(path.join(root, 'unused'))).toBe(false);

    const restored = path.join(root, 'restored');
    const restore = await command('restore', [archive], restored);
    expect(restore.stderr).toBe('');
    expect(readableByOthers(restored)).toEqual([]);
  }, 180_000);

  it('the server makes its data folder private, and tightens one an older release left open', async () => {
    const dataDir = path.join(root, 'served');
    mkdirSync(path.join(dataDir, 'uploads'), { recursive: true, mode: 0o755 });
    const port = await sparePort();
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'development', LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    delete env.AUTH_SECRET;
    delete env.AI_KEYS_SECRET;
    const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, stdio: 'ignore' });
    try {
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline && !(await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false))) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(existsSync(path.join(dataDir, 'pgdata', 'PG_VERSION'))).toBe(true);
      expect(existsSync(path.join(dataDir, 'ai-keys-secret'))).toBe(true);
      expect(readableByOthers(dataDir).filter((entry) => !entry.startsWith('control.sock'))).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => {
        server.once('exit', () => resolve());
        server.kill('SIGTERM');
      });
    }
  }, 180_000);
});
