import { type ControlledTransaction, type Kysely, type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db-schema.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/**
 * The row-level security matrix of ARCHITECTURE §4, exercised in SQL as aigym_app (not over HTTP):
 * for every table and every identity, exactly which rows SELECT returns and what INSERT, UPDATE and
 * DELETE do. Every expectation below is written out by hand from the contract; none is derived
 * from the policies, so loosening (or tightening) a policy makes a case fail.
 */

// ---------------------------------------------------------------------------------------------
// Fixture: fixed ids so the expectation tables can name rows.

const U = {
  admin: '00000000-0000-4000-a000-000000000001',
  memberA: '00000000-0000-4000-a000-000000000002',
  memberB: '00000000-0000-4000-a000-000000000003',
  managerA: '00000000-0000-4000-a000-000000000004',
  invitedA: '00000000-0000-4000-a000-000000000005',
} as const;
type UserName = keyof typeof U;

const C = {
  A: '10000000-0000-4000-a000-00000000000a',
  B: '10000000-0000-4000-a000-00000000000b',
} as const;

const S = {
  admin: '20000000-0000-4000-a000-000000000001',
  memberA: '20000000-0000-4000-a000-000000000002',
  memberB: '20000000-0000-4000-a000-000000000003',
  managerA: '20000000-0000-4000-a000-000000000004',
} as const;

const OTT = {
  invitedA: '30000000-0000-4000-a000-000000000005',
  memberA: '30000000-0000-4000-a000-000000000002',
  memberB: '30000000-0000-4000-a000-000000000003',
} as const;

const CV = {
  memberA: '40000000-0000-4000-a000-000000000002',
  memberB: '40000000-0000-4000-a000-000000000003',
  admin: '40000000-0000-4000-a000-000000000001',
} as const;

const MSG = {
  memberA: '50000000-0000-4000-a000-000000000002',
  memberB: '50000000-0000-4000-a000-000000000003',
  admin: '50000000-0000-4000-a000-000000000001',
} as const;

/** Row labels used in the expectation tables, keyed by the id (or key column) they stand for. */
const labelOf = new Map<string, string>([
  ...Object.entries(U).map(([name, id]): [string, string] => [id, name]),
  ...Object.entries(C).map(([name, id]): [string, string] => [id, name]),
  ...Object.entries(S).map(([name, id]): [string, string] => [id, `s:${name}`]),
  ...Object.entries(OTT).map(([name, id]): [string, string] => [id, `ott:${name}`]),
  ...Object.entries(CV).map(([name, id]): [string, string] => [id, `cv:${name}`]),
  ...Object.entries(MSG).map(([name, id]): [string, string] => [id, `msg:${name}`]),
]);
const label = (key: string): string => labelOf.get(key) ?? key;

async function insertFixture(db: Kysely<Database>): Promise<void> {
  // As the owner connection: setup, not the behaviour under test.
  const users: Array<{ id: string; email: string; role: 'admin' | 'member'; status: 'active' | 'invited' }> = [
    { id: U.admin, email: 'admin@example.com', role: 'admin', status: 'active' },
    { id: U.memberA, email: 'member.a@example.com', role: 'member', status: 'active' },
    { id: U.memberB, email: 'member.b@example.com', role: 'member', status: 'active' },
    { id: U.managerA, email: 'manager.a@example.com', role: 'member', status: 'active' },
    { id: U.invitedA, email: 'invited.a@example.com', role: 'member', status: 'invited' },
  ];
  await db
    .insertInto('users')
    .values(users.map((u) => ({ ...u, display_name: u.email.split('@')[0] ?? u.email })))
    .execute();
  await db
    .insertInto('communities')
    .values([
      { id: C.A, name: 'Community A', created_by: U.admin },
      { id: C.B, name: 'Community B', created_by: U.admin },
    ])
    .execute();
  await db
    .insertInto('community_members')
    .values([
      { community_id: C.A, user_id: U.memberA, role: 'member' },
      { community_id: C.A, user_id: U.managerA, role: 'manager' },
      { community_id: C.A, user_id: U.invitedA, role: 'member' },
      { community_id: C.B, user_id: U.memberB, role: 'member' },
    ])
    .execute();
  const inAMonth = new Date(Date.now() + 30 * 24 * 3600 * 1000);
  await db
    .insertInto('sessions')
    .values(Object.entries(S).map(([name, id]) => ({ id, user_id: U[name as UserName], expires_at: inAMonth })))
    .execute();
  await db
    .insertInto('refresh_tokens')
    .values(Object.entries(S).map(([name, id]) => ({ token_hash: `rt:${name}`, session_id: id })))
    .execute();
  await db
    .insertInto('one_time_tokens')
    .values([
      { id: OTT.invitedA, user_id: U.invitedA, purpose: 'invitation', token_hash: 'ott:invitedA', expires_at: inAMonth, created_by: U.admin },
      { id: OTT.memberA, user_id: U.memberA, purpose: 'password_reset', token_hash: 'ott:memberA', expires_at: inAMonth },
      { id: OTT.memberB, user_id: U.memberB, purpose: 'password_reset', token_hash: 'ott:memberB', expires_at: inAMonth },
    ])
    .execute();
  await db
    .insertInto('audit_log')
    .values([
      { actor_id: U.admin, action: 'community.create', entity_type: 'community', entity_id: 'al:admin' },
      { actor_id: U.memberA, action: 'user.update', entity_type: 'user', entity_id: 'al:memberA' },
      { actor_id: null, action: 'system.start', entity_type: 'system', entity_id: 'al:system' },
    ])
    .execute();
  for (const owner of ['memberA', 'memberB', 'admin'] as const) {
    await db.insertInto('conversations').values({ id: CV[owner], user_id: U[owner], title: `Chat of ${owner}` }).execute();
    await db.insertInto('messages').values({ id: MSG[owner], conversation_id: CV[owner], user_id: U[owner], role: 'user', text: `Hello from ${owner}` }).execute();
  }
}

// ---------------------------------------------------------------------------------------------
// Identities, set exactly as server/lib/transactions.ts sets them.

type IdentityName = 'anonymous' | 'memberA' | 'memberB' | 'managerA' | 'admin';
interface Identity {
  userId: string;
  role: '' | 'admin' | 'member';
}

const identities: Record<IdentityName, Identity> = {
  anonymous: { userId: '', role: '' },
  memberA: { userId: U.memberA, role: 'member' },
  memberB: { userId: U.memberB, role: 'member' },
  managerA: { userId: U.managerA, role: 'member' },
  admin: { userId: U.admin, role: 'admin' },
};
const identityNames = Object.keys(identities) as IdentityName[];

const who: Record<IdentityName, string> = {
  anonymous: 'an anonymous request',
  memberA: 'a member of community A',
  memberB: 'a member of community B',
  managerA: 'the manager of community A',
  admin: 'an admin',
};

type Outcome =
  /** rows affected, no error */
  | number
  /** refused by a row-level security WITH CHECK */
  | 'refused'
  /** refused because aigym_app lacks the table privilege */
  | 'no privilege'
  /** refused by the app.users_guard trigger */
  | 'guard';

function classify(error: unknown): Outcome {
  const message = error instanceof Error ? error.message : String(error);
  if (/row-level security/i.test(message)) return 'refused';
  if (/permission denied/i.test(message)) return 'no privilege';
  if (/only an admin may/i.test(message)) return 'guard';
  throw error; // anything else (FK, NOT NULL…) means the case itself is wrong
}

let database: TestDatabase;
let db: Kysely<Database>;

/**
 * Runs `fn` in its own transaction as aigym_app with `identity`, then rolls back, so every case
 * starts from the same fixture.
 */
async function asIdentity<T>(identity: Identity, fn: (trx: ControlledTransaction<Database>) => Promise<T>): Promise<T> {
  const trx = await db.startTransaction().execute();
  try {
    const { rows } = await sql<{ who: string }>`
      select set_config('app.user_id', ${identity.userId}::text, true),
             set_config('app.role', ${identity.role}::text, true),
             set_config('role', 'aigym_app', true),
             current_user as who`.execute(trx);
    if (rows[0]?.who !== 'aigym_app') throw new Error(`expected to run as aigym_app, ran as ${rows[0]?.who}`);
    return await fn(trx);
  } finally {
    await trx.rollback().execute();
  }
}

async function outcomeOf(identity: Identity, statement: RawBuilder<unknown>): Promise<Outcome> {
  return asIdentity(identity, async (trx) => {
    try {
      const result = await statement.execute(trx);
      return Number(result.numAffectedRows ?? 0n);
    } catch (error) {
      return classify(error);
    }
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.handle.db;
  await insertFixture(db);
});
afterAll(() => database.drop());

// ---------------------------------------------------------------------------------------------
// SELECT: exactly which rows each identity sees.

type TableName =
  | 'users'
  | 'communities'
  | 'community_members'
  | 'sessions'
  | 'refresh_tokens'
  | 'one_time_tokens'
  | 'audit_log'
  | 'conversations'
  | 'messages';

const selectKeys: Record<TableName, RawBuilder<{ k: string }>> = {
  users: sql<{ k: string }>`select id::text as k from users`,
  communities: sql<{ k: string }>`select id::text as k from communities`,
  community_members: sql<{ k: string }>`select community_id::text || ':' || user_id::text as k from community_members`,
  sessions: sql<{ k: string }>`select id::text as k from sessions`,
  refresh_tokens: sql<{ k: string }>`select token_hash as k from refresh_tokens`,
  one_time_tokens: sql<{ k: string }>`select id::text as k from one_time_tokens`,
  audit_log: sql<{ k: string }>`select entity_id as k from audit_log`,
  conversations: sql<{ k: string }>`select id::text as k from conversations`,
  messages: sql<{ k: string }>`select id::text as k from messages`,
};

const rowLabel = (table: TableName, key: string): string =>
  table === 'community_members' ? key.split(':').map(label).join(':') : label(key);

/** The contract, written out: what each identity sees in each table. */
const visible: Record<TableName, Record<IdentityName, string[]>> = {
  users: {
    anonymous: [],
    memberA: ['memberA'],
    memberB: ['memberB'],
    managerA: ['managerA', 'memberA', 'invitedA'],
    admin: ['admin', 'memberA', 'memberB', 'managerA', 'invitedA'],
  },
  communities: {
    anonymous: [],
    memberA: ['A'],
    memberB: ['B'],
    managerA: ['A'],
    admin: ['A', 'B'],
  },
  community_members: {
    anonymous: [],
    memberA: ['A:memberA'],
    memberB: ['B:memberB'],
    managerA: ['A:memberA', 'A:managerA', 'A:invitedA'],
    admin: ['A:memberA', 'A:managerA', 'A:invitedA', 'B:memberB'],
  },
  sessions: {
    anonymous: [],
    memberA: ['s:memberA'],
    memberB: ['s:memberB'],
    managerA: ['s:managerA'],
    admin: ['s:admin', 's:memberA', 's:memberB', 's:managerA'],
  },
  refresh_tokens: {
    anonymous: [],
    memberA: ['rt:memberA'],
    memberB: ['rt:memberB'],
    managerA: ['rt:managerA'],
    admin: ['rt:admin'],
  },
  one_time_tokens: {
    anonymous: [],
    memberA: ['ott:memberA'],
    memberB: ['ott:memberB'],
    managerA: [],
    admin: ['ott:invitedA', 'ott:memberA', 'ott:memberB'],
  },
  audit_log: {
    anonymous: [],
    memberA: [],
    memberB: [],
    managerA: [],
    admin: ['al:admin', 'al:memberA', 'al:system'],
  },
  // Transcripts are their owner's only: admins see everything else, not these.
  conversations: {
    anonymous: [],
    memberA: ['cv:memberA'],
    memberB: ['cv:memberB'],
    managerA: [],
    admin: ['cv:admin'],
  },
  messages: {
    anonymous: [],
    memberA: ['msg:memberA'],
    memberB: ['msg:memberB'],
    managerA: [],
    admin: ['msg:admin'],
  },
};

const sentenceList = (rows: string[]): string => (rows.length === 0 ? 'no rows' : `exactly ${rows.join(', ')}`);

describe('row-level security: what each identity can read', () => {
  for (const table of Object.keys(visible) as TableName[]) {
    describe(`in ${table}`, () => {
      for (const identity of identityNames) {
        const expected = visible[table][identity];
        it(`${who[identity]} sees ${sentenceList(expected)} in ${table}`, async () => {
          const keys = await asIdentity(identities[identity], async (trx) => (await selectKeys[table].execute(trx)).rows.map((r) => rowLabel(table, r.k)));
          expect(keys.sort()).toEqual([...expected].sort());
        });
      }
    });
  }

  const named: Array<[string, IdentityName, RawBuilder<{ n: number }>, number]> = [
    ['a member of community A cannot see community B', 'memberA', sql<{ n: number }>`select count(*)::int as n from communities where id = ${C.B}::uuid`, 0],
    ['a member of community B cannot see community A', 'memberB', sql<{ n: number }>`select count(*)::int as n from communities where id = ${C.A}::uuid`, 0],
    ['a member of community A cannot see the other members of community A', 'memberA', sql<{ n: number }>`select count(*)::int as n from users where id <> ${U.memberA}::uuid`, 0],
    ['the manager of community A sees the members of community A', 'managerA', sql<{ n: number }>`select count(*)::int as n from community_members where community_id = ${C.A}::uuid`, 3],
    ['the manager of community A cannot see the member of community B', 'managerA', sql<{ n: number }>`select count(*)::int as n from users where id = ${U.memberB}::uuid`, 0],
    ['an admin cannot read anyone else’s refresh tokens', 'admin', sql<{ n: number }>`select count(*)::int as n from refresh_tokens where token_hash <> 'rt:admin'`, 0],
    ['the manager of community A cannot read the reset token of a member of community A', 'managerA', sql<{ n: number }>`select count(*)::int as n from one_time_tokens where user_id = ${U.memberA}::uuid`, 0],
    ['an admin cannot read the transcript of a member’s conversation', 'admin', sql<{ n: number }>`select count(*)::int as n from messages where user_id = ${U.memberA}::uuid`, 0],
    ['the manager of community A cannot read the conversations of a member of community A', 'managerA', sql<{ n: number }>`select count(*)::int as n from conversations where user_id = ${U.memberA}::uuid`, 0],
    ['a member cannot read the audit entries of their own actions', 'memberA', sql<{ n: number }>`select count(*)::int as n from audit_log where actor_id = ${U.memberA}::uuid`, 0],
  ];
  for (const [name, identity, query, n] of named) {
    it(name, async () => {
      const rows = await asIdentity(identities[identity], async (trx) => (await query.execute(trx)).rows);
      expect(rows[0]?.n).toBe(n);
    });
  }

  it('an admin role without a user id is not an admin and sees nothing', async () => {
    const seen = await asIdentity({ userId: '', role: 'admin' }, async (trx) => {
      const { rows } = await sql<{ admin: boolean; users: number; communities: number; sessions: number; audit: number }>`
        select app.is_admin() as admin,
               (select count(*)::int from users) as users,
               (select count(*)::int from communities) as communities,
               (select count(*)::int from sessions) as sessions,
               (select count(*)::int from audit_log) as audit`.execute(trx);
      return rows[0];
    });
    expect(seen).toEqual({ admin: false, users: 0, communities: 0, sessions: 0, audit: 0 });
  });
});

// ---------------------------------------------------------------------------------------------
// INSERT, UPDATE, DELETE: what each identity can write.

interface WriteCase {
  table: TableName;
  action: string;
  statement: RawBuilder<unknown>;
  expected: Record<IdentityName, Outcome>;
}

const inAWeek = sql`now() + interval '7 days'`;

/** Same outcome for every identity except those listed. */
const all = (outcome: Outcome, except: Partial<Record<IdentityName, Outcome>> = {}): Record<IdentityName, Outcome> => ({
  anonymous: outcome,
  memberA: outcome,
  memberB: outcome,
  managerA: outcome,
  admin: outcome,
  ...except,
});

const writeCases: WriteCase[] = [
  // users
  {
    table: 'users',
    action: 'create a new user',
    statement: sql`insert into users (email, display_name) values ('new@example.com', 'New')`,
    expected: all('refused', { admin: 1 }),
  },
  {
    table: 'users',
    action: "rename memberA's display name",
    statement: sql`update users set display_name = 'Renamed' where id = ${U.memberA}::uuid`,
    expected: all(0, { memberA: 1, admin: 1 }),
  },
  {
    table: 'users',
    action: "rename memberB's display name",
    statement: sql`update users set display_name = 'Renamed' where id = ${U.memberB}::uuid`,
    expected: all(0, { memberB: 1, admin: 1 }),
  },
  {
    table: 'users',
    action: "rename managerA's display name",
    statement: sql`update users set display_name = 'Renamed' where id = ${U.managerA}::uuid`,
    expected: all(0, { managerA: 1, admin: 1 }),
  },
  {
    table: 'users',
    action: 'make memberA an admin',
    statement: sql`update users set role = 'admin' where id = ${U.memberA}::uuid`,
    expected: all(0, { memberA: 'guard', admin: 1 }),
  },
  {
    table: 'users',
    action: "change memberA's email",
    statement: sql`update users set email = 'elsewhere@example.com' where id = ${U.memberA}::uuid`,
    expected: all('no privilege'),
  },
  {
    table: 'users',
    action: 'suspend memberA',
    statement: sql`update users set status = 'suspended' where id = ${U.memberA}::uuid`,
    expected: all(0, { memberA: 'guard', admin: 1 }),
  },
  {
    table: 'users',
    action: 'run an unfiltered rename of all users',
    statement: sql`update users set display_name = 'Everyone'`,
    expected: { anonymous: 0, memberA: 1, memberB: 1, managerA: 1, admin: 5 },
  },
  {
    table: 'users',
    action: 'delete memberB',
    statement: sql`delete from users where id = ${U.memberB}::uuid`,
    expected: all(0, { admin: 1 }),
  },
  {
    table: 'users',
    action: 'delete their own user row',
    statement: sql`delete from users where id = app.current_user_id()`,
    expected: all(0, { admin: 1 }),
  },
  // communities
  {
    table: 'communities',
    action: 'create a community',
    statement: sql`insert into communities (name) values ('Community C')`,
    expected: all('refused', { admin: 1 }),
  },
  {
    table: 'communities',
    action: 'rename community A',
    statement: sql`update communities set name = 'Renamed A' where id = ${C.A}::uuid`,
    expected: all(0, { admin: 1 }),
  },
  {
    table: 'communities',
    action: 'rename community B',
    statement: sql`update communities set name = 'Renamed B' where id = ${C.B}::uuid`,
    expected: all(0, { admin: 1 }),
  },
  {
    table: 'communities',
    action: 'delete community A',
    statement: sql`delete from communities where id = ${C.A}::uuid`,
    expected: all(0, { admin: 1 }),
  },
  {
    table: 'communities',
    action: 'run an unfiltered delete of all communities',
    statement: sql`delete from communities`,
    expected: all(0, { admin: 2 }),
  },
  // community_members
  {
    table: 'community_members',
    action: 'add memberA to community B',
    statement: sql`insert into community_members (community_id, user_id) values (${C.B}::uuid, ${U.memberA}::uuid)`,
    expected: all('refused', { admin: 1 }),
  },
  {
    table: 'community_members',
    action: 'add memberB to community A',
    statement: sql`insert into community_members (community_id, user_id) values (${C.A}::uuid, ${U.memberB}::uuid)`,
    expected: all('refused', { admin: 1 }),
  },
  {
    table: 'community_members',
    action: 'make memberA a manager of community A',
    statement: sql`update community_members set role = 'manager' where community_id = ${C.A}::uuid and user_id = ${U.memberA}::uuid`,
    expected: all(0, { admin: 1 }),
  },
  {
    table: 'community_members',
    action: 'move memberA from community A to community B',
    statement: sql`update community_members set community_id = ${C.B}::uuid where community_id = ${C.A}::uuid and user_id = ${U.memberA}::uuid`,
    expected: all(0, { admin: 1 }),
  },
  {
    table: 'community_members',
    action: 'remove memberA from community A',
    statement: sql`delete from community_members where community_id = ${C.A}::uuid and user_id = ${U.memberA}::uuid`,
    expected: all(0, { admin: 1 }),
  },
  {
    table: 'community_members',
    action: 'remove memberB from community B',
    statement: sql`delete from community_members where community_id = ${C.B}::uuid and user_id = ${U.memberB}::uuid`,
    expected: all(0, { admin: 1 }),
  },
  // sessions
  {
    table: 'sessions',
    action: 'start a session for memberA',
    statement: sql`insert into sessions (user_id, expires_at) values (${U.memberA}::uuid, ${inAWeek})`,
    expected: all('refused', { memberA: 1 }),
  },
  {
    table: 'sessions',
    action: 'start a session for the admin',
    statement: sql`insert into sessions (user_id, expires_at) values (${U.admin}::uuid, ${inAWeek})`,
    expected: all('refused', { admin: 1 }),
  },
  {
    table: 'sessions',
    action: "revoke memberA's session",
    statement: sql`update sessions set revoked_at = now(), revoked_reason = 'test' where id = ${S.memberA}::uuid`,
    expected: all(0, { memberA: 1, admin: 1 }),
  },
  {
    table: 'sessions',
    action: "hand memberA's session over to memberB",
    statement: sql`update sessions set user_id = ${U.memberB}::uuid where id = ${S.memberA}::uuid`,
    expected: all('no privilege'),
  },
  {
    table: 'sessions',
    action: 'run an unfiltered revoke of all sessions',
    statement: sql`update sessions set revoked_at = now()`,
    expected: { anonymous: 0, memberA: 1, memberB: 1, managerA: 1, admin: 4 },
  },
  {
    table: 'sessions',
    action: "delete memberA's session",
    statement: sql`delete from sessions where id = ${S.memberA}::uuid`,
    expected: all(0, { memberA: 1, admin: 1 }),
  },
  {
    table: 'sessions',
    action: "delete memberB's session",
    statement: sql`delete from sessions where id = ${S.memberB}::uuid`,
    expected: all(0, { memberB: 1, admin: 1 }),
  },
  // refresh_tokens
  {
    table: 'refresh_tokens',
    action: "add a refresh token to memberA's session",
    statement: sql`insert into refresh_tokens (token_hash, session_id) values ('rt:new', ${S.memberA}::uuid)`,
    expected: all('refused', { memberA: 1 }),
  },
  {
    table: 'refresh_tokens',
    action: "add a refresh token to the admin's session",
    statement: sql`insert into refresh_tokens (token_hash, session_id) values ('rt:new', ${S.admin}::uuid)`,
    expected: all('refused', { admin: 1 }),
  },
  {
    table: 'refresh_tokens',
    action: "mark memberA's refresh token used",
    statement: sql`update refresh_tokens set used_at = now() where token_hash = 'rt:memberA'`,
    expected: all(0, { memberA: 1 }),
  },
  {
    table: 'refresh_tokens',
    action: "move memberA's refresh token to memberB's session",
    statement: sql`update refresh_tokens set session_id = ${S.memberB}::uuid where token_hash = 'rt:memberA'`,
    expected: all('no privilege'),
  },
  {
    table: 'refresh_tokens',
    action: 'run an unfiltered update of all refresh tokens',
    statement: sql`update refresh_tokens set used_at = now()`,
    expected: { anonymous: 0, memberA: 1, memberB: 1, managerA: 1, admin: 1 },
  },
  {
    table: 'refresh_tokens',
    action: "delete memberA's refresh token",
    statement: sql`delete from refresh_tokens where token_hash = 'rt:memberA'`,
    expected: all(0, { memberA: 1 }),
  },
  {
    table: 'refresh_tokens',
    action: "delete the admin's refresh token",
    statement: sql`delete from refresh_tokens where token_hash = 'rt:admin'`,
    expected: all(0, { admin: 1 }),
  },
  // one_time_tokens
  {
    table: 'one_time_tokens',
    action: 'issue a password-reset token for memberA',
    statement: sql`insert into one_time_tokens (user_id, purpose, token_hash, expires_at) values (${U.memberA}::uuid, 'password_reset', 'ott:new', ${inAWeek})`,
    expected: all('refused', { memberA: 1, admin: 1 }),
  },
  {
    table: 'one_time_tokens',
    action: 'issue an invitation token for invitedA',
    statement: sql`insert into one_time_tokens (user_id, purpose, token_hash, expires_at) values (${U.invitedA}::uuid, 'invitation', 'ott:new', ${inAWeek})`,
    expected: all('refused', { admin: 1 }),
  },
  {
    table: 'one_time_tokens',
    action: "use memberA's reset token",
    statement: sql`update one_time_tokens set used_at = now() where id = ${OTT.memberA}::uuid`,
    expected: all(0, { memberA: 1, admin: 1 }),
  },
  {
    table: 'one_time_tokens',
    action: "use memberB's reset token",
    statement: sql`update one_time_tokens set used_at = now() where id = ${OTT.memberB}::uuid`,
    expected: all(0, { memberB: 1, admin: 1 }),
  },
  {
    table: 'one_time_tokens',
    action: "redirect memberA's reset token to memberB",
    statement: sql`update one_time_tokens set user_id = ${U.memberB}::uuid where id = ${OTT.memberA}::uuid`,
    expected: all('no privilege'),
  },
  {
    table: 'one_time_tokens',
    action: "delete memberA's reset token",
    statement: sql`delete from one_time_tokens where id = ${OTT.memberA}::uuid`,
    expected: all(0, { admin: 1 }),
  },
  {
    table: 'one_time_tokens',
    action: 'run an unfiltered delete of all one-time tokens',
    statement: sql`delete from one_time_tokens`,
    expected: all(0, { admin: 3 }),
  },
  // audit_log
  {
    table: 'audit_log',
    action: 'record an audit entry as memberA',
    statement: sql`insert into audit_log (actor_id, action, entity_type) values (${U.memberA}::uuid, 'test', 'test')`,
    expected: all('refused', { memberA: 1 }),
  },
  {
    table: 'audit_log',
    action: 'record an audit entry as the admin',
    statement: sql`insert into audit_log (actor_id, action, entity_type) values (${U.admin}::uuid, 'test', 'test')`,
    expected: all('refused', { admin: 1 }),
  },
  {
    table: 'audit_log',
    action: 'record an audit entry with no actor',
    statement: sql`insert into audit_log (actor_id, action, entity_type) values (null, 'test', 'test')`,
    expected: all('refused'),
  },
  {
    table: 'audit_log',
    action: 'edit an audit entry',
    statement: sql`update audit_log set action = 'edited' where entity_id = 'al:memberA'`,
    expected: all('no privilege'),
  },
  {
    table: 'audit_log',
    action: 'delete an audit entry',
    statement: sql`delete from audit_log where entity_id = 'al:admin'`,
    expected: all('no privilege'),
  },
  // conversations
  {
    table: 'conversations',
    action: 'start a conversation for memberA',
    statement: sql`insert into conversations (user_id) values (${U.memberA}::uuid)`,
    expected: all('refused', { memberA: 1 }),
  },
  {
    table: 'conversations',
    action: "rename memberA's conversation",
    statement: sql`update conversations set title = 'Renamed' where id = ${CV.memberA}::uuid`,
    expected: all(0, { memberA: 1 }),
  },
  {
    table: 'conversations',
    action: "hand memberA's conversation over to memberB",
    statement: sql`update conversations set user_id = ${U.memberB}::uuid where id = ${CV.memberA}::uuid`,
    expected: all('no privilege'),
  },
  {
    table: 'conversations',
    action: 'run an unfiltered pin of all conversations',
    statement: sql`update conversations set pinned = true`,
    expected: { anonymous: 0, memberA: 1, memberB: 1, managerA: 0, admin: 1 },
  },
  {
    table: 'conversations',
    action: "delete memberA's conversation",
    statement: sql`delete from conversations where id = ${CV.memberA}::uuid`,
    expected: all(0, { memberA: 1 }),
  },
  // messages
  {
    table: 'messages',
    action: "add a message as memberA to memberA's conversation",
    statement: sql`insert into messages (conversation_id, user_id, role, text) values (${CV.memberA}::uuid, ${U.memberA}::uuid, 'user', 'hi')`,
    expected: all('refused', { memberA: 1 }),
  },
  {
    table: 'messages',
    action: "add a message as memberA to the admin's conversation",
    statement: sql`insert into messages (conversation_id, user_id, role, text) values (${CV.admin}::uuid, ${U.memberA}::uuid, 'user', 'hi')`,
    expected: all('refused'),
  },
  {
    table: 'messages',
    action: "edit memberA's message",
    statement: sql`update messages set text = 'edited' where id = ${MSG.memberA}::uuid`,
    expected: all('no privilege'),
  },
  {
    table: 'messages',
    action: "move memberA's message to the admin's conversation",
    statement: sql`update messages set conversation_id = ${CV.admin}::uuid where id = ${MSG.memberA}::uuid`,
    expected: all('no privilege'),
  },
  {
    table: 'messages',
    action: "delete memberA's message",
    statement: sql`delete from messages where id = ${MSG.memberA}::uuid`,
    expected: all(0, { memberA: 1 }),
  },
  {
    table: 'messages',
    action: 'run an unfiltered delete of all messages',
    statement: sql`delete from messages`,
    expected: { anonymous: 0, memberA: 1, memberB: 1, managerA: 0, admin: 1 },
  },
  {
    table: 'audit_log',
    action: 'empty the audit log',
    statement: sql`truncate audit_log`,
    expected: all('no privilege'),
  },
];

function sentence(identity: IdentityName, action: string, outcome: Outcome): string {
  if (outcome === 'refused') return `${who[identity]} is refused by row-level security when trying to ${action}`;
  if (outcome === 'no privilege') return `${who[identity]} has no privilege to ${action}`;
  if (outcome === 'guard') return `${who[identity]} is stopped by the users guard when trying to ${action}`;
  if (outcome === 0) return `${who[identity]} cannot ${action} (no row is affected)`;
  return `${who[identity]} can ${action} (${outcome} row${outcome === 1 ? '' : 's'})`;
}

describe('row-level security: what each identity can write', () => {
  for (const table of Object.keys(visible) as TableName[]) {
    describe(`in ${table}`, () => {
      for (const c of writeCases.filter((w) => w.table === table)) {
        for (const identity of identityNames) {
          const expected = c.expected[identity];
          it(sentence(identity, c.action, expected), async () => {
            expect(await outcomeOf(identities[identity], c.statement)).toBe(expected);
          });
        }
      }
    });
  }

  it('covers INSERT, UPDATE and DELETE on every table', () => {
    for (const table of Object.keys(visible) as TableName[]) {
      const verbs = new Set(writeCases.filter((w) => w.table === table).map((w) => /^\s*(insert|update|delete|truncate)/i.exec(w.statement.compile(db).sql)?.[1]?.toLowerCase()));
      expect([...verbs].filter((v) => v !== 'truncate').sort(), table).toEqual(['delete', 'insert', 'update']);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The users guard: what a user may change on their own row.

describe('the users guard on a user’s own row', () => {
  const invitedA: Identity = { userId: U.invitedA, role: 'member' };
  const ownRow = (identity: Identity, change: RawBuilder<unknown>) => outcomeOf(identity, sql`update users set ${change} where id = ${identity.userId}::uuid`);

  it('a member can change their own display name, and the change is stored', async () => {
    const after = await asIdentity(identities.memberA, async (trx) => {
      const result = await sql`update users set display_name = 'Alice Renamed' where id = ${U.memberA}::uuid`.execute(trx);
      const { rows } = await sql<{ display_name: string }>`select display_name from users where id = ${U.memberA}::uuid`.execute(trx);
      return { affected: Number(result.numAffectedRows ?? 0n), name: rows[0]?.display_name };
    });
    expect(after).toEqual({ affected: 1, name: 'Alice Renamed' });
  });

  it('a member can change their own password hash', async () => {
    expect(await ownRow(identities.memberA, sql`password_hash = 'new-hash', password_changed_at = now()`)).toBe(1);
  });

  it('a member cannot make themselves an admin', async () => {
    expect(await ownRow(identities.memberA, sql`role = 'admin'`)).toBe('guard');
  });

  it('a member cannot change their own email (no column privilege)', async () => {
    expect(await ownRow(identities.memberA, sql`email = 'new.address@example.com'`)).toBe('no privilege');
  });

  it('a member cannot suspend themselves', async () => {
    expect(await ownRow(identities.memberA, sql`status = 'suspended'`)).toBe('guard');
  });

  it('an active member cannot put themselves back to invited', async () => {
    expect(await ownRow(identities.memberA, sql`status = 'invited'`)).toBe('guard');
  });

  it('a manager cannot make themselves an admin', async () => {
    expect(await ownRow(identities.managerA, sql`role = 'admin'`)).toBe('guard');
  });

  it('a member cannot give their row to another id', async () => {
    expect(await ownRow(identities.memberA, sql`id = '00000000-0000-4000-a000-000000000099'::uuid`)).toBe('no privilege');
  });

  it('an invited user may accept their invitation by going from invited to active', async () => {
    expect(await ownRow(invitedA, sql`status = 'active'`)).toBe(1);
  });

  it('an invited user cannot go from invited to suspended', async () => {
    expect(await ownRow(invitedA, sql`status = 'suspended'`)).toBe('guard');
  });

  it('an invited user cannot become an admin while accepting their invitation', async () => {
    expect(await ownRow(invitedA, sql`status = 'active', role = 'admin'`)).toBe('guard');
  });

  it('an invited user cannot activate another invited user', async () => {
    expect(await outcomeOf(identities.memberA, sql`update users set status = 'active' where id = ${U.invitedA}::uuid`)).toBe(0);
  });

  it('an admin can change a member’s role and status together, but no one rewrites an email', async () => {
    expect(await outcomeOf(identities.admin, sql`update users set role = 'admin', status = 'suspended' where id = ${U.memberA}::uuid`)).toBe(1);
    expect(await outcomeOf(identities.admin, sql`update users set email = 'promoted@example.com' where id = ${U.memberA}::uuid`)).toBe('no privilege');
  });

  it('a member who changes their display name has updated_at refreshed by the guard', async () => {
    const moved = await asIdentity(identities.memberA, async (trx) => {
      await sql`update users set display_name = 'Timed' where id = ${U.memberA}::uuid`.execute(trx);
      const { rows } = await sql<{ fresh: boolean }>`select updated_at = now() as fresh from users where id = ${U.memberA}::uuid`.execute(trx);
      return rows[0]?.fresh;
    });
    expect(moved).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// The harness itself: a loosened policy must turn a case red.

describe('the matrix harness', () => {
  it('notices when a policy is loosened (communities readable by everyone)', async () => {
    const trx = await db.startTransaction().execute();
    try {
      await sql`drop policy communities_select on communities`.execute(trx);
      await sql`create policy communities_select on communities for select to aigym_app using (true)`.execute(trx);
      await sql`select set_config('app.user_id', ${U.memberA}::text, true), set_config('app.role', 'member', true), set_config('role', 'aigym_app', true)`.execute(trx);
      const { rows } = await selectKeys.communities.execute(trx);
      const seen = rows.map((r) => label(r.k)).sort();
      expect(seen).not.toEqual(visible.communities.memberA);
      expect(seen).toEqual(['A', 'B']);
    } finally {
      await trx.rollback().execute();
    }
    // …and the rollback restored the real policy.
    const after = await asIdentity(identities.memberA, async (trx) => (await selectKeys.communities.execute(trx)).rows.map((r) => label(r.k)));
    expect(after).toEqual(['A']);
  });

  it('runs every case as aigym_app, not as the owner', async () => {
    const role = await asIdentity(identities.admin, async (trx) => (await sql<{ u: string; s: boolean }>`select current_user as u, rolsuper or rolbypassrls as s from pg_roles where rolname = current_user`.execute(trx)).rows[0]);
    expect(role).toEqual({ u: 'aigym_app', s: false });
  });
});
