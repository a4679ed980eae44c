import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tightenModes } from './private-files.js';

/**
 * The embedded database may be opened by one process at a time: two PGlite instances on one folder
 * corrupt it. The server writes this file when it opens the folder and removes it when it closes.
 */
export interface DataDirLock {
  pid: number;
  purpose: 'server' | 'backup' | 'restore' | 'move' | 'migrate' | 'rollback' | 'seed';
}

const lockPath = (dataDir: string) => path.join(dataDir, 'pgdata.lock.json');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else — still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live holder of the folder, or null (a stale file from a crashed process does not count). */
export function readLock(dataDir: string): DataDirLock | null {
  const file = lockPath(dataDir);
  if (!existsSync(file)) return null;
  try {
    const lock = JSON.parse(readFileSync(file, 'utf8')) as DataDirLock;
    return Number.isInteger(lock.pid) && alive(lock.pid) ? lock : null;
  } catch {
    return null;
  }
}

export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: DataDirLock,
  ) {
    super(
      holder.purpose === 'server'
        ? `The embedded database in ${path.resolve(dataDir)} is in use by the running server (process ${holder.pid}). Stop the server first; nothing was changed.`
        : `The embedded database in ${path.resolve(dataDir)} is in use by another command (${holder.purpose}, process ${holder.pid}). Try again when it has finished; nothing was changed.`,
    );
    this.name = 'DataDirBusyError';
  }
}

/** Takes the folder for this process; throws DataDirBusyError when another live process has it. */
export function acquireLock(dataDir: string, purpose: DataDirLock['purpose']): { release(): void } {
  const holder = readLock(dataDir);
  if (holder && holder.pid !== process.pid) throw new DataDirBusyError(dataDir, holder);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = lockPath(dataDir);
  // Created exclusively, so two commands starting together cannot both take it; a stale file (its
  // process is gone, or it is ours) is replaced.
  const lock = JSON.stringify({ pid: process.pid, purpose } satisfies DataDirLock);
  try {
    writeFileSync(file, lock, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const racer = readLock(dataDir);
    if (racer && racer.pid !== process.pid) throw new DataDirBusyError(dataDir, racer);
    writeFileSync(file, lock, { mode: 0o600 });
  }
  return {
    release() {
      // PGlite creates its files 0666 whatever the process mask (the 0700 folders are what keeps
      // them private meanwhile): whoever held the folder leaves every file 0600.
      tightenModes(dataDir);
      if (readLock(dataDir)?.pid === process.pid) rmSync(file, { force: true });
    },
  };
}

/**
 * For commands that open the database (db:migrate, db:rollback, seed:demo…): without DATABASE_URL
 * they open the embedded one, which only one process may hold — refuse while a server (or another
 * command) has it, rather than change the schema under it. With DATABASE_URL there is nothing to lock.
 */
export function lockForCommand(dataDir: string, databaseUrl: string | undefined, purpose: DataDirLock['purpose']): { release(): void } {
  if (databaseUrl) return { release: () => undefined };
  return acquireLock(dataDir, purpose);
}
