import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db-schema.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/**
 * Reads pg_catalog and fails on any schema that breaks ARCHITECTURE §4: a table without ENABLE and
 * FORCE ROW LEVEL SECURITY, a table without policies, a write policy that lets everything through,
 * an `IS NULL OR` escape, a policy reading the settings directly, a policy for PUBLIC, an app role
 * that could bypass RLS, or a second identity table. Each checker is also run against a schema
 * broken on purpose (inside a rolled-back transaction) to prove it can fail.
 */

const APP_ROLE = 'aigym_app';
/** postgrator's own bookkeeping table: not application data. */
const BOOKKEEPING = 'schemaversion';

type Db = Kysely<Database>;

interface PolicyRow {
  table: string;
  policy: string;
  cmd: string;
  roles: string;
  qual: string | null;
  with_check: string | null;
}

async function publicTables(db: Db): Promise<Array<{ table: string; rls: boolean; force: boolean }>> {
  const { rows } = await sql<{ table: string; rls: boolean; force: boolean }>`
    select c.relname as table, c.relrowsecurity as rls, c.relforcerowsecurity as force
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> ${BOOKKEEPING}
     order by 1`.execute(db);
  return rows;
}

async function policies(db: Db): Promise<PolicyRow[]> {
  const { rows } = await sql<PolicyRow>`
    select tablename as table, policyname as policy, cmd, array_to_string(roles, ',') as roles, qual, with_check
      from pg_policies where schemaname = 'public' order by 1, 2`.execute(db);
  return rows;
}

/** Policy text as Postgres deparses it, with parentheses and spacing removed so `(x IS NULL) OR` reads as `x is null or`. */
const flatten = (text: string | null): string => (text ?? '').replaceAll(/[()]/g, ' ').replaceAll(/\s+/g, ' ').trim().toLowerCase();

const isNullOr = (text: string | null): boolean => /\bis null or\b/.test(flatten(text));
/** `app.current_user_id() IS NULL` anywhere, whichever side of the OR: the identity-unset escape. */
const identityIsNull = (text: string | null): boolean => /\bcurrent_user_id(\s+as\s+\w+)?\s+is null\b/.test(flatten(text));

// ----- the checkers: each returns a list of human-readable problems, empty when all is well.

async function tablesWithoutRls(db: Db): Promise<string[]> {
  return (await publicTables(db)).filter((t) => !t.rls || !t.force).map((t) => `${t.table}: ${t.rls ? '' : 'no ENABLE '}${t.force ? '' : 'no FORCE '}ROW LEVEL SECURITY`.trim());
}

async function tablesWithoutPolicies(db: Db): Promise<string[]> {
  const covered = new Set((await policies(db)).map((p) => p.table));
  const partitions = new Map((await partitionsOf(db)).map((p) => [p.table, p]));
  return (await publicTables(db))
    .filter((t) => !covered.has(t.table) && !partitions.has(t.table))
    .map((t) => `${t.table}: no policy`);
}

/**
 * A partition (`messages` by month, ADR 0051) is read through its parent, whose policies apply to
 * every row; it has none of its own, so the app role must hold no privilege on it: a query naming
 * the partition would skip the parent's policies.
 */
async function partitionsOf(db: Db): Promise<Array<{ table: string; parent: string; appPrivileges: boolean }>> {
  const { rows } = await sql<{ table: string; parent: string; appPrivileges: boolean }>`
    select c.relname as table, p.relname as parent,
           (has_table_privilege(${APP_ROLE}, c.oid, 'SELECT') or has_table_privilege(${APP_ROLE}, c.oid, 'INSERT')
             or has_table_privilege(${APP_ROLE}, c.oid, 'UPDATE') or has_table_privilege(${APP_ROLE}, c.oid, 'DELETE')) as "appPrivileges"
      from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
      join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relispartition and c.relkind in ('r', 'p')
     order by 1`.execute(db);
  return rows;
}

async function reachablePartitions(db: Db): Promise<string[]> {
  const covered = new Set((await policies(db)).map((p) => p.table));
  return (await partitionsOf(db))
    .filter((p) => p.appPrivileges || !covered.has(p.parent))
    .map((p) => `${p.table}: ${p.appPrivileges ? `${APP_ROLE} may query the partition of ${p.parent} directly` : `its parent ${p.parent} has no policy`}`);
}

async function permissiveWritePolicies(db: Db): Promise<string[]> {
  const trivial = (text: string | null) => flatten(text) === 'true';
  return (await policies(db))
    .filter((p) => ['INSERT', 'UPDATE', 'DELETE', 'ALL'].includes(p.cmd) && (trivial(p.qual) || trivial(p.with_check)))
    .map((p) => `${p.table}.${p.policy} (${p.cmd}) lets every row through`);
}

