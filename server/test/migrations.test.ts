import { readdirSync } from 'node:fs';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db-schema.js';
import { migrate, migrationsDir } from '../lib/migrator.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/**
 * Every migration has its rollback, and the rollback undoes exactly what the migration did: going
 * up, all the way down and up again leaves a schema identical, object by object, to the first.
 */

const BOOKKEEPING = 'schemaversion';

type Db = Kysely<Database>;
type Rows = Array<Record<string, unknown>>;

/** A canonical, order-independent description of everything the migrations create. */
async function describeSchema(db: Db): Promise<Record<string, Rows>> {
  const q = async (query: RawBuilder<Record<string, unknown>>): Promise<Rows> => (await query.execute(db)).rows;
  return {
    schemas: await q(sql`
      select nspname as schema, nspacl::text as acl from pg_namespace
       where nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and nspname not like 'pg\_%'
       order by 1`),
    tables: await q(sql`
      select n.nspname as schema, c.relname as table, c.relkind as kind, c.relrowsecurity as rls, c.relforcerowsecurity as force,
             pg_get_userbyid(c.relowner) as owner
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname in ('public', 'app') and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S') and c.relname not like ${`${BOOKKEEPING}%`}
       order by 1, 2`),
    columns: await q(sql`
      select table_schema as schema, table_name as table, column_name as column, ordinal_position as position,
             data_type, udt_name, character_maximum_length as length, column_default, is_nullable,
             is_identity, identity_generation, is_generated, generation_expression
        from information_schema.columns
       where table_schema in ('public', 'app') and table_name <> ${BOOKKEEPING}
       order by 1, 2, 4`),
    indexes: await q(sql`
      select schemaname as schema, tablename as table, indexname as index, indexdef
        from pg_indexes where schemaname in ('public', 'app') and tablename <> ${BOOKKEEPING}
       order by 1, 2, 3`),
    constraints: await q(sql`
      select con.conrelid::regclass::text as table, con.conname as name, con.contype as type, pg_get_constraintdef(con.oid) as def
        from pg_constraint con join pg_namespace n on n.oid = con.connamespace
       where n.nspname in ('public', 'app') and con.conrelid <> 0 and con.conrelid::regclass::text <> ${BOOKKEEPING}
       order by 1, 2`),
    policies: await q(sql`
      select schemaname as schema, tablename as table, policyname as policy, permissive, array_to_string(roles, ',') as roles, cmd, qual, with_check
        from pg_policies where schemaname in ('public', 'app')
       order by 1, 2, 3`),
    functions: await q(sql`
      select p.oid::regprocedure::text as signature, pg_get_functiondef(p.oid) as def, p.prosecdef as security_definer,
             p.proconfig::text as config, p.proacl::text as acl, pg_get_userbyid(p.proowner) as owner
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname in ('app', 'public')
       order by 1`),
    triggers: await q(sql`
      select t.tgrelid::regclass::text as table, t.tgname as name, pg_get_triggerdef(t.oid) as def, t.tgenabled as enabled
        from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
       where not t.tgisinternal and n.nspname in ('public', 'app')
       order by 1, 2`),
    tableGrants: await q(sql`
      select table_schema as schema, table_name as table, grantee, privilege_type as privilege, is_grantable
        from information_schema.role_table_grants
       where grantee = 'aigym_app' or (grantee = 'PUBLIC' and table_schema in ('public', 'app'))
       order by 1, 2, 3, 4`),
    columnGrants: await q(sql`
      select table_schema as schema, table_name as table, column_name as column, grantee, privilege_type as privilege
        from information_schema.column_privileges
       where grantee = 'aigym_app' and table_schema in ('public', 'app')
       order by 1, 2, 3, 4, 5`),
    types: await q(sql`
      select n.nspname as schema, t.typname as name, t.typtype as kind
        from pg_type t join pg_namespace n on n.oid = t.typnamespace
       where n.nspname in ('public', 'app') and t.typtype in ('e', 'd', 'c') and t.typname not like ${`${BOOKKEEPING}%`}
         and not exists (select 1 from pg_class c where c.reltype = t.oid and c.relkind <> 'c')
       order by 1, 2`),
  };
}

interface MigrationFile {
  version: string;
  action: string;
  name: string;
}

