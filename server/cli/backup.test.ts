import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { acquireLock } from '../lib/data-dir-lock.js';
import { type DatabaseHandle, openDatabase } from '../lib/database.js';
import { migrate } from '../lib/migrator.js';
import { countRows } from '../modules/backup/snapshot.js';
import { TEST_SECRET } from '../test/test-app.js';
import { testDbKind } from '../test/test-database.js';
import { backup, CliRefusal } from './backup.js';
import { restore } from './restore.js';

const PORT = 4181;

// The embedded database only: one run is enough.
describe.skipIf(testDbKind() === 'postgres')('backup and restore of the embedded database', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'aigym-backup-'));
  const dataDir = path.join(root, 'data');
  let database: DatabaseHandle;
  let app: FastifyInstance;
  let lock: ReturnType<typeof acquireLock>;

  beforeAll(async () => {
    // The server as main.ts starts it: lock, file database, migrations, listening, port in the lock.
    lock = acquireLock(dataDir, 'server');
    database = await openDatabase({ pgliteDir: path.join(dataDir, 'pgdata') });
    await migrate(database.pool);
    const config = loadConfig({ AUTH_SECRET: TEST_SECRET, DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test' });
    app = await buildApp(config, { database, webDir: path.join(root, 'no-web') });
    await app.listen({ port: PORT, host: '127.0.0.1' });
    lock.setPort(PORT);
    mkdirSync(path.join(dataDir, 'uploads'), { recursive: true });
    writeFileSync(path.join(dataDir, 'uploads', 'thumb-1.png'), 'not really a png');
  }, 240_000);
  afterAll(async () => {
    await app?.close();
    await database.close();
    lock.release();
    rmSync(root, { recursive: true, force: true });
  });

  it('takes a consistent backup through the running server while it is being written to, and restores identical row counts', async () => {
    let writing = true;
    let written = 0;
    let failure: unknown = null;
    const until = async (done: () => boolean) => {
      const deadline = Date.now() + 30_000;
      while (!done()) {
        if (failure) throw failure;
        if (Date.now() > deadline) throw new Error(`the writer stalled at ${written} transactions`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const writer = (async () => {
      while (writing) {
        // A transaction of two inserts: a snapshot must never hold one without the other.
        await database.db.transaction().execute(async (trx) => {
          const community = await trx.insertInto('communities').values({ name: `Load ${written}` }).returning('id').executeTakeFirstOrThrow();
          await trx.insertInto('feature_flags').values({ key: `load_${written}`, description: community.id }).execute();
        });
        written += 1;
      }
    })().catch((error: unknown) => {
      failure = error;
    });
    await until(() => written >= 20);

    const out = path.join(root, 'backup-1');
    const { manifest } = await backup({ DATA_DIR: dataDir }, out);
    const atSnapshot = manifest.tables.communities ?? -1;
    await until(() => written >= atSnapshot + 10);
    writing = false;
    await writer;

    expect(atSnapshot).toBeGreaterThanOrEqual(20);
    expect(atSnapshot).toBeLessThan(written);
    // Pairs written in one transaction: as many load flags as load communities (+ the seeded 'sandbox' flag).
    expect(manifest.tables.feature_flags).toBe(atSnapshot + 1);
    expect(manifest.uploads).toBe(1);

    const restoredDir = path.join(root, 'restored');
    const restored = await restore({ DATA_DIR: restoredDir }, out);
    expect(restored.tables).toEqual(manifest.tables);
    const db = await PGlite.create(path.join(restoredDir, 'pgdata'));
    try {
      const counts = await countRows((text) => db.query<Record<string, unknown>>(text));
      expect(counts).toEqual(manifest.tables);
      const { rows } = await db.query<{ orphans: number }>(
        `select count(*)::int as orphans from communities c where c.name like 'Load %' and not exists (select 1 from feature_flags f where f.description = c.id::text)`,
      );
      expect(rows[0]?.orphans).toBe(0);
    } finally {
      await db.close();
    }
    expect(readFileSync(path.join(restoredDir, 'uploads', 'thumb-1.png'), 'utf8')).toBe('not really a png');
  }, 400_000);

  it('refuses to back up a PostgreSQL installation, a folder with no database, or into a folder that is not empty', { timeout: 60_000 }, async () => {
    await expect(backup({ DATA_DIR: dataDir, DATABASE_URL: 'postgres://x@127.0.0.1/db' }, path.join(root, 'b2'))).rejects.toThrow(/pg_dump/);
    await expect(backup({ DATA_DIR: path.join(root, 'nothing-here') }, path.join(root, 'b3'))).rejects.toThrow(/no embedded database/);
    await expect(backup({ DATA_DIR: dataDir }, path.join(root, 'backup-1'))).rejects.toBeInstanceOf(CliRefusal);
  });

  it('refuses to restore into a folder in use or not empty, or from a folder that is not a backup', { timeout: 60_000 }, async () => {
    await expect(restore({ DATA_DIR: dataDir }, path.join(root, 'backup-1'))).rejects.toThrow(/in use by process/);
    await expect(restore({ DATA_DIR: path.join(root, 'restored') }, path.join(root, 'backup-1'))).rejects.toThrow(/empty DATA_DIR/);
    await expect(restore({ DATA_DIR: path.join(root, 'fresh') }, path.join(root, 'data'))).rejects.toThrow(/not an AI GYM backup/);
  });
});