async function nullEscapes(db: Db): Promise<string[]> {
  const fromPolicies = (await policies(db))
    .filter((p) => [p.qual, p.with_check].some((t) => isNullOr(t) || identityIsNull(t)))
    .map((p) => `${p.table}.${p.policy} has an IS NULL escape`);
  // The identity functions every policy leans on must not hide one either.
  const { rows } = await sql<{ fn: string; def: string }>`
    select p.proname as fn, pg_get_functiondef(p.oid) as def
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'app' and p.prokind = 'f'`.execute(db);
  const fromFunctions = rows.filter((r) => isNullOr(r.def)).map((r) => `app.${r.fn} has an IS NULL OR escape`);
  return [...fromPolicies, ...fromFunctions];
}

async function policiesReadingSettings(db: Db): Promise<string[]> {
  return (await policies(db))
    .filter((p) => /current_setting/i.test(`${p.qual ?? ''} ${p.with_check ?? ''}`))
    .map((p) => `${p.table}.${p.policy} calls current_setting directly`);
}

async function policiesNotForAppRole(db: Db): Promise<string[]> {
  return (await policies(db)).filter((p) => p.roles !== APP_ROLE).map((p) => `${p.table}.${p.policy} is for ${p.roles}, not ${APP_ROLE}`);
}

async function appRoleProblems(db: Db): Promise<string[]> {
  const { rows } = await sql<{ super: boolean; bypass: boolean; owned: string | null; member_of: string | null }>`
    select r.rolsuper as super, r.rolbypassrls as bypass,
           (select string_agg(n.nspname || '.' || c.relname, ', ' order by 1) from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where c.relowner = r.oid) as owned,
           (select string_agg(g.rolname, ', ') from pg_auth_members m join pg_roles g on g.oid = m.roleid where m.member = r.oid) as member_of
      from pg_roles r where r.rolname = ${APP_ROLE}`.execute(db);
  const role = rows[0];
  if (!role) return [`role ${APP_ROLE} does not exist`];
  const problems: string[] = [];
  if (role.super) problems.push(`${APP_ROLE} is a superuser`);
  if (role.bypass) problems.push(`${APP_ROLE} has BYPASSRLS`);
  if (role.owned) problems.push(`${APP_ROLE} owns ${role.owned}`);
  if (role.member_of) problems.push(`${APP_ROLE} is a member of ${role.member_of}`);
  return problems;
}

/** Names that mean "a table of people who sign in". */
const identityName = /(^|_)(users?|profiles?|accounts?|identities|logins?)$/;
/** Column names that mean "a reference to a user". */
const userReference = /^(user_id|actor_id|owner_id|author_id|member_id|.+_user_id|.+_by)$/;

async function identityProblems(db: Db): Promise<string[]> {
  const problems: string[] = [];
  const { rows: tables } = await sql<{ schema: string; table: string }>`
    select n.nspname as schema, c.relname as table
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p', 'v', 'm', 'f') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\_%'
     order by 1, 2`.execute(db);
  const identityTables = tables.filter((t) => identityName.test(t.table)).map((t) => `${t.schema}.${t.table}`);
  if (identityTables.join() !== 'public.users') problems.push(`identity tables are [${identityTables.join(', ')}], expected exactly [public.users]`);

  const { rows: schemas } = await sql<{ schema: string }>`select nspname as schema from pg_namespace where nspname = 'auth'`.execute(db);
  if (schemas.length > 0) problems.push('a schema named auth exists (a second identity system)');

  // Every foreign key to anything that looks like a user table points at public.users(id).
  const { rows: fks } = await sql<{ table: string; name: string; target: string; target_cols: string }>`
    select con.conrelid::regclass::text as table, con.conname as name,
           tn.nspname || '.' || t.relname as target,
           (select string_agg(a.attname, ',' order by a.attnum) from pg_attribute a
             where a.attrelid = con.confrelid and a.attnum = any (con.confkey)) as target_cols
      from pg_constraint con
      join pg_class t on t.oid = con.confrelid join pg_namespace tn on tn.oid = t.relnamespace
     where con.contype = 'f'`.execute(db);
  for (const fk of fks) {
    const toIdentity = identityName.test(fk.target.split('.')[1] ?? '');
    if (toIdentity && (fk.target !== 'public.users' || fk.target_cols !== 'id')) {
      problems.push(`${fk.table}.${fk.name} references ${fk.target}(${fk.target_cols}), not public.users(id)`);
    }
  }

  // Every column that names a user is a foreign key to public.users(id).
  const { rows: cols } = await sql<{ table: string; column: string; references: string | null }>`
    select c.relname as table, a.attname as column,
           (select string_agg(tn.nspname || '.' || t.relname || '(' || ta.attname || ')', ', ')
              from pg_constraint con
              join pg_class t on t.oid = con.confrelid join pg_namespace tn on tn.oid = t.relnamespace
              join pg_attribute ta on ta.attrelid = con.confrelid and ta.attnum = con.confkey[1]
             where con.contype = 'f' and con.conrelid = c.oid and con.conkey = array[a.attnum]) as references
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> ${BOOKKEEPING}`.execute(db);
  for (const col of cols.filter((c) => userReference.test(c.column))) {
    if (col.references !== 'public.users(id)') {
      problems.push(`${col.table}.${col.column} names a user but references ${col.references ?? 'nothing'}, not public.users(id)`);
    }
  }
  return problems;
}

