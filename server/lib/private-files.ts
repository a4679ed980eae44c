import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The data folder holds the database, its secrets and members' uploads: only the service account
 * may read it (issue 27). PGlite creates its files with the default 0666, so the process mask is
 * what makes them private; every entry point (the server and each command) calls this first.
 */
export function usePrivateFileModes(): void {
  process.umask(0o077);
}

/**
 * Brings an existing folder to 0600 files / 0700 folders: an installation made by an older release,
 * or a restored copy. Symbolic links are left alone (their target is not ours to change).
 */
export function tightenModes(dir: string): void {
  let stat;
  try {
    stat = lstatSync(dir);
  } catch {
    return;
  }
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== 0o700) chmodSync(dir, 0o700);
    for (const name of readdirSync(dir)) tightenModes(path.join(dir, name));
  } else if ((stat.mode & 0o077) !== 0) {
    chmodSync(dir, stat.mode & 0o700);
  }
}
