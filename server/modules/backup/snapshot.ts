import type pg from 'pg';
import type { DatabaseHandle } from '../../lib/database.js';

export const BACKUP_FORMAT = 1;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  /** The last applied migration. */
  schemaVersion: number;
  /** Rows per table at the instant of the snapshot; restore checks it gets the same. */
  tables: Record<string, number>;
  uploads?: number;
}

/** Rows per table in the public schema (as the engine's superuser: row-level security does not apply). */
export async function countRows(query: (text: string) => Promise<{ rows: Array<Record<string, unknown>> }>): Promise<Record<string, number>> {
  const { rows } = await query(`select tablename from pg_tables where schemaname = 'public' order by tablename`);
  const counts: Record<string, number> = {};
  for (const row of rows) {
    const table = String(row.tablename);
    const result = await query(`select count(*)::bigint as n from public."${table.replaceAll('"', '""')}"`);
    counts[table] = Number(result.rows[0]?.n ?? 0);
  }
  return counts;
}

async function connectExclusive(pool: pg.Pool): Promise<pg.PoolClient> {
  // The embedded pool has one connection and waits at most 2 s for it; under load, try again.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await pool.connect();
    } catch (error) {
      if (attempt >= 15) throw error;
    }
  }
}

/**
 * A consistent snapshot of the embedded database while the app keeps running: it holds the pool's
 * only connection, so no request is between statements of a transaction, counts the rows and has
 * PGlite archive its data folder (a crash-consistent image that restores by ordinary recovery).
 * Requests wait for the length of the archive, then carry on.
 */
export async function takeSnapshot(handle: DatabaseHandle): Promise<{ archive: Buffer; manifest: BackupManifest }> {
  const { pglite } = handle;
  if (!pglite) throw new Error('Snapshots are for the embedded database; back up a PostgreSQL server with pg_dump.');
  const client = await connectExclusive(handle.pool);
  try {
    const tables = await countRows((text) => client.query(text));
    const version = await client.query<{ v: string | null }>('select max(version)::text as v from schemaversion');
    const blob = await pglite.dumpDataDir('gzip');
    const manifest: BackupManifest = { format: BACKUP_FORMAT, createdAt: new Date().toISOString(), schemaVersion: Number(version.rows[0]?.v ?? 0), tables };
    return { archive: Buffer.from(await blob.arrayBuffer()), manifest };
  } finally {
    client.release();
  }
}

