// Embedded backups at realistic size (issue 27, item 5): builds the 1,000,000-message synthetic
// dataset (bench/analytics-dataset.mjs), starts the built server on it, and takes an online backup
// while a reader polls the server. Prints, as measured (no assertions): the server's resident memory
// before and at its peak, the longest wait of a request during the backup, the backup's time and
// peak memory, the archive's size, and the time of `restore:check` on the archive.
// Targets from the issue: server peak ≤ 400 MB, longest stall ≤ 2 s.
// Run: npm run build:server && node bench/backup.mjs [existing data dir with the dataset]
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildAnalyticsDataset } from './analytics-dataset.mjs';
import { newDataDir, startServer } from './lib.mjs';

const AUTH_SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';

/** Resident memory of a process in MB, from /proc (Linux). */
function rssMb(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.replace(/\D+/g, '')) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs a built CLI, sampling its own peak memory; resolves with its time, peak and output. */
function runCli(script, args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [`dist/server/cli/${script}.js`, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, rssMb(child.pid))), 50);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`${script} exited with ${code}: ${out}`));
      resolve({ ms: performance.now() - started, peakMb: peak, out });
    });
  });
}

const dataDir = process.argv[2] ?? newDataDir();
if (!existsSync(path.join(dataDir, 'pgdata', 'PG_VERSION'))) await buildAnalyticsDataset(dataDir);
const pgdataMb = Number(String(await new Promise((r) => spawn('du', ['-sm', path.join(dataDir, 'pgdata')]).stdout.on('data', r))).split('\t')[0]);

const server = await startServer({ dataDir, env: { AUTH_SECRET } });
const before = rssMb(server.pid);
let serverPeak = before;
const memory = setInterval(() => (serverPeak = Math.max(serverPeak, rssMb(server.pid))), 50);

// A reader that never stops during the backup: the longest wait is the stall a member would feel.
let reading = true;
let longest = 0;
let reads = 0;
const reader = (async () => {
  while (reading) {
    const started = performance.now();
    await fetch(`${server.base}/readyz`).then((r) => r.arrayBuffer());
    longest = Math.max(longest, performance.now() - started);
    reads += 1;
  }
})();

const file = path.join(dataDir, '..', `${path.basename(dataDir)}-backup.tar.gz`);
const backup = await runCli('backup', ['--out', file], { DATA_DIR: dataDir, AUTH_SECRET, BACKUP_PASSPHRASE: 'bench passphrase 0123456789' });
reading = false;
await reader;
clearInterval(memory);
await server.stop();

const check = await runCli('restore', ['--check', file], { AUTH_SECRET, BACKUP_PASSPHRASE: 'bench passphrase 0123456789' });
const archiveMb = statSync(file).size / 1024 / 1024;
rmSync(file, { force: true });

process.stdout.write(
  [
    `database folder: ${pgdataMb} MB (1,000,000 messages)`,
    `server memory: ${before.toFixed(0)} MB before, ${serverPeak.toFixed(0)} MB at peak during the backup (target ≤ 400 MB)`,
    `longest request wait during the backup: ${longest.toFixed(0)} ms over ${reads} reads of /readyz (target ≤ 2,000 ms)`,
    `backup: ${(backup.ms / 1000).toFixed(1)} s, command peak ${backup.peakMb.toFixed(0)} MB, archive ${archiveMb.toFixed(0)} MB`,
    `restore:check: ${(check.ms / 1000).toFixed(1)} s, command peak ${check.peakMb.toFixed(0)} MB`,
    '',
  ].join('\n'),
);