// ----- the tests

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.handle.db;
});
afterAll(() => database.drop());

/** Breaks the schema inside a transaction, runs `check`, and rolls everything back. */
async function problemsAfter(breakage: string[], check: (db: Db) => Promise<string[]>): Promise<string[]> {
  const trx = await db.startTransaction().execute();
  try {
    for (const statement of breakage) await sql.raw(statement).execute(trx);
    return await check(trx);
  } finally {
    await trx.rollback().execute();
  }
}

describe('the schema as migrated', () => {
  it('has the tables the policies are written for', async () => {
    const tables = (await publicTables(db)).map((t) => t.table);
    expect(tables).toEqual(expect.arrayContaining(['audit_log', 'communities', 'community_members', 'one_time_tokens', 'refresh_tokens', 'sessions', 'users']));
  });

  it('enables and forces row-level security on every table but the migration bookkeeping', async () => {
    expect(await tablesWithoutRls(db)).toEqual([]);
  });

  it('has at least one policy on every table', async () => {
    expect(await tablesWithoutPolicies(db)).toEqual([]);
  });

  it('reaches a partition only through its parent, whose policies cover it', async () => {
    expect((await partitionsOf(db)).map((p) => p.parent)).toContain('messages');
    expect(await reachablePartitions(db)).toEqual([]);
  });

  it('has no INSERT, UPDATE, DELETE or ALL policy that is USING (true) or WITH CHECK (true)', async () => {
    expect(await permissiveWritePolicies(db)).toEqual([]);
  });

  it('has no policy or identity function with an IS NULL OR escape', async () => {
    expect(await nullEscapes(db)).toEqual([]);
  });

  it('has no policy that calls current_setting instead of app.current_user_id() or app.is_admin()', async () => {
    expect(await policiesReadingSettings(db)).toEqual([]);
  });

  it('reads the identity in every policy through app.current_user_id() or app.is_admin()', async () => {
    const blind = (await policies(db)).filter((p) => !/app\.(current_user_id|is_admin|my_\w+)\(\)/.test(`${p.qual ?? ''} ${p.with_check ?? ''}`));
    expect(blind.map((p) => `${p.table}.${p.policy}`)).toEqual([]);
  });

  it('grants every policy to aigym_app, none to PUBLIC', async () => {
    expect(await policiesNotForAppRole(db)).toEqual([]);
  });

  it('keeps aigym_app an ordinary role: no superuser, no BYPASSRLS, no table, no inherited role', async () => {
    expect(await appRoleProblems(db)).toEqual([]);
  });

  it('has exactly one identity: every reference to a user points at public.users(id)', async () => {
    expect(await identityProblems(db)).toEqual([]);
  });

  it('gives PUBLIC no privilege on any application table', async () => {
    const { rows } = await sql<{ table: string; privilege: string }>`
      select table_name as table, privilege_type as privilege from information_schema.role_table_grants
       where table_schema = 'public' and grantee = 'PUBLIC' and table_name <> ${BOOKKEEPING}`.execute(db);
    expect(rows).toEqual([]);
  });

  it('lets PUBLIC execute none of the SECURITY DEFINER functions', async () => {
    const { rows } = await sql<{ fn: string }>`
      select p.oid::regprocedure::text as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'app' and p.prosecdef and has_function_privilege('public', p.oid, 'EXECUTE')`.execute(db);
    expect(rows).toEqual([]);
  });

  it('pins the search_path of every SECURITY DEFINER function', async () => {
    const { rows } = await sql<{ fn: string }>`
      select p.oid::regprocedure::text as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'app' and p.prosecdef
         and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')`.execute(db);
    expect(rows).toEqual([]);
  });
});

