import { sql, type Transaction } from 'kysely';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDbKind } from '../test/test-database.js';
import type { Database } from '../db-schema.js';
import { type DatabaseHandle, openDatabase } from './database.js';
import { DEFERRED_IDENTITY_MARKER, IdentityChangedError } from './one-trip-driver.js';

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
    // On a server the transaction's limits travel with its BEGIN (SET LOCAL, ADR 0039), in the same trip.
    expect(log.sent).toEqual([database.url ? 'begin; set local' : 'begin; select 1', 'commit']);
  });

  it.runIf(testDbKind() === 'postgres')('sets the statement, lock and idle limits inside the transaction, not on the connection', async () => {
    const inside = await single.db.transaction().execute(
      async (trx) =>
        (await sql<{ s: string; l: string; i: string }>`select current_setting('statement_timeout') as s, current_setting('lock_timeout') as l, current_setting('idle_in_transaction_session_timeout') as i`.execute(trx)).rows[0],
    );
    expect(inside).toEqual({ s: '4s', l: '4s', i: '30s' });
    const outside = (await sql<{ s: string }>`select current_setting('statement_timeout') as s`.execute(single.db)).rows[0];
    expect(outside?.s).toBe('0');
  });

  it('sends BEGIN on its own before a first statement with parameters', async () => {
    log.sent.length = 0;
    const result = await single.db.transaction().execute(async (trx) => (await sql<{ n: number }>`select ${41}::int + 1 as n`.execute(trx)).rows);
    expect(result).toEqual([{ n: 42 }]);
    expect(log.sent).toEqual([database.url ? 'begin; set local' : 'begin', 'select $1::int +', 'commit']);
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

describe(`prepared statements on ${testDbKind() === 'pglite' ? 'PGlite' : 'PostgreSQL'} (ADR 0031)`, () => {
  let database: TestDatabase;
  let single: DatabaseHandle;

  beforeAll(async () => {
    database = await createTestDatabase();
    single = database.url ? await openDatabase({ url: database.url, poolMax: 1 }) : database.handle;
  });
  afterAll(async () => {
    if (single !== database.handle) await single.close();
    await database.drop();
  });

  const prepared = async () =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements where name like 'aigym\_%'`.execute(single.db)).rows.map((r) => r.statement);

  it('prepares a statement once it recurs, and runs it with each call’s own values', async () => {
    const text = `select ${'$'}1::int * 2 as doubled`;
    expect(await prepared()).not.toContain(text);
    const answers: number[] = [];
    for (let i = 1; i <= 5; i += 1) {
      answers.push(await single.db.transaction().execute(async (trx) => (await sql<{ doubled: number }>`select ${i}::int * 2 as doubled`.execute(trx)).rows[0]?.doubled ?? 0));
    }
    expect(answers).toEqual([2, 4, 6, 8, 10]);
    expect(await prepared()).toContain(text);
  });

  it('prepares a statement afresh once its table changed shape', async () => {
    await sql`create table prepared_shape (id int)`.execute(single.db);
    await sql`insert into prepared_shape values (1)`.execute(single.db);
    const read = () => single.db.transaction().execute(async (trx) => (await sql<{ id: number }>`select * from prepared_shape where id = ${1}`.execute(trx)).rows);
    for (let i = 0; i < 4; i += 1) await read();
    await sql`alter table prepared_shape add column extra text`.execute(single.db);
    // PostgreSQL refuses the kept plan once (its result would change shape)…
    const first = await read().then(
      () => 'ran',
      (error: { code?: string }) => error.code,
    );
    if (first !== 'ran') expect(first).toBe('0A000');
    // …and the request after it prepares it again.
    expect(await read()).toEqual([{ id: 1, extra: null }]);
    await sql`drop table prepared_shape`.execute(single.db);
  });
});

describe(`reads with a deferred identity on ${testDbKind() === 'pglite' ? 'PGlite' : 'PostgreSQL'} (ADR 0048)`, () => {
  let database: TestDatabase;
  // As behind a transaction-mode pooler: nothing stays prepared, every statement is a one-off.
  let unnamed: DatabaseHandle;

  beforeAll(async () => {
    database = await createTestDatabase();
    unnamed = database.url ? await openDatabase({ url: database.url, poolMax: 1, pooler: 'pgbouncer' }) : database.handle;
  });
  afterAll(async () => {
    if (unnamed !== database.handle) await unnamed.close();
    await database.drop();
  });

  const read = <T>(identityOk: boolean, fn: (trx: Transaction<Database>) => Promise<T>) =>
    unnamed.db
      .transaction()
      .setAccessMode('read only')
      .execute(async (trx) => {
        await sql`${sql.raw(DEFERRED_IDENTITY_MARKER)} select ${sql.lit(identityOk)} as identity_ok`.execute(trx);
        return fn(trx);
      });

  it('binds values as the extended protocol would, whatever characters they hold', async () => {
    const hostile = [`it's`, 'back\\slash', `'); drop table users; --`, '$1 $$ $q$', 'ñandú 🦙', ''];
    for (const value of hostile) {
      const rows = await read(true, async (trx) => (await sql<{ v: string; n: number; a: string[] }>`select ${value}::text as v, ${7}::int as n, ${[value, 'b']}::text[] as a`.execute(trx)).rows);
      expect(rows).toEqual([{ v: value, n: 7, a: [value, 'b'] }]);
    }
  });

  it('hands back no row when the identity was not confirmed, and fails the transaction', async () => {
    await expect(read(false, (trx) => sql`select 1 as one`.execute(trx))).rejects.toBeInstanceOf(IdentityChangedError);
    // A caller that swallows the refusal still cannot finish the transaction.
    await expect(read(false, (trx) => sql`select 1 as one`.execute(trx).catch(() => 'swallowed'))).rejects.toBeInstanceOf(IdentityChangedError);
    // Nor can one that ran no statement at all.
    await expect(read(false, async () => 'nothing')).rejects.toBeInstanceOf(IdentityChangedError);
  });

  it('refuses writes, and leaves no one-off prepared statement behind, even after an error', async () => {
    await expect(read(true, (trx) => sql`insert into communities (name) values (${'Written by a GET'})`.execute(trx))).rejects.toMatchObject({ code: '25006' });
    await expect(read(true, (trx) => sql`select 1 / ${0}::int as boom`.execute(trx))).rejects.toMatchObject({ code: '22012' });
    const left = await read(true, async (trx) => (await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements where name like 'aigym\\_o%'`.execute(trx)).rows[0]?.n);
    expect(left).toBe(0);
  });
});
