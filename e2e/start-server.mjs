#!/usr/bin/env node
// Starts the built server for the browser tests on a fresh data directory loaded with the demo data
// (server/cli/demo-data.ts), so every spec runs on a living product.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = resolve(root, process.env.DATA_DIR ?? '.tmp/e2e-data');
const main = join(root, 'dist', 'server', 'main.js');

if (!existsSync(main) || !existsSync(join(root, 'dist', 'web', 'index.html'))) {
  console.error('e2e/start-server: dist/ is missing. Run `npm run build` before the browser tests.');
  process.exit(1);
}

rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });

// Same env as the server (DATA_DIR, ADMIN_EMAIL, ADMIN_PASSWORD): the seed bootstraps the admin the
// tests sign in with, then adds the demo communities, people, content and activity.
const seed = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'server', 'cli', 'seed-demo.ts')], {
  cwd: root,
  env: { ...process.env, DATA_DIR: dataDir },
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (seed.status !== 0) {
  console.error(`e2e/start-server: loading the demo data failed (${seed.error?.message ?? `exit ${seed.status ?? seed.signal}`}).`);
  process.exit(1);
}

const child = spawn(process.execPath, [main], {
  cwd: root,
  env: { ...process.env, DATA_DIR: dataDir },
  stdio: 'inherit',
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
