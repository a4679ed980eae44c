// bench/driver-compare: `pg` against `postgres` (porsager's postgres.js, which pipelines) behind
// Kysely, on the reference's dataset and RLS policy (../shared/perf-reference), in one process and
// one run, so only the ratios count (ADR 0058). Each "request" is what a member's list read does in
// the app: a READ ONLY transaction, the identity prologue (set_config of the user and the role), then
// the RLS-filtered first page of 20. 50 requests are kept in flight against a pool of 10 connections
// (the app's default). Phases alternate (A B C … A B C …) so each driver sees the same machine.
//
//   POSTGRES_JS_DIR=/tmp/perf-drivers node --import tsx bench/driver-compare.mjs
//     (`postgres` is not a dependency of the app: install it anywhere, e.g.
//      npm install --prefix /tmp/perf-drivers postgres, and point POSTGRES_JS_DIR there)
//   BENCH_COMPARE_DATABASE_URL   the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres)
//   BENCH_SECONDS=5  seconds per phase; BENCH_ROUNDS=2  how many times each phase runs
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Kysely, PostgresAdapter, PostgresDialect, PostgresIntrospector, PostgresQueryCompiler, sql } from 'kysely';
import pg from 'pg';
import { DEFERRED_IDENTITY_MARKER, OneTripDialect } from '../server/lib/one-trip-driver.ts';
import { databaseUrl, dropDatabase, recreateDatabase } from './lib.mjs';

const ADMIN_URL = process.env.BENCH_COMPARE_DATABASE_URL ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const IN_FLIGHT = 50;
const POOL = 10;
const DB = `aigym_driver_compare_${process.pid}`;
const USER = '00000000-0000-0000-0000-000000000001';
const COMMUNITIES = ['4425393d-9a86-8b02-c819-2a028876b0d3', '56d7ba23-74cb-ca7b-f95c-7890f1e28ff2', '612b605a-1df8-906e-aa83-8f9d3339b39f'];
const COLS = 'id, community_id, title, body, status, created_at';

const postgres = (process.env.POSTGRES_JS_DIR ? createRequire(path.join(path.resolve(process.env.POSTGRES_JS_DIR), 'package.json')) : createRequire(import.meta.url))('postgres');

function findReference() {
  const candidates = [process.env.PERF_REFERENCE_DIR, '../shared/perf-reference', '../../shared/perf-reference'].filter(Boolean).map((p) => path.resolve(p));
  const found = candidates.find((dir) => existsSync(path.join(dir, 'schema.sql')));
  if (!found) throw new Error('perf-reference not found; set PERF_REFERENCE_DIR');
  return found;
}

/**
 * The prototype: Kysely on postgres.js. A transaction reserves one connection; with `pipeline`, its
 * BEGIN is not waited for (postgres.js writes it and the next statements on the connection at once,
 * and reads the answers in order), and a READ ONLY transaction's COMMIT is not waited for either —
 * the same trips the app's one-trip driver saves with `pg`, got by pipelining instead of batching.
 */
class PostgresJsDriver {
  constructor(client, { pipeline }) {
    this.client = client;
    this.pipeline = pipeline;
  }
  async init() {}
  async acquireConnection() {
    return new PostgresJsConnection(await this.client.reserve());
  }
  async beginTransaction(connection, settings) {
    const begin = settings.accessMode ? `start transaction ${settings.accessMode}` : 'begin';
    // postgres.js sends a query only when it is awaited or execute()d: execute() writes it now.
    if (this.pipeline) connection.inFlight.push(connection.reserved.unsafe(begin).execute());
    else await connection.reserved.unsafe(begin);
    connection.readOnly = settings.accessMode === 'read only';
  }
  async commitTransaction(connection) {
    if (this.pipeline && connection.readOnly) {
      connection.inFlight.push(connection.reserved.unsafe('commit').execute());
      return;
    }
    await connection.settle();
    await connection.reserved.unsafe('commit');
  }
  async rollbackTransaction(connection) {
    await connection.settle().catch(() => undefined);
    await connection.reserved.unsafe('rollback');
  }
  async releaseConnection(connection) {
    // The reserved connection's queue stays in order: a pipelined COMMIT is answered before the next
    // transaction's first statement on it, so the connection may go back at once.
    const pending = connection.inFlight;
    connection.inFlight = [];
    Promise.all(pending).catch(() => undefined);
    connection.reserved.release();
  }
  async destroy() {
    await this.client.end();
  }
}

class PostgresJsConnection {
  constructor(reserved) {
    this.reserved = reserved;
    this.inFlight = [];
    this.readOnly = false;
  }
  async settle() {
    const pending = this.inFlight;
    this.inFlight = [];
    await Promise.all(pending);
  }
  async executeQuery(compiledQuery) {
    if (compiledQuery.sql.startsWith(DEFERRED_IDENTITY_MARKER)) {
      // As the app's driver defers its prologue: sent at once, its answer checked before the next
      // statement's rows are handed back (identity_ok), so the list does not wait for it.
      this.inFlight.push(
        this.reserved.unsafe(compiledQuery.sql, [...compiledQuery.parameters]).execute().then((rows) => {
          if (rows[0]?.identity_ok !== true) throw new Error('identity changed');
        }),
      );
      return { rows: [] };
    }
    const query = this.reserved.unsafe(compiledQuery.sql, [...compiledQuery.parameters], { prepare: true }).execute();
    await this.settle();
    const rows = await query;
    return { rows: [...rows], numAffectedRows: rows.command === 'SELECT' ? undefined : BigInt(rows.count ?? 0) };
  }
  streamQuery() {
    throw new Error('not used by the benchmark');
  }
}

