// Shared by the benchmarks: start the built server as its own process on 127.0.0.1, and run
// autocannon against it from this one, printing the figures.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';

export const ADMIN = { email: 'bench-admin@example.com', password: 'bench password 123' };

export function ensureBuilt() {
  if (!existsSync('dist/server/main.js')) spawnSync('npm', ['run', 'build:server'], { stdio: 'inherit' });
}

export function newDataDir() {
  return mkdtempSync(path.join(os.tmpdir(), 'aigym-bench-'));
}

/**
 * Opens the database the server will use (PGlite in dataDir, or BENCH_DATABASE_URL), migrated,
 * so a benchmark can load its dataset before the server starts.
 */
export async function openBenchDatabase(dataDir, url = process.env.BENCH_DATABASE_URL) {
  ensureBuilt();
  const { openDatabase } = await import('../dist/server/lib/database.js');
  const { migrate } = await import('../dist/server/lib/migrator.js');
  const handle = await openDatabase({ url, pgliteDir: path.join(dataDir, 'pgdata'), poolMax: 1, statementTimeoutMs: 900_000 });
  await migrate(handle.pool);
  return handle;
}

// BENCH_PORT moves a benchmark's server off the default port (several people on one machine).
/** `cwd` runs another built checkout's server (bench/ab). */
export async function startServer({ port = Number(process.env.BENCH_PORT ?? 3210), env = {}, dataDir = newDataDir(), execArgv = [], cwd = process.cwd() } = {}) {
  ensureBuilt();
  const child = spawn(process.execPath, [...execArgv, path.join(cwd, 'dist/server/main.js')], {
    cwd,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // As `npm start` and the Dockerfile run it (ADR 33).
      MALLOC_MMAP_THRESHOLD_: '131072',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
      // The benches sign the admin in with a password only; two-factor is not what they measure.
      MFA_REQUIRED_FOR: 'none',
      // The benchmark measures throughput, not the throttles.
      LOGIN_LIMIT_PER_IP: '100000000',
      LOGIN_LIMIT_PER_ACCOUNT: '100000000',
      API_RATE_LIMIT_PER_MINUTE: '100000000',
      ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
      ...env,
    },
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    pid: child.pid,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function login(base, { email, password } = ADMIN) {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return (await response.json()).accessToken;
}

export function load(options) {
  return new Promise((resolve, reject) => {
    autocannon({ duration: 10, connections: 20, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

export function report(label, result) {
  const failed = result.non2xx + result.errors + result.timeouts;
  const line = [
    label.padEnd(38),
    `${result.requests.average.toFixed(0).padStart(7)} req/s`,
    `p50 ${String(result.latency.p50).padStart(5)} ms`,
    `p99 ${String(result.latency.p99).padStart(5)} ms`,
    `(${result.requests.total} requests, ${failed} failed)`,
  ].join('  ');
  process.stdout.write(`${line}\n`);
  return { label, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, failed };
}

/** Exact latency percentiles from a fixed number of requests at a fixed concurrency. */
export async function measureLatency(url, headers, { requests = 200, concurrency = 4 } = {}) {
  const latencies = [];
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < requests) {
      next += 1;
      const started = performance.now();
      const response = await fetch(url, { headers });
      await response.arrayBuffer();
      latencies.push(performance.now() - started);
      if (!response.ok) failed += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), count: latencies.length, failed };
}

export function printLatency(label, m) {
  process.stdout.write(`${label.padEnd(52)} p50 ${m.p50.toFixed(1).padStart(7)} ms  p95 ${m.p95.toFixed(1).padStart(7)} ms  (${m.count} requests, ${m.failed} failed)\n`);
}

/** `name` on the PostgreSQL server of `adminUrl`. */
export function databaseUrl(adminUrl, name) {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function recreateDatabase(adminUrl, name) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
}

export async function dropDatabase(adminUrl, name) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
  await admin.end();
}
