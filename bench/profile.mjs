// bench/profile: where one endpoint's server CPU goes. Starts the built app on PostgreSQL with the
// content dataset (bench/content-dataset.mjs) under `node --cpu-prof`, loads one path as the
// member at 50 connections, then prints the profile's busy time by self time (top functions) and
// by package, inclusive (a sample counts once for every package on its stack). Several paths are
// loaded in turn, each with the CPU a request cost the server and its database backends.
//
//   node --import tsx bench/profile.mjs /api/auth/me '/api/content?limit=20'
//   BENCH_PROFILE=0 (CPU figures only)  BENCH_CONNECTIONS=50  BENCH_SECONDS=10
//   BENCH_PROFILE_PORT=4180  BENCH_COMPARE_DATABASE_URL=postgres://…/postgres
//   BENCH_PROFILE_DB=pglite  the embedded database instead (its WebAssembly runs in the server's
//                            own thread, so the profile shows the database's CPU beside ours)
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadContentDataset, MEMBER } from './content-dataset.mjs';
import { databaseUrl, dropDatabase, login, newDataDir, recreateDatabase, startServer } from './lib.mjs';
import { createMeter } from './meter.mjs';

const targets = process.argv.length > 2 ? process.argv.slice(2) : ['/api/content?limit=20'];
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ADMIN_URL = process.env.BENCH_COMPARE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = Number(process.env.BENCH_PROFILE_PORT ?? 4180);
const EMBEDDED = process.env.BENCH_PROFILE_DB === 'pglite';
const DB = EMBEDDED ? undefined : `aigym_profile_${PORT}`;

/** Summarises a .cpuprofile: self time per function and inclusive time per package. */
export function summarise(profile, top = 30) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const packageOf = ({ url, functionName }) => {
    if (!url) return functionName.startsWith('(') ? functionName : '(native)';
    const nm = url.lastIndexOf('node_modules/');
    if (nm >= 0) {
      const rest = url.slice(nm + 13).split('/');
      return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    }
    if (url.startsWith('node:')) return url;
    const dist = url.indexOf('/dist/');
    return dist >= 0 ? `app:${url.slice(dist + 6)}` : url;
  };
  const stackPackages = new Map();
  const packagesOn = (id) => {
    if (stackPackages.has(id)) return stackPackages.get(id);
    const node = byId.get(id);
    const up = parent.has(id) ? packagesOn(parent.get(id)) : new Set();
    const own = new Set(up);
    own.add(packageOf(node.callFrame));
    stackPackages.set(id, own);
    return own;
  };
  const self = new Map();
  const inclusive = new Map();
  let busy = 0;
  for (const id of profile.samples) {
    const { callFrame } = byId.get(id);
    if (callFrame.functionName === '(idle)' || callFrame.functionName === '(program)') continue;
    busy += 1;
    const key = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.split('/').slice(-2).join('/')}:${callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + 1);
    for (const pkg of packagesOn(id)) inclusive.set(pkg, (inclusive.get(pkg) ?? 0) + 1);
  }
  const pct = (n) => `${((n / busy) * 100).toFixed(1).padStart(5)}%`;
  const lines = [`busy samples: ${busy} of ${profile.samples.length}`, '', 'self time, top functions:'];
  for (const [key, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(n)}  ${key}`);
  lines.push('', 'inclusive time by package or file:');
  for (const [key, n] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(n)}  ${key}`);
  return lines.join('\n');
}

if (EMBEDDED) {
  // startServer and the loader fall back to PGlite when no database URL is in the environment.
  delete process.env.BENCH_DATABASE_URL;
  delete process.env.DATABASE_URL;
} else await recreateDatabase(ADMIN_URL, DB);
const dataDir = newDataDir();
await loadContentDataset(dataDir, EMBEDDED ? undefined : databaseUrl(ADMIN_URL, DB));
const profDir = mkdtempSync(path.join(os.tmpdir(), 'aigym-prof-'));
const profiling = process.env.BENCH_PROFILE !== '0';
const app = await startServer({ port: PORT, dataDir, env: EMBEDDED ? {} : { DATABASE_URL: databaseUrl(ADMIN_URL, DB) }, execArgv: profiling ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [] });
const { measure, close } = await createMeter(ADMIN_URL, { connections: CONNECTIONS, seconds: SECONDS });
try {
  const headers = { authorization: `Bearer ${await login(app.base, MEMBER)}` };
  for (const target of targets) {
    const m = await measure({ url: `${app.base}${target}`, headers }, EMBEDDED ? { pid: app.pid } : { pid: app.pid, database: DB });
    process.stdout.write(
      `${target.padEnd(36)} ${m.rps.toFixed(0).padStart(5)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms  cpu ${m.nodeCpuPerRequest.toFixed(2)} node + ${m.dbCpuPerRequest.toFixed(2)} db ms/req${m.failed ? `  ${m.failed} FAILED` : ''}\n`,
    );
  }
} finally {
  await close();
  await app.stop();
  if (!EMBEDDED) await dropDatabase(ADMIN_URL, DB);
}
if (profiling) {
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  process.stdout.write(`${summarise(JSON.parse(readFileSync(path.join(profDir, file), 'utf8')))}\n(profile: ${path.join(profDir, file)})\n`);
}
