#!/usr/bin/env node
// Starts the built server for the browser tests on a fresh, empty data directory.
import { spawn } from 'node:child_process';
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

const child = spawn(process.execPath, [main], {
  cwd: root,
  env: { ...process.env, DATA_DIR: dataDir },
  stdio: 'inherit',
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
