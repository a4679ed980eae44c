import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../lib/database.js';
import { migrate } from '../lib/migrator.js';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database on
 * the PostgreSQL server at TEST_DATABASE_URL when the suite runs with TEST_DB=postgres.
 */
export interface TestDatabase {
  handle: DatabaseHandle;
  /** Connection string of the fresh database (server runs only). */
  url?: string;
  drop(): Promise<void>;
}

export const testDbKind = (): 'pglite' | 'postgres' => (process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite');

export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  if (testDbKind() === 'pglite') {
    const handle = await openDatabase({ pgliteDir: 'memory://' });
    if (migrated) await migrate(handle.pool);
    return { handle, drop: () => handle.close() };
  }
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL');
  const name = `aigym_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let handle = await openDatabase({ url: url.toString(), poolMax: 10 });
  if (migrated) await migrate(handle.pool);
  // TEST_PGBOUNCER_URL (pgbouncer.test.ts sets it for the isolation tests): the app's connections go
  // through a transaction-mode PgBouncer in front of that server, migrations straight to PostgreSQL.
  const pooler = process.env.TEST_PGBOUNCER_URL;
  if (pooler) {
    await handle.close();
    const through = new URL(pooler);
    through.pathname = `/${name}`;
    handle = await openDatabase({ url: through.toString(), poolMax: 10, pooler: 'pgbouncer' });
  }
  return {
    handle,
    url: url.toString(),
    async drop() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