function postgresJsDialect(client, options) {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new PostgresJsDriver(client, options),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}

// The statements, as the app's request helper writes them (transactions.ts): the prologue carries
// the user id as a literal so that it may travel with BEGIN; the list is bound.
const prologue = sql`select set_config('app.user_id', ${sql.lit(USER)}, true), set_config('role', 'app_user', true)`;
const deferredPrologue = sql`${sql.raw(DEFERRED_IDENTITY_MARKER)} select true as identity_ok, set_config('app.user_id', ${sql.lit(USER)}, true), set_config('role', 'app_user', true)`;
const listQuery = (db) => db.selectFrom('items').select(['id', 'community_id', 'title', 'body', 'status', 'created_at']).where('status', '<>', 'x').orderBy('created_at', 'desc').limit(20);

function kyselyRequest(db, first = prologue) {
  return () =>
    db
      .transaction()
      .setAccessMode('read only')
      .execute(async (trx) => {
        await first.execute(trx);
        return listQuery(trx).execute();
      });
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Keeps IN_FLIGHT requests going for SECONDS; req/s, latency and this process's CPU per request. */
async function measure(run) {
  const warmUntil = performance.now() + 1000;
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (performance.now() < warmUntil) await run();
  }));
  const latencies = [];
  let failed = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const until = started + SECONDS * 1000;
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (performance.now() < until) {
      const t = performance.now();
      try {
        const rows = await run();
        if ((rows.length ?? rows.rows?.length) !== 20) failed += 1;
      } catch {
        failed += 1;
      }
      latencies.push(performance.now() - t);
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / latencies.length, failed };
}

const referenceDir = findReference();
await recreateDatabase(ADMIN_URL, DB);
const url = databaseUrl(ADMIN_URL, DB);
{
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('do $$ begin create role app_user nologin; exception when duplicate_object then null; end $$');
  await client.query(readFileSync(path.join(referenceDir, 'schema.sql'), 'utf8').replace(/^CREATE ROLE app_user NOLOGIN;$/m, ''));
  await client.query(readFileSync(path.join(referenceDir, 'policy_any.sql'), 'utf8'));
  await client.end();
}

const pgPool = () => new pg.Pool({ connectionString: url, max: POOL });
const pgBarePool = pgPool();
const pgKysely = new Kysely({ dialect: new PostgresDialect({ pool: pgPool() }) });
const oneTrip = new Kysely({ dialect: new OneTripDialect(pgPool(), { pipelineReadOnlyCommit: true, prepareStatements: true, transactionSettings: [] }) });
const pjsBare = postgres(url, { max: POOL, onnotice: () => undefined });
const pjsKysely = new Kysely({ dialect: postgresJsDialect(postgres(url, { max: POOL, onnotice: () => undefined }), { pipeline: false }) });
const pjsPipelined = new Kysely({ dialect: postgresJsDialect(postgres(url, { max: POOL, onnotice: () => undefined }), { pipeline: true }) });

const bareSql = `select ${COLS} from items where community_id = any($1) order by created_at desc limit 20`;
const phases = [
  ['pg: bare query (no RLS, no transaction)', async () => (await pgBarePool.query(bareSql, [COMMUNITIES])).rows],
  ['postgres.js: bare query', () => pjsBare.unsafe(bareSql, [COMMUNITIES], { prepare: true })],
  ['Kysely + pg (stock dialect: 4 trips)', kyselyRequest(pgKysely)],
  ['Kysely + pg (app one-trip driver)', kyselyRequest(oneTrip, deferredPrologue)],
  ['Kysely + postgres.js (awaited: 4 trips)', kyselyRequest(pjsKysely)],
  ['Kysely + postgres.js (pipelined)', kyselyRequest(pjsPipelined)],
  ['Kysely + postgres.js (pipelined, prologue deferred)', kyselyRequest(pjsPipelined, deferredPrologue)],
];

process.stdout.write(`bench/driver-compare: ${IN_FLIGHT} in flight, pool ${POOL}, ${SECONDS} s x ${ROUNDS} rounds, ${new Date().toISOString()}\n`);
const results = new Map(phases.map(([label]) => [label, []]));
try {
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [label, run] of phases) results.get(label).push(await measure(run));
  }
  const bare = results.get(phases[0][0]);
  const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
  const bareRps = mean(bare.map((m) => m.rps));
  const bareCpu = mean(bare.map((m) => m.cpuMsPerRequest));
  for (const [label] of phases) {
    const ms = results.get(label);
    const rps = mean(ms.map((m) => m.rps));
    const cpu = mean(ms.map((m) => m.cpuMsPerRequest));
    process.stdout.write(
      `${label.padEnd(52)} ${rps.toFixed(0).padStart(6)} req/s  p50 ${mean(ms.map((m) => m.p50)).toFixed(1).padStart(5)} ms  p99 ${mean(ms.map((m) => m.p99)).toFixed(1).padStart(5)} ms  node cpu ${cpu.toFixed(3)} ms/req  | ${((rps / bareRps) * 100).toFixed(0).padStart(3)}% of pg bare req/s, ${((bareCpu / cpu) * 100).toFixed(0).padStart(3)}% by cpu${ms.some((m) => m.failed) ? `  ${ms.reduce((n, m) => n + m.failed, 0)} FAILED` : ''}\n`,
    );
  }
} finally {
  await Promise.all([pgBarePool.end(), pgKysely.destroy(), oneTrip.destroy(), pjsBare.end(), pjsKysely.destroy(), pjsPipelined.destroy()]);
  await dropDatabase(ADMIN_URL, DB);
}
