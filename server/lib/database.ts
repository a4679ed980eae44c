import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from '../db-schema.js';
import { OneTripDialect } from './one-trip-driver.js';
import { recordQuerySpan } from './tracing.js';

/** How long a request may wait for a connection before it is answered 503 instead of hanging. */
export const POOL_ACQUIRE_TIMEOUT_MS = 2000;

/**
 * A statement that runs longer than this is cancelled by PostgreSQL (and a lock waited for longer
 * than this is given up). Requests' statements take milliseconds; tools that run long statements
 * (migrations, moves, benchmarks' datasets) use clients of their own without it.
 */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 4000;
/**
 * How much longer than the statement timeout the client waits for any answer before it gives the
 * connection up. A frozen server (SIGSTOP, a hung host) cancels nothing and closes nothing, so only
 * the client can notice: a request that already holds a connection is answered 503 after
 * statement timeout + this, not after the whole outage (issue 27).
 */
const CLIENT_TIMEOUT_MARGIN_MS = 500;

/**
 * A connection pooler between the server and PostgreSQL. PgBouncer in transaction mode gives each
 * transaction whichever server connection is free, so a statement prepared in one transaction is
 * not there in the next (before PgBouncer 1.21's max_prepared_statements): statements then run
 * unnamed (ADR 0039).
 */
export type DatabasePooler = 'none' | 'pgbouncer';

export interface DatabaseHandle {
  kind: 'pglite' | 'postgres';
  pool: pg.Pool;
  /** The embedded database itself (backups dump it); undefined on a server. */
  pglite?: PGlite;
  db: Kysely<Database>;
  /** Told the duration of every query (metrics); set by whoever owns the metrics. */
  onQuery?: (milliseconds: number) => void;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL server; without it the embedded PGlite database is used. */
  url?: string | undefined;
  /** Where PGlite keeps its files, or `memory://` for a throw-away database. */
  pgliteDir?: string | undefined;
  poolMax?: number | undefined;
  /** Per-statement and lock-wait limit on a server, set inside every transaction (not at connection start, which PgBouncer refuses). */
  statementTimeoutMs?: number | undefined;
  /** What sits between this process and PostgreSQL (`DATABASE_POOLER`). */
  pooler?: DatabasePooler | undefined;
  onPoolError?: (error: Error) => void;
}

/**
 * PostgreSQL's default 128 MB of shared buffers is most of an embedded server's memory (PGlite
 * touches all of it at start), and a laptop's or a demo's data fits in far less: 32 MB took the
 * server's resident memory under a two-minute soak from 486 MB to 364 MB, and 16 MB to about 300 MB
 * (issue 16).
 */
const EMBEDDED_SETTINGS = ['-c', 'shared_buffers=16MB'];

/**
 * Creates the embedded database in `dir` on a worker thread. PGlite runs initdb in the process that
 * opens an empty folder, and the instance then keeps that run's WebAssembly memory (about 400 MB)
 * for as long as it lives; a worker's memory goes with the worker (issue 16: a first start held
 * 700 MB instead of 300).
 */
async function createEmbeddedDatabase(dir: string): Promise<void> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const { PGlite } = require(workerData.pglite);
     (async () => { const db = new PGlite(workerData.dir, { startParams: [...PGlite.defaultStartParams, ...workerData.settings] }); await db.waitReady; await db.close(); })()
       .catch((error) => { parentPort.postMessage(String(error?.message ?? error)); process.exit(1); });`,
    { eval: true, workerData: { dir, settings: EMBEDDED_SETTINGS, pglite: createRequire(import.meta.url).resolve('@electric-sql/pglite') } },
  );
  let reason = 'no reason given';
  worker.on('message', (message: unknown) => (reason = String(message)));
  worker.on('error', (error) => (reason = error.message));
  const code = await new Promise<number>((resolve) => worker.once('exit', resolve));
  if (code !== 0) throw new Error(`creating the embedded database in ${dir} failed: ${reason}`);
}

async function openEmbedded(dir: string): Promise<PGlite> {
  if (!dir.startsWith('memory://')) {
    mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
    if (!existsSync(path.join(dir, 'PG_VERSION'))) await createEmbeddedDatabase(dir);
  }
  const pglite = new PGlite(dir, { startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS] });
  await pglite.waitReady;
  return pglite;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  let pool: pg.Pool;
  let pglite: PGlite | undefined;
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  if (options.url) {
    pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolMax ?? 10,
      connectionTimeoutMillis: POOL_ACQUIRE_TIMEOUT_MS,
      idleTimeoutMillis: 30_000,
      // No statement_timeout here: it would travel in the startup packet, which PgBouncer refuses
      // ("unsupported startup parameter"). The transaction sets it (transactionSettings below).
      query_timeout: statementTimeoutMs + CLIENT_TIMEOUT_MARGIN_MS,
      application_name: 'aigym',
    });
  } else {
    pglite = await openEmbedded(options.pgliteDir ?? 'memory://');
    // PGlite is a single session: more than one pool client would interleave transactions.
    pool = new pg.Pool({ ...createPgConfig(pglite), max: 1, connectionTimeoutMillis: POOL_ACQUIRE_TIMEOUT_MS });
  }
  // A client losing its server must not crash the process: idle ones report through the pool, and a
  // checked-out one between two queries would otherwise emit an unhandled 'error'. The query in
  // flight fails on its own and the request answers 503; the next checkout reconnects.
  pool.on('error', (error) => options.onPoolError?.(error));
  pool.on('connect', (client) => client.on('error', (error) => options.onPoolError?.(error)));
  const handle: DatabaseHandle = {
    kind: pglite ? 'pglite' : 'postgres',
    pool,
    ...(pglite ? { pglite } : {}),
    db: new Kysely<Database>({
      dialect: new OneTripDialect(pool, {
        pipelineReadOnlyCommit: !pglite,
        prepareStatements: (options.pooler ?? 'none') === 'none',
        transactionSettings: pglite ? [] : transactionSettings(statementTimeoutMs),
      }),
      log: (event) => {
        handle.onQuery?.(event.queryDurationMillis);
        recordQuerySpan(event, 'postgresql');
      },
    }),
    async close() {
      await handle.db.destroy();
      await pglite?.close();
    },
  };
  return handle;
}

/**
 * Limits every transaction on a server sets for itself with SET LOCAL (they end with it, so they are
 * safe behind a transaction-mode pooler). The idle limit frees a connection whose process stopped
 * talking in the middle of a transaction.
 */
function transactionSettings(statementTimeoutMs: number): string[] {
  const ms = Math.max(1, Math.trunc(statementTimeoutMs));
  return [`set local statement_timeout = ${ms}`, `set local lock_timeout = ${ms}`, 'set local idle_in_transaction_session_timeout = 30000'];
}

// 57014: a statement cancelled by its timeout; 55P03: a lock not granted within lock_timeout.
const unavailableCodes = new Set(['57014', '55P03', 'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

/** True for errors that mean "the database cannot be reached right now", not "the query was wrong". */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && unavailableCodes.has(code)) return true;
  return /timeout exceeded when trying to connect|Connection terminated|connection timeout|Client has encountered a connection error|Query read timeout|not queryable/i.test(
    error.message,
  );
}
