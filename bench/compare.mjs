// bench/compare: the app beside the bare reference servers of ../shared/perf-reference, on the same
// PostgreSQL (each its own database), the same dataset shape (10,000 items, 100 communities, a
// member in 3, first page of 20), loaded from this process at 50 connections for a few seconds
// each. Absolute figures drift on a shared machine; the ratios from one run are what to read.
//
//   node --import tsx bench/compare.mjs          (npm run bench runs it)
//   BENCH_COMPARE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres   the server to use
//   BENCH_SECONDS=6        length of each measured phase (after a 2 s warm-up)
//   PERF_REFERENCE_DIR     where the reference lives (default: ../shared/perf-reference, found upwards)
//   BENCH_CPU_PROF=dir     write the app's CPU profile (node --cpu-prof) into dir
//   BENCH_COMPARE_PORT=4160  first of the five ports it listens on (app, three references, PGlite);
//                            its databases are named after it, so two runs on one server do not collide
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import pg from 'pg';
import { startFakeProvider } from '../server/test/fake-ai-provider.ts';
import { firstTokenDirect, streamThroughPlatform } from './chat-timing.mjs';
import { loadContentDataset, MEMBER } from './content-dataset.mjs';
import { databaseUrl as databaseUrlOn, dropDatabase as dropDatabaseOn, login, newDataDir, recreateDatabase as recreateDatabaseOn, startServer } from './lib.mjs';
import { createMeter } from './meter.mjs';

const ADMIN_URL = process.env.BENCH_COMPARE_DATABASE_URL ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const CONNECTIONS = 50;
const FIRST_PORT = Number(process.env.BENCH_COMPARE_PORT ?? 4160);
const PORTS = { app: FIRST_PORT, bareA: FIRST_PORT + 1, bareAJ: FIRST_PORT + 2, protoB2: FIRST_PORT + 3, pglite: FIRST_PORT + 4 };
const DB = { app: `aigym_compare_app_${FIRST_PORT}`, ref: `aigym_compare_ref_${FIRST_PORT}` };
// The reference's own secret and test user (perf-reference/mktoken.mjs).
const REF_SECRET = new TextEncoder().encode('bench-secret-0123456789-0123456789-abcdef');
const REF_USER = '00000000-0000-0000-0000-000000000001';

function findReference() {
  const candidates = [process.env.PERF_REFERENCE_DIR, '../shared/perf-reference', '../../shared/perf-reference'].filter(Boolean).map((p) => path.resolve(p));
  const found = candidates.find((dir) => existsSync(path.join(dir, 'server.mjs')));
  if (!found) throw new Error(`perf-reference not found (looked in ${candidates.join(', ')}); set PERF_REFERENCE_DIR`);
  return found;
}

const databaseUrl = (name) => databaseUrlOn(ADMIN_URL, name);
const recreateDatabase = (name) => recreateDatabaseOn(ADMIN_URL, name);
const dropDatabase = (name) => dropDatabaseOn(ADMIN_URL, name);

/**
 * Runs the reference server as it is, from its own directory's files: a temporary directory of
 * symlinks to them plus this repository's node_modules (it needs only fastify, pg, jose, PGlite).
 */
