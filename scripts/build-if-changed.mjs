#!/usr/bin/env node
// `npm start`'s build step: builds only when the sources changed since the last successful build, so
// a restart of an unchanged checkout starts in seconds instead of rebuilding (issue 28: 31 s). The
// stamp is a hash of every source file's path, size and modification time; a fresh clone has no
// stamp and builds. Two processes started in one folder take a lock, so they never write dist/ at
// the same time: the second waits, finds the stamp current and builds nothing.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';

const root = process.cwd();
/** What the build reads: a change to any of these means dist/ may be stale. */
const inputDirs = ['server', 'contracts', 'web', 'scripts'];
const inputFiles = ['package.json', 'package-lock.json', 'node_modules/.package-lock.json', 'tsconfig.base.json', 'tsconfig.json', 'tsconfig.server.json', 'tsconfig.web.json', 'vite.config.ts', 'postcss.config.cjs'];
/** What the build writes; all of it must exist for a stamp to count. */
const outputs = ['dist/server/main.js', 'dist/web/index.html'];
const stampFile = path.join(root, 'dist', '.build-stamp');
const lockFile = path.join(root, 'dist', '.build-lock');
const lockWaitMs = Number(process.env.BUILD_LOCK_WAIT_MS ?? 15 * 60_000);

function sourceStamp() {
  const hash = createHash('sha256');
  const add = (relative) => {
    let stat;
    try {
      stat = statSync(path.join(root, relative));
    } catch {
      hash.update(`${relative}\0missing\n`);
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path.join(root, relative)).sort()) {
        if (entry === 'node_modules' || entry.startsWith('.')) continue;
        add(path.join(relative, entry));
      }
    } else {
      hash.update(`${relative}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  };
  for (const input of [...inputDirs, ...inputFiles]) add(input);
  return hash.digest('hex');
}

const upToDate = (stamp) =>
  outputs.every((output) => existsSync(path.join(root, output))) && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === stamp;

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Takes dist/.build-lock, waiting while another live process holds it; a dead holder's lock is taken over. */
async function lock() {
  mkdirSync(path.dirname(lockFile), { recursive: true });
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let holder = NaN;
    try {
      holder = Number(readFileSync(lockFile, 'utf8'));
    } catch {
      continue; // released between our two calls
    }
    if (Number.isInteger(holder) && holder > 0 && !processAlive(holder)) {
      try {
        unlinkSync(lockFile);
      } catch {
        // another waiter removed it first
      }
      continue;
    }
    if (Date.now() - started > lockWaitMs) throw new Error(`another build (process ${holder}) has held ${lockFile} for too long`);
    if (!told) process.stdout.write(`waiting for the build of process ${holder}\n`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const unlock = () => {
  try {
    unlinkSync(lockFile);
  } catch {
    // already gone
  }
};

if (upToDate(sourceStamp())) {
  process.stdout.write('build is up to date with the sources; not rebuilding\n');
  process.exit(0);
}
await lock();
try {
  // Checked again under the lock: the process we waited for has probably just built it.
  const stamp = sourceStamp();
  if (upToDate(stamp)) {
    process.stdout.write('build is up to date with the sources; not rebuilding\n');
  } else {
    if (existsSync(stampFile)) unlinkSync(stampFile);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['run', 'build'], { stdio: 'inherit' });
    if (result.status !== 0) {
      process.exitCode = result.status ?? 1;
    } else {
      // The stamp of the sources as they were when the build began: an edit made during the build
      // leaves the stamp stale, so the next start builds again.
      writeFileSync(stampFile, `${stamp}\n`);
    }
  }
} finally {
  unlock();
}
