#!/usr/bin/env node
// `npm test`: the whole suite in one command. Unit and API tests (Vitest: on embedded PGlite, and
// on a PostgreSQL server too when TEST_DATABASE_URL is set), then a production build, then the
// browser tests in real Chromium (installed from Debian when missing and running as root).
import { spawnSync } from 'node:child_process';

function run(label, command, args, env = {}) {
  process.stdout.write(`\n=== ${label} ===\n`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    process.stderr.write(`\n${label} failed after ${seconds}s (exit ${result.status ?? result.signal}).\n`);
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`=== ${label}: ok in ${seconds}s ===\n`);
}

function findChromium() {
  const result = spawnSync(process.execPath, ['scripts/find-chromium.mjs'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) process.exit(result.status ?? 1);
  return result.stdout.trim().split('\n').pop();
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

run('unit and API tests (vitest)', npx, ['vitest', 'run']);
run('production build', npm, ['run', 'build']);
const chromium = findChromium();
run('browser tests (playwright)', npx, ['playwright', 'test'], { CHROMIUM_PATH: chromium });
