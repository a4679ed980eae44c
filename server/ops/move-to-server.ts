import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { acquireLock, readLock } from '../lib/data-dir-lock.js';
import { openDatabase } from '../lib/database.js';
import { countRows, listTables, type Queryable } from './embedded-backup.js';
import { migrate, migrateOnClient } from '../lib/migrator.js';

/**
 * `npm run db:move-to-server` (ADR 0023): copies an embedded installation into an empty PostgreSQL
 * database in ONE transaction on the target — migrations, every row, the checks — so a failure at
 * any point leaves the target as empty as it was.
 */
export class MoveError extends Error {
  override name = 'MoveError';
}

export interface MoveSummary {
  schemaVersion: number;
  tables: Array<{ table: string; rows: number }>;
  sessionsRevoked: number;
  uploadReferences: number;
  durationMs: number;
}

const BATCH = 1000;
const quote = (qualified: string) =>
  qualified
    .split('.')
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join('.');

/** Tables ordered so that every table comes after the tables its foreign keys point to. */
async function dependencyOrder(client: Queryable, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(
    `select cn.nspname || '.' || c.relname as child, pn.nspname || '.' || p.relname as parent
     from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace cn on cn.oid = c.relnamespace
     join pg_class p on p.oid = k.confrelid join pg_namespace pn on pn.oid = p.relnamespace where k.contype = 'f'`,
  );
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of rows) if (child !== parent) parents.get(child)?.add(parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t) && [...(parents.get(t) ?? [])].every((p) => placed.has(p) || !parents.has(p)));
    if (ready.length === 0) throw new MoveError('The tables reference each other in a cycle; this release cannot order the copy.');
    for (const t of ready) {
      ordered.push(t);
      placed.add(t);
    }
  }
  return ordered;
}

async function copiedColumns(client: Queryable, table: string): Promise<string[]> {
  // Generated columns are recomputed by the target.
  const { rows } = await client.query<{ name: string }>(
    `select attname as name from pg_attribute where attrelid = '${quote(table).replaceAll("'", "''")}'::regclass and attnum > 0 and not attisdropped and attgenerated = '' order by attnum`,
  );
  return rows.map((r) => r.name);
}

async function copyTable(source: pg.PoolClient, target: pg.ClientBase, table: string): Promise<void> {
  const columns = await copiedColumns(source, table);
  const list = columns.map((c) => `"${c.replaceAll('"', '""')}"`).join(', ');
  // Rows travel as JSON and are rebuilt by the target's own input functions: timestamps keep their
  // microseconds, jsonb, arrays and tsvectors their exact values.
  await source.query(`declare move_rows no scroll cursor for select row_to_json(r)::text as row from (select ${list} from ${quote(table)}) r`);
  try {
    for (;;) {
      const { rows } = await source.query<{ row: string }>(`fetch ${BATCH} from move_rows`);
      if (rows.length === 0) break;
      await target.query(`insert into ${quote(table)} (${list}) overriding system value select ${list} from json_populate_recordset(null::${quote(table)}, $1::json)`, [
        `[${rows.map((r) => r.row).join(',')}]`,
      ]);
    }
  } finally {
    await source.query('close move_rows');
  }
}

/** Identity and serial counters continue after the copied rows. */
async function advanceSequences(target: pg.ClientBase): Promise<void> {
  const { rows } = await target.query<{ table: string; column: string; seq: string }>(
    `select n.nspname || '.' || c.relname as table, a.attname as column, pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname) as seq
     from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ('public', 'app') and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
       and pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname) is not null`,
  );
  for (const r of rows) {
    await target.query(`select setval($1, coalesce((select max("${r.column.replaceAll('"', '""')}") from ${quote(r.table)}), 0) + 1, false)`, [r.seq]);
  }
}

async function assertEmpty(target: pg.ClientBase): Promise<void> {
  // The maintenance databases look empty but are nobody's to fill: an easy slip of the URL.
  const { rows: current } = await target.query<{ db: string }>('select current_database() as db');
  const db = current[0]?.db ?? '';
  if (['postgres', 'template0', 'template1'].includes(db)) {
    throw new MoveError(`"${db}" is the server's maintenance database: move into a database of its own, e.g. CREATE DATABASE aigym OWNER aigym_owner. Nothing was changed.`);
  }
  const { rows } = await target.query<{ name: string }>(
    `select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ('public', 'app') and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') order by 1 limit 5`,
  );
  const { rows: schemas } = await target.query<{ n: string }>(`select count(*)::text as n from pg_namespace where nspname = 'app'`);
  if (rows.length > 0 || Number(schemas[0]?.n) > 0) {
    throw new MoveError(
      `The target database is not empty (${rows.map((r) => r.name).join(', ') || 'schema app'}…): move into a new, empty database, e.g. CREATE DATABASE aigym OWNER aigym_owner. Nothing was changed.`,
    );
  }
}