function startReference(referenceDir, mode, port, env = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aigym-perf-ref-'));
  for (const file of readdirSync(referenceDir)) symlinkSync(path.join(referenceDir, file), path.join(dir, file));
  symlinkSync(path.resolve('node_modules'), path.join(dir, 'node_modules'));
  const url = new URL(databaseUrl(DB.ref));
  const child = spawn(process.execPath, ['--preserve-symlinks', '--preserve-symlinks-main', path.join(dir, 'server.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, MODE: mode, PORT: String(port), PGHOST: url.hostname, PGPORT: url.port || '5432', PGUSER: decodeURIComponent(url.username || 'postgres'), PGDATABASE: DB.ref, JWTKEY: 'ck', ...env },
  });
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => String(chunk).includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`reference MODE=${mode} exited with ${code}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid,
    ready,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

function row(label, m, { against, target } = {}) {
  const ratio = against ? m.rps / against.rps : undefined;
  // Efficiency: the baseline's CPU per request over this one's (100% = as cheap as the baseline).
  const cpuRatio = against?.cpuPerRequest && m.cpuPerRequest ? against.cpuPerRequest / m.cpuPerRequest : undefined;
  const parts = [
    label.padEnd(44),
    `${m.rps.toFixed(0).padStart(6)} req/s`,
    `p50 ${String(m.p50).padStart(4)} ms`,
    `p99 ${String(m.p99).padStart(4)} ms`,
    m.cpuPerRequest === undefined ? '' : `cpu ${m.nodeCpuPerRequest.toFixed(2)} node + ${m.dbCpuPerRequest.toFixed(2)} db ms/req`,
    m.idleInTransaction === undefined ? '' : `idle-in-tx ${(m.idleInTransaction * 100).toFixed(0)}%`,
    ratio === undefined ? '' : `| ${(ratio * 100).toFixed(0).padStart(3)}% of ${against.short} req/s`,
    cpuRatio === undefined ? '' : `${(cpuRatio * 100).toFixed(0).padStart(3)}% by cpu`,
    m.failed ? `${m.failed} FAILED` : '',
    target ? `(${target})` : '',
  ];
  process.stdout.write(`${parts.filter(Boolean).join('  ')}\n`);
}

const referenceDir = findReference();
process.stdout.write(`bench/compare: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}, node ${process.version}, ${new Date().toISOString()}\n`);
process.stdout.write(`reference ${referenceDir}; PostgreSQL ${new URL(ADMIN_URL).host}; ${CONNECTIONS} connections, ${SECONDS} s per phase\n`);

// The reference's database, as its README builds it (B2 uses the `= ANY (ARRAY(...))` policy).
await recreateDatabase(DB.ref);
{
  const ref = new pg.Client({ connectionString: databaseUrl(DB.ref) });
  await ref.connect();
  await ref.query('do $$ begin create role app_user nologin; exception when duplicate_object then null; end $$');
  const schema = readFileSync(path.join(referenceDir, 'schema.sql'), 'utf8').replace(/^CREATE ROLE app_user NOLOGIN;$/m, '');
  await ref.query(schema);
  await ref.query(readFileSync(path.join(referenceDir, 'fn.sql'), 'utf8'));
  await ref.query(readFileSync(path.join(referenceDir, 'policy_any.sql'), 'utf8'));
  await ref.end();
}
const refToken = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(REF_USER).setIssuedAt().setExpirationTime('2h').sign(REF_SECRET);
const refAuth = { authorization: `Bearer ${refToken}` };

await recreateDatabase(DB.app);
const appData = newDataDir();
const { agentId } = await loadContentDataset(appData, databaseUrl(DB.app));

const fake = await startFakeProvider({ kind: 'answer', tokens: Array.from({ length: 20 }, (_, i) => `t${i} `), delayMs: 1 });
const appEnv = { DATABASE_URL: databaseUrl(DB.app), AI_PROVIDER: 'openai', AI_BASE_URL: fake.baseUrl, AI_API_KEY: 'bench', CHAT_MESSAGES_PER_MINUTE: '100000000' };
const cpuProf = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
const stops = [];
const { measure, close: closeMeter } = await createMeter(ADMIN_URL, { connections: CONNECTIONS, seconds: SECONDS });
try {
  const refs = {
    bareA: startReference(referenceDir, 'A', PORTS.bareA),
    bareAJ: startReference(referenceDir, 'AJ', PORTS.bareAJ),
    protoB2: startReference(referenceDir, 'B2', PORTS.protoB2),
  };
  stops.push(...Object.values(refs).map((r) => () => r.stop()));
  await Promise.all(Object.values(refs).map((r) => r.ready));
  const app = await startServer({ port: PORTS.app, dataDir: appData, env: appEnv, execArgv: cpuProf });
  stops.push(() => app.stop());

  const onApp = { pid: app.pid, database: DB.app };
  const member = { authorization: `Bearer ${await login(app.base, MEMBER)}` };
  const admin = { authorization: `Bearer ${await login(app.base)}` };

  process.stdout.write('\nPostgreSQL\n');
  // Each app phase follows its baseline, so the two see the same machine.
  const bareA = { ...(await measure({ url: `${refs.bareA.base}/items` }, { pid: refs.bareA.pid, database: DB.ref })), short: 'bare' };
  row('bare: items page (no auth, no RLS)', bareA);
  const bareAJ = { ...(await measure({ url: `${refs.bareAJ.base}/items`, headers: refAuth }, { pid: refs.bareAJ.pid, database: DB.ref })), short: 'bare+JWT' };
  row('bare+JWT: items page', bareAJ, { against: bareA });
  row('prototype B2: JWT, RLS, 1-trip transaction', await measure({ url: `${refs.protoB2.base}/items`, headers: refAuth }, { pid: refs.protoB2.pid, database: DB.ref }), { against: bareA });
  row('app: member GET /api/content', await measure({ url: `${app.base}/api/content?limit=20`, headers: member }, onApp), { against: bareA, target: 'target >= 75%, p99 <= 20 ms' });
  row('app: GET /api/auth/me', await measure({ url: `${app.base}/api/auth/me`, headers: member }, onApp), { against: bareAJ, target: 'target >= 60% of bare+JWT' });
  row('app: member GET /api/conversations (history)', await measure({ url: `${app.base}/api/conversations?limit=20`, headers: member }, onApp), { against: bareA });
  row('app: admin GET /api/analytics/activity', await measure({ url: `${app.base}/api/analytics/activity`, headers: admin }, onApp), { against: bareA });
  row(
    'app: POST /api/auth/login (4 connections)',
    await measure({ url: `${app.base}/api/auth/login`, method: 'POST', connections: 4, headers: { 'content-type': 'application/json' }, body: JSON.stringify(MEMBER) }, onApp),
    { target: `target >= ${50 * os.cpus().length}/s (50 per core)` },
  );

  // Time to first token: the same local provider, called directly and through the platform, in turn.
  const conversation = (await (await fetch(`${app.base}/api/conversations`, { method: 'POST', headers: { ...member, 'content-type': 'application/json' }, body: JSON.stringify({ agentId }) })).json()).id;
  const direct = [];
  const platform = [];
  for (let i = 0; i < 100; i += 1) {
    direct.push(await firstTokenDirect(fake.baseUrl));
    platform.push((await streamThroughPlatform(app.base, member, conversation)).first);
  }
  const added50 = percentile(platform, 50) - percentile(direct, 50);
  const added99 = percentile(platform, 99) - percentile(direct, 99);
  process.stdout.write(
    `chat: time to first token added by the platform  p50 ${added50.toFixed(1)} ms  p99 ${added99.toFixed(1)} ms  (direct p50 ${percentile(direct, 50).toFixed(1)}, through p50 ${percentile(platform, 50).toFixed(1)} ms)  target <= 2 / 10 ms\n`,
  );

  await app.stop();
  stops.pop();
  await Promise.all(Object.values(refs).map((r) => r.stop()));
  stops.length = 0;

  process.stdout.write('\nEmbedded PGlite\n');
  // startServer and the loader fall back to PGlite when no database URL is in the environment.
  delete process.env.BENCH_DATABASE_URL;
  delete process.env.DATABASE_URL;
  const liteData = newDataDir();
  await loadContentDataset(liteData);
  const lite = await startServer({ port: PORTS.pglite, dataDir: liteData });
  stops.push(() => lite.stop());
  const liteMember = { authorization: `Bearer ${await login(lite.base, MEMBER)}` };
  row('app (PGlite): member GET /api/content', await measure({ url: `${lite.base}/api/content?limit=20`, headers: liteMember }, { pid: lite.pid }), { target: 'target >= 1,500 req/s' });
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  await fake.close();
  await closeMeter();
  await dropDatabase(DB.app);
  await dropDatabase(DB.ref);
}