function migrationFiles(): MigrationFile[] {
  return readdirSync(migrationsDir)
    .filter((f) => f.endsWith('.sql'))
    .map((file) => {
      const match = /^(\d{4})\.(do|undo)\.(.+)\.sql$/.exec(file);
      if (!match) throw new Error(`${file} is not named NNNN.do.name.sql or NNNN.undo.name.sql`);
      const [, version = '', action = '', name = ''] = match;
      return { version, action, name };
    });
}

describe('migration files', () => {
  it('are all named NNNN.do.name.sql or NNNN.undo.name.sql', () => {
    expect(migrationFiles().length).toBeGreaterThan(0);
  });

  it('pair every NNNN.do.*.sql with an NNNN.undo.*.sql of the same name, and the other way round', () => {
    const files = migrationFiles();
    const key = (f: MigrationFile) => `${f.version}.${f.name}`;
    const doKeys = files.filter((f) => f.action === 'do').map(key).sort();
    const undoKeys = files.filter((f) => f.action === 'undo').map(key).sort();
    expect(undoKeys).toEqual(doKeys);
  });

  it('use each version number once', () => {
    const versions = migrationFiles()
      .filter((f) => f.action === 'do')
      .map((f) => f.version);
    expect(new Set(versions).size).toBe(versions.length);
  });
});

describe('migrations up, down to 0 and up again', () => {
  let database: TestDatabase;
  let db: Db;
  const versions = [...new Set(migrationFiles().map((f) => Number(f.version)))].sort((a, b) => a - b);
  const latest = versions.at(-1) ?? 0;
  /** The schema as it stood at each version on the way up, one migration at a time. */
  const onTheWayUp = new Map<number, Record<string, Rows>>();
  let firstUp: Record<string, Rows>;

  beforeAll(async () => {
    database = await createTestDatabase({ migrated: false });
    db = database.handle.db;
    onTheWayUp.set(0, await describeSchema(db));
    for (const version of versions) {
      const result = await migrate(database.handle.pool, version);
      expect(result.version).toBe(version);
      onTheWayUp.set(version, await describeSchema(db));
    }
    firstUp = onTheWayUp.get(latest) ?? {};
  });
  afterAll(() => database.drop());

  it('reaches the latest version and builds a schema with tables, policies, functions and grants', () => {
    for (const part of ['tables', 'columns', 'indexes', 'constraints', 'policies', 'functions', 'triggers', 'tableGrants']) {
      expect(firstUp[part]?.length, part).toBeGreaterThan(0);
    }
  });

  it('steps down one migration at a time, each undo leaving exactly the schema of the version before', async () => {
    for (const version of [...versions].reverse()) {
      const target = versions[versions.indexOf(version) - 1] ?? 0;
      const result = await migrate(database.handle.pool, target);
      expect(result.version).toBe(target);
      expect(await describeSchema(db), `after undoing ${version}`).toEqual(onTheWayUp.get(target));
    }
  });

  it('leaves no table but schemaversion in public, and no schema app, at version 0', async () => {
    const { rows: left } = await sql<{ name: string; kind: string }>`
      select c.relname as name, c.relkind as kind from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')`.execute(db);
    expect(left).toEqual([{ name: BOOKKEEPING, kind: 'r' }]);
    const { rows: app } = await sql<{ n: number }>`select count(*)::int as n from pg_namespace where nspname = 'app'`.execute(db);
    expect(app[0]?.n).toBe(0);
    const { rows: fns } = await sql<{ n: number }>`
      select count(*)::int as n from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public'`.execute(db);
    expect(fns[0]?.n).toBe(0);
  });

  it('goes all the way down to 0 from the latest version in one call, and back up to an identical schema', async () => {
    expect((await migrate(database.handle.pool)).version).toBe(latest);
    expect(await describeSchema(db)).toEqual(firstUp);
    expect((await migrate(database.handle.pool, 0)).version).toBe(0);
    expect(await describeSchema(db)).toEqual(onTheWayUp.get(0));
    const again = await migrate(database.handle.pool);
    expect(again.version).toBe(latest);
    expect(await describeSchema(db)).toEqual(firstUp);
  });

  it('notices a difference in the schema description (the comparison is not vacuous)', async () => {
    const trx = await db.startTransaction().execute();
    try {
      await sql`create index probe_idx on communities (description)`.execute(trx);
      expect(await describeSchema(trx)).not.toEqual(firstUp);
    } finally {
      await trx.rollback().execute();
    }
    expect(await describeSchema(db)).toEqual(firstUp);
  });
});
