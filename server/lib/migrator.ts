import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import Postgrator from 'postgrator';

const here = path.dirname(fileURLToPath(import.meta.url));
/** db/migrations, found from both server/lib (tsx) and dist/server/lib (built). */
export const migrationsDir = path.resolve(here, here.includes(`${path.sep}dist${path.sep}`) ? '../../../db/migrations' : '../../db/migrations');

const MIGRATION_QUERY_TIMEOUT_MS = 2_147_483_647;

async function withMigrator<T>(pool: pg.Pool, fn: (migrator: Postgrator) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await onClient(client, fn);
  } finally {
    client.release();
  }
}

async function onClient<T>(client: pg.ClientBase, fn: (migrator: Postgrator) => Promise<T>): Promise<T> {
  const { rows } = await client.query<{ db: string }>('select current_database() as db');
  const migrator = new Postgrator({
    migrationPattern: path.join(migrationsDir, '*.sql').replaceAll('\\', '/'),
    driver: 'pg',
    database: rows[0]?.db ?? 'postgres',
    schemaTable: 'public.schemaversion',
    // A migration may run for minutes on a large table (0027 rewrites messages): no client-side
    // limit, whatever the pool's query_timeout is (setTimeout's longest is about 24 days).
    execQuery: (query) => client.query({ text: query, query_timeout: MIGRATION_QUERY_TIMEOUT_MS } as pg.QueryConfig),
  });
  return fn(migrator);
}

export interface MigrationResult {
  applied: string[];
  version: number;
}

/** Migrates to `target` (a version number, 0 for empty, or 'max'). */
export async function migrate(pool: pg.Pool, target: number | 'max' = 'max'): Promise<MigrationResult> {
  const client = await pool.connect();
  try {
    return await migrateOnClient(client, target);
  } finally {
    client.release();
  }
}

/** Migrates on one client, inside whatever transaction the caller has open (postgrator opens none). */
export async function migrateOnClient(client: pg.ClientBase, target: number | 'max' = 'max'): Promise<MigrationResult> {
  return onClient(client, async (migrator) => {
    const applied = await migrator.migrate(target === 'max' ? 'max' : String(target).padStart(4, '0'));
    const version = await migrator.getDatabaseVersion();
    return { applied: applied.map((m) => `${m.version}.${m.action}.${m.name}`), version: Number(version ?? 0) };
  });
}

/** Steps back `steps` migrations. */
export async function rollback(pool: pg.Pool, steps = 1): Promise<MigrationResult> {
  const current = await withMigrator(pool, (m) => m.getDatabaseVersion());
  return migrate(pool, Math.max(0, Number(current ?? 0) - steps));
}