export interface MoveOptions {
  dataDir: string;
  /** The owner's connection string (migrations and the copy run as the table owner). */
  targetUrl: string;
  /** Told each step as it happens. */
  progress?: (line: string) => void;
}

export async function moveToServer(options: MoveOptions): Promise<MoveSummary> {
  const started = Date.now();
  const say = options.progress ?? (() => undefined);
  const { dataDir } = options;
  const pgdataDir = path.join(dataDir, 'pgdata');
  if (!existsSync(path.join(pgdataDir, 'PG_VERSION'))) throw new MoveError(`There is no embedded database in ${path.resolve(dataDir)}: check DATA_DIR.`);
  const holder = readLock(dataDir);
  if (holder) throw new MoveError(`${path.resolve(dataDir)} is in use by process ${holder.pid} (${holder.purpose}): stop the app first, or rows written after the copy would be lost.`);

  const lock = acquireLock(dataDir, 'move');
  const source = await openDatabase({ pgliteDir: pgdataDir });
  const target = new pg.Client({ connectionString: options.targetUrl, application_name: 'aigym-move' });
  try {
    await migrate(source.pool);
    try {
      await target.connect();
    } catch (error) {
      throw new MoveError(`Cannot connect to the target database: ${error instanceof Error ? error.message : String(error)}`);
    }
    await assertEmpty(target);
    const from = await source.pool.connect();
    try {
      await from.query('begin isolation level repeatable read read only');
      await target.query('begin');
      try {
        // Rows are the owner's to copy: refuse outright rather than let a policy filter some away.
        await target.query('set local row_security = off');
        await target.query('set local statement_timeout = 0');
        const migrated = await migrateOnClient(target);
        say(`target migrated to schema version ${migrated.version}`);
        const tables = (await listTables(from)).filter((t) => t !== 'public.schemaversion');
        const targetTables = (await listTables(target)).filter((t) => t !== 'public.schemaversion');
        const missing = tables.filter((t) => !targetTables.includes(t));
        if (missing.length) throw new MoveError(`The target lacks tables the embedded database has: ${missing.join(', ')}.`);
        const ordered = await dependencyOrder(from, tables);
        // Triggers (usage roll-ups, audit, touch) already ran when the rows were first written.
        for (const table of ordered) await target.query(`alter table ${quote(table)} disable trigger user`);
        // Rows the migrations themselves wrote (default flags, prices…) are in the source too, maybe edited since.
        for (const table of [...ordered].reverse()) await target.query(`delete from ${quote(table)}`);
        for (const table of ordered) {
          await copyTable(from, target, table);
          say(`copied ${table}`);
        }
        for (const table of ordered) await target.query(`alter table ${quote(table)} enable trigger user`);
        await advanceSequences(target);

        const expected = await countRows(from, ordered);
        const actual = await countRows(target, ordered);
        const wrong = ordered.filter((t) => expected[t] !== actual[t]);
        if (wrong.length) throw new MoveError(`Counts differ after the copy for ${wrong.map((t) => `${t} (${expected[t]} → ${actual[t]})`).join(', ')}; nothing was moved.`);

        // Upload files stay in DATA_DIR/uploads (the server instances serve them from there): every one referenced must exist.
        const { rows: refs } = await target.query<{ url: string }>(`select thumbnail_url as url from content_items where thumbnail_url like '/uploads/%'`);
        const absent = refs.filter((r) => !existsSync(path.join(dataDir, 'uploads', path.basename(r.url))));
        if (absent.length) throw new MoveError(`${absent.length} referenced upload(s) are missing from ${path.join(dataDir, 'uploads')} (${absent.slice(0, 3).map((r) => r.url).join(', ')}); nothing was moved.`);

        // Signed-in people sign in again on the new server: no token from the old installation carries over.
        const revoked = await target.query(`update sessions set revoked_at = now(), revoked_reason = 'moved_to_server' where revoked_at is null`);
        await target.query('commit');
        await from.query('commit');
        return {
          schemaVersion: migrated.version,
          tables: ordered.map((table) => ({ table, rows: actual[table] ?? 0 })),
          sessionsRevoked: revoked.rowCount ?? 0,
          uploadReferences: refs.length,
          durationMs: Date.now() - started,
        };
      } catch (error) {
        await target.query('rollback').catch(() => undefined);
        await from.query('rollback').catch(() => undefined);
        throw error;
      }
    } finally {
      from.release();
    }
  } finally {
    await target.end().catch(() => undefined);
    await source.close();
    lock.release();
  }
}
