import { sql } from 'kysely';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDbKind } from '../test/test-database.js';
import { type DatabaseHandle, openDatabase } from './database.js';

/** Counts the statements each pooled client sends (one `query` call is one round trip). */
function countQueries(pool: pg.Pool): { sent: string[] } {
  const log = { sent: [] as string[] };
  const wrapped = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client) => {
    if (wrapped.has(client)) return;
    wrapped.add(client);
    const original = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const text = typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: unknown }).text);
      log.sent.push(text.trim().split(/\s+/).slice(0, 3).join(' ').toLowerCase());
      return original(...args);
    };
  });
  return log;
}

describe(`the one-trip transaction driver on ${testDbKind() === 'pglite' ? 'PGlite' : 'PostgreSQL'}`, () => {
  let database: TestDatabase;
  // One connection, so that consecutive transactions certainly share it.
  let single: DatabaseHandle;
  let log: { sent: string[] };

  beforeAll(async () => {
    database = await createTestDatabase();
    single = database.url ? await openDatabase({ url: database.url, poolMax: 1 }) : database.handle;
    log = countQueries(single.pool);
  });
  afterAll(async () => {
    if (single !== database.handle) await single.close();
    await database.drop();
  });

  it('sends BEGIN with a first statement that has no parameters, in one round trip', async () => {
    log.sent.length = 0;
    const result = await single.db.transaction().execute(async (trx) => (await sql<{ one: number }>`select 1 as one`.execute(trx)).rows);
    expect(result).toEqual([{ one: 1 }]);
    expect(log.sent).toEqual(['begin; select 1', 'commit']);
  });

  it('sends BEGIN on its own before a first statement with parameters', async () => {
    log.sent.length = 0;
    const result = await single.db.transaction().execute(async (trx) => (await sql<{ n: number }>`select ${41}::int + 1 as n`.execute(trx)).rows);
    expect(result).toEqual([{ n: 42 }]);
    expect(log.sent).toEqual(['begin', 'select $1::int +', 'commit']);
  });

  it('sends nothing for a transaction that ran no statement', async () => {
    log.sent.length = 0;
    await single.db.transaction().execute(async () => 'nothing');
    await expect(
      single.db.transaction().execute(async () => {
        throw new Error('before any statement');
      }),
    ).rejects.toThrow('before any statement');
    expect(log.sent).toEqual([]);
  });

  it('rolls back what the transaction did when it fails', async () => {
    await expect(
      single.db.transaction().execute(async (trx) => {
        await sql`insert into communities (name) values ('Rolled back')`.execute(trx);
        throw new Error('then something failed');
      }),
    ).rejects.toThrow('then something failed');
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from communities where name = 'Rolled back'`.execute(single.db);
    expect(rows[0]?.n).toBe(0);
  });

  it('lets PostgreSQL refuse a write inside a READ ONLY transaction', async () => {
    const write = single.db
      .transaction()
      .setAccessMode('read only')
      .execute((trx) => sql`insert into communities (name) values ('Written by a GET')`.execute(trx));
    await expect(write).rejects.toMatchObject({ code: '25006' });
  });

  it('does not let an identity outlive a READ ONLY transaction whose COMMIT it did not wait for', async () => {
    for (let i = 0; i < 5; i += 1) {
      const id = `00000000-0000-4000-8000-00000000000${i}`;
      const set = await single.db
        .transaction()
        .setAccessMode('read only')
        .execute(async (trx) => (await sql<{ v: string }>`select set_config('app.user_id', ${id}, true) as v`.execute(trx)).rows[0]?.v);
      expect(set).toBe(id);
      const after = await single.db.transaction().execute(async (trx) => (await sql<{ v: string | null }>`select current_setting('app.user_id', true) as v`.execute(trx)).rows[0]?.v);
      expect(after ?? '').toBe('');
    }
  });
});
