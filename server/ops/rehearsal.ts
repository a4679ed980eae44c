import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import pg from 'pg';
import { migrateOnClient, migrationsDir } from '../lib/migrator.js';
import { type DatasetScale, loadSyntheticDataset } from './synthetic-dataset.js';

/**
 * `npm run db:rehearse` (ADR 0023): on a scratch database of a PostgreSQL server, migrate to the
 * starting version, load the synthetic organisation, then for every later migration apply it, undo
 * it and redo it, timing each and recording which existing tables it locked ACCESS EXCLUSIVE.
 *
 * Each step runs in its own transaction and the locks are read from a second connection before the
 * commit: a table lock is held until the end of the transaction, so none taken can be missed.
 */

/** Tables on the request path: an exclusive lock on one stalls sign-ins, chat or the library. */
export const HOT_TABLES = new Set([
  'public.users',
  'public.sessions',
  'public.refresh_tokens',
  'public.community_members',
  'public.content_items',
  'public.content_assignments',
  'public.content_progress',
  'public.conversations',
  'public.messages',
  'public.audit_log',
]);

/** The lowest version the synthetic dataset fits (it needs the analytics roll-up of 0006). */
export const DATASET_MIN_VERSION = 6;

export interface RehearsalStep {
  version: number;
  name: string;
  action: 'do' | 'undo' | 'redo';
  ms: number;
  /** Tables that existed before the step and were locked ACCESS EXCLUSIVE by it. */
  exclusive: string[];
  hot: string[];
}

export interface RehearsalResult {
  database: string;
  from: number;
  to: number;
  loadMs: number;
  steps: RehearsalStep[];
  /** Schema version at the end: `to` when every redo applied. */
  finalVersion: number;
  /** Rows of the dataset's tables before the first and after the last step: a migration must not lose data. */
  rows: { before: Record<string, number>; after: Record<string, number> };
}

const DATA_TABLES = ['users', 'community_members', 'content_items', 'conversations', 'messages', 'content_progress'];

async function dataRows(client: pg.Client): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of DATA_TABLES) counts[table] = Number((await client.query<{ n: string }>(`select count(*)::text as n from ${table}`)).rows[0]?.n ?? 0);
  return counts;
}

export function migrationVersions(): Array<{ version: number; name: string }> {
  return readdirSync(migrationsDir)
    .map((file) => /^(\d+)\.do\.(.+)\.sql$/.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ version: Number(m[1]), name: m[2] ?? '' }))
    .sort((a, b) => a.version - b.version);
}

async function step(client: pg.Client, observer: pg.Client, target: number): Promise<{ ms: number; exclusive: string[] }> {
  const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
  const { rows: existing } = await client.query<{ oid: number }>(`select oid from pg_class where relkind in ('r', 'p')`);
  const before = new Set(existing.map((r) => r.oid));
  await client.query('begin');
  try {
    const t0 = performance.now();
    await migrateOnClient(client, target);
    const ms = performance.now() - t0;
    const { rows } = await observer.query<{ oid: number; name: string }>(
      `select c.oid, n.nspname || '.' || c.relname as name from pg_locks l join pg_class c on c.oid = l.relation join pg_namespace n on n.oid = c.relnamespace
       where l.pid = $1 and l.mode = 'AccessExclusiveLock' and l.granted and c.relkind in ('r', 'p') order by 2`,
      [pid],
    );
    await client.query('commit');
    return { ms, exclusive: rows.filter((r) => before.has(r.oid)).map((r) => r.name) };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

export interface RehearseOptions {
  /** A PostgreSQL server (any database on it) where a scratch database may be created and dropped. */
  serverUrl: string;
  scale: DatasetScale;
  /** The version production is at: migrations after it are rehearsed. */
  from?: number;
  keep?: boolean;
  progress?: (line: string) => void;
}

export async function rehearse(options: RehearseOptions): Promise<RehearsalResult> {
  const say = options.progress ?? (() => undefined);
  const versions = migrationVersions();
  const latest = versions.at(-1)?.version ?? 0;
  const from = Math.max(options.from ?? DATASET_MIN_VERSION, DATASET_MIN_VERSION);
  const name = `aigym_rehearsal_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: options.serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(options.serverUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString(), application_name: 'aigym-rehearsal', statement_timeout: 0 });
  const observer = new pg.Client({ connectionString: url.toString(), application_name: 'aigym-rehearsal-observer' });
  try {
    await client.connect();
    await observer.connect();
    await migrateOnClient(client, from);
    say(`scratch database ${name} at version ${from}; loading the ${options.scale} dataset`);
    const t0 = Date.now();
    await loadSyntheticDataset((text, params) => client.query(text, params), options.scale, say);
    const loadMs = Date.now() - t0;
    const before = await dataRows(client);
    const steps: RehearsalStep[] = [];
    for (const migration of versions.filter((v) => v.version > from)) {
      for (const action of ['do', 'undo', 'redo'] as const) {
        const target = action === 'undo' ? migration.version - 1 : migration.version;
        const { ms, exclusive } = await step(client, observer, target);
        const result = { ...migration, action, ms, exclusive, hot: exclusive.filter((t) => HOT_TABLES.has(t)) };
        steps.push(result);
        say(`  ${String(migration.version).padStart(4, '0')} ${migration.name.padEnd(28)} ${action.padEnd(4)} ${ms.toFixed(0).padStart(7)} ms${result.hot.length ? `  ACCESS EXCLUSIVE on hot ${result.hot.join(', ')}` : ''}`);
      }
    }
    const finalVersion = Number((await client.query<{ v: string }>('select max(version)::text as v from public.schemaversion')).rows[0]?.v ?? 0);
    return { database: name, from, to: latest, loadMs, steps, finalVersion, rows: { before, after: await dataRows(client) } };
  } finally {
    await client.end().catch(() => undefined);
    await observer.end().catch(() => undefined);
    if (!options.keep) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
