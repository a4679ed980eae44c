// bench/ab: this checkout's build against another one's (before and after a change), on the same
// PostgreSQL, each on its own database of bench/content's shape built by its own migrations, loaded
// in turn (the order alternating each round) so both see the same machine. On a shared machine the
// CPU per request is the figure to read; the medians over rounds are printed at the end.
//
//   BENCH_AB_BASE=/path/to/other/checkout node --import tsx bench/ab.mjs
//   BENCH_AB_BASE          the other checkout, built (`npm run build:server`) — required
//   BENCH_AB_PATHS         comma-separated URLs to load as the member (default: the content list)
//   BENCH_AB_ROUNDS=3      rounds; BENCH_SECONDS=5 per measured phase (after a 2 s warm-up)
//   BENCH_AB_PORT=4180     first of its two ports; its databases are named after it
//   BENCH_DATABASE_URL     the PostgreSQL server's maintenance database (default 127.0.0.1:5432)
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { databaseUrl, dropDatabase, login, newDataDir, recreateDatabase, startServer } from './lib.mjs';
import { createMeter } from './meter.mjs';

if (!process.env.BENCH_AB_BASE) throw new Error('set BENCH_AB_BASE to the other (built) checkout');
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROUNDS = Number(process.env.BENCH_AB_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const FIRST_PORT = Number(process.env.BENCH_AB_PORT ?? 4180);
const PATHS = (process.env.BENCH_AB_PATHS ?? '/api/content?limit=20').split(',');
const CONNECTIONS = 50;

const builds = [
  { name: 'base', dir: path.resolve(process.env.BENCH_AB_BASE) },
  { name: 'this', dir: process.cwd() },
].map((build, i) => ({ ...build, port: FIRST_PORT + i, database: `aigym_ab_${FIRST_PORT}_${i}` }));

process.stdout.write(`bench/ab: ${os.cpus().length} cores, node ${process.version}, ${new Date().toISOString()}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
process.stdout.write(`base ${builds[0].dir}; this ${builds[1].dir}; ${CONNECTIONS} connections, ${SECONDS} s per phase, ${ROUNDS} rounds\n`);

const { measure, close } = await createMeter(ADMIN_URL, { connections: CONNECTIONS, seconds: SECONDS });
const stops = [];
try {
  for (const build of builds) {
    await recreateDatabase(ADMIN_URL, build.database);
    // Each build loads the dataset with its own code, so its own migrations shape the database.
    const { loadContentDataset, MEMBER } = await import(pathToFileURL(path.join(build.dir, 'bench/content-dataset.mjs')).href);
    const dataDir = newDataDir();
    await loadContentDataset(dataDir, databaseUrl(ADMIN_URL, build.database));
    const server = await startServer({ port: build.port, dataDir, cwd: build.dir, env: { DATABASE_URL: databaseUrl(ADMIN_URL, build.database) } });
    stops.push(() => server.stop());
    build.server = server;
    build.auth = { authorization: `Bearer ${await login(server.base, MEMBER)}` };
  }
  const results = new Map(); // `${path} ${build}` → measurements
  for (let round = 1; round <= ROUNDS; round += 1) {
    const order = round % 2 ? builds : [...builds].reverse();
    for (const url of PATHS) {
      for (const build of order) {
        const m = await measure({ url: `${build.server.base}${url}`, headers: build.auth }, { pid: build.server.pid, database: build.database });
        const key = `${url} ${build.name}`;
        results.set(key, [...(results.get(key) ?? []), m]);
        process.stdout.write(
          `round ${round}  ${build.name.padEnd(4)}  ${url.padEnd(36)}  ${m.rps.toFixed(0).padStart(6)} req/s  p50 ${String(m.p50).padStart(4)} ms  p99 ${String(m.p99).padStart(5)} ms  cpu ${m.nodeCpuPerRequest.toFixed(2)} node + ${m.dbCpuPerRequest.toFixed(2)} db ms/req  load ${os.loadavg()[0].toFixed(1)}${m.failed ? `  ${m.failed} FAILED` : ''}\n`,
        );
      }
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  process.stdout.write('\nmedians over rounds\n');
  for (const url of PATHS) {
    const of = (name, pick) => median(results.get(`${url} ${name}`).map(pick));
    const line = (name) =>
      `${name.padEnd(4)}  ${url.padEnd(36)}  ${of(name, (m) => m.rps).toFixed(0).padStart(6)} req/s  p50 ${String(of(name, (m) => m.p50)).padStart(4)} ms  cpu ${of(name, (m) => m.nodeCpuPerRequest).toFixed(2)} node + ${of(name, (m) => m.dbCpuPerRequest).toFixed(2)} db = ${of(name, (m) => m.cpuPerRequest).toFixed(2)} ms/req`;
    const share = of('this', (m) => m.cpuPerRequest) / of('base', (m) => m.cpuPerRequest);
    process.stdout.write(`${line('base')}\n${line('this')}  (${(share * 100).toFixed(0)}% of base's CPU per request)\n`);
  }
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  await close();
  for (const build of builds) await dropDatabase(ADMIN_URL, build.database);
}