describe('each check fails on a schema broken on purpose', () => {
  it('a new table without row-level security is caught', async () => {
    expect(await problemsAfter(['create table public.probe (id int)'], tablesWithoutRls)).toEqual(['probe: no ENABLE no FORCE ROW LEVEL SECURITY']);
  });

  it('a table that enables but does not force row-level security is caught', async () => {
    expect(await problemsAfter(['alter table communities no force row level security'], tablesWithoutRls)).toEqual(['communities: no FORCE ROW LEVEL SECURITY']);
  });

  it('a table with row-level security but no policy is caught', async () => {
    const broken = ['create table public.probe (id int)', 'alter table public.probe enable row level security', 'alter table public.probe force row level security'];
    expect(await problemsAfter(broken, tablesWithoutPolicies)).toEqual(['probe: no policy']);
  });

  it('a partition the app role can query directly is caught', async () => {
    const broken = ['grant select on public.messages_default to aigym_app'];
    expect(await problemsAfter(broken, reachablePartitions)).toEqual(['messages_default: aigym_app may query the partition of messages directly']);
  });

  it('an UPDATE policy that is USING (true) is caught', async () => {
    const broken = ['create policy loose on communities for update to aigym_app using (true)'];
    expect(await problemsAfter(broken, permissiveWritePolicies)).toEqual(['communities.loose (UPDATE) lets every row through']);
  });

  it('an INSERT policy that is WITH CHECK (true) is caught', async () => {
    const broken = ['create policy loose on audit_log for insert to aigym_app with check (true)'];
    expect(await problemsAfter(broken, permissiveWritePolicies)).toEqual(['audit_log.loose (INSERT) lets every row through']);
  });

  it('a policy with an IS NULL OR escape is caught', async () => {
    const broken = ['create policy loose on sessions for select to aigym_app using ((select app.current_user_id()) is null or user_id = (select app.current_user_id()))'];
    expect(await problemsAfter(broken, nullEscapes)).toEqual(['sessions.loose has an IS NULL escape']);
  });

  it('a policy with the IS NULL escape written last is caught', async () => {
    const broken = ['create policy loose on sessions for select to aigym_app using (user_id = (select app.current_user_id()) or (select app.current_user_id()) is null)'];
    expect(await problemsAfter(broken, nullEscapes)).toEqual(['sessions.loose has an IS NULL escape']);
  });

  it('an identity function with an IS NULL OR escape is caught', async () => {
    const broken = [
      `create or replace function app.is_admin() returns boolean language sql stable
         as $$ select app.current_user_id() is null or coalesce(current_setting('app.role', true), '') = 'admin' $$`,
    ];
    expect(await problemsAfter(broken, nullEscapes)).toEqual(['app.is_admin has an IS NULL OR escape']);
  });

  it('a policy reading current_setting directly is caught', async () => {
    const broken = ["create policy direct on sessions for select to aigym_app using (user_id = nullif(current_setting('app.user_id', true), '')::uuid)"];
    expect(await problemsAfter(broken, policiesReadingSettings)).toEqual(['sessions.direct calls current_setting directly']);
  });

  it('a policy granted to PUBLIC is caught', async () => {
    const broken = ['create policy everyone on communities for select using ((select app.is_admin()))'];
    expect(await problemsAfter(broken, policiesNotForAppRole)).toEqual(['communities.everyone is for public, not aigym_app']);
  });

  it('an app role that owns a table is caught', async () => {
    const broken = ['create table public.probe (id int)', 'alter table public.probe owner to aigym_app'];
    expect(await problemsAfter(broken, appRoleProblems)).toEqual(['aigym_app owns public.probe']);
  });

  it('a second identity table is caught', async () => {
    const broken = ['create table public.profiles (id uuid primary key)'];
    expect(await problemsAfter(broken, identityProblems)).toEqual(['identity tables are [public.profiles, public.users], expected exactly [public.users]']);
  });

  it('a chat table whose owner references auth.users is caught', async () => {
    const broken = [
      'create schema auth',
      'create table auth.users (id uuid primary key)',
      'create table public.probe_chats (id uuid primary key, user_id uuid not null references auth.users (id))',
    ];
    const problems = await problemsAfter(broken, identityProblems);
    expect(problems).toEqual(
      expect.arrayContaining([
        'a schema named auth exists (a second identity system)',
        expect.stringMatching(/^probe_chats\.probe_chats_user_id_fkey references auth\.users\(id\)/),
        'probe_chats.user_id names a user but references auth.users(id), not public.users(id)',
      ]),
    );
  });

  it('a user column without a foreign key is caught', async () => {
    const broken = ['create table public.probe_chats (id uuid primary key, user_id uuid not null)'];
    expect(await problemsAfter(broken, identityProblems)).toEqual(['probe_chats.user_id names a user but references nothing, not public.users(id)']);
  });
});
