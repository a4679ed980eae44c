#!/usr/bin/env node
// Finds the Chromium the browser tests drive: $CHROMIUM_PATH, else Debian's package.
// Installs Debian's `chromium` with apt when missing and running as root. Never downloads
// Playwright's own browser builds. Prints the path; exits non-zero with a reason otherwise.
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function find() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (executable(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, which is not an executable file.`);
  }
  return CANDIDATES.find(executable) ?? null;
}

function install() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return false;
  console.error('find-chromium: Chromium not found; installing Debian\'s "chromium" package with apt-get…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: ['ignore', 'inherit', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env,
  });
  return true;
}

try {
  let path = find();
  if (!path && install()) path = find();
  if (!path) {
    console.error(
      'find-chromium: no Chromium found (looked at $CHROMIUM_PATH, ' +
        CANDIDATES.join(', ') +
        '). Install it with `sudo apt-get install chromium`, or set CHROMIUM_PATH to a Chromium binary.',
    );
    process.exit(1);
  }
  process.stdout.write(`${path}\n`);
} catch (error) {
  console.error(`find-chromium: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
