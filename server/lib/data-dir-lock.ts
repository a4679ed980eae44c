import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The embedded database may be opened by one process at a time: two PGlite instances on one folder
 * corrupt it. The server writes this file when it opens the folder and removes it when it closes.
 */
export interface DataDirLock {
  pid: number;
  purpose: 'server' | 'backup' | 'restore' | 'move';
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
    super(`The embedded database in ${dataDir} is in use by process ${holder.pid} (${holder.purpose}).`);
    this.name = 'DataDirBusyError';
  }
}

/** Takes the folder for this process; throws DataDirBusyError when another live process has it. */
export function acquireLock(dataDir: string, purpose: DataDirLock['purpose']): { release(): void } {
  const holder = readLock(dataDir);
  if (holder && holder.pid !== process.pid) throw new DataDirBusyError(dataDir, holder);
  mkdirSync(dataDir, { recursive: true });
  const file = lockPath(dataDir);
  const write = (lock: DataDirLock) => writeFileSync(file, JSON.stringify(lock), { mode: 0o600 });
  write({ pid: process.pid, purpose });
  return {
    release() {
      if (readLock(dataDir)?.pid === process.pid) rmSync(file, { force: true });
    },
  };
}
