import { type ControlledTransaction, type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db-schema.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';

/**
 * The attempts table's policies and guard in SQL, as aigym_app (beneath the service's checks):
 * what each person can read and write, whatever code path asks.
 */
const U = {
  admin: '00000000-0000-4000-a000-000000000001',
  memberA: '00000000-0000-4000-a000-000000000002',
  managerA: '00000000-0000-4000-a000-000000000003',
  memberB: '00000000-0000-4000-a000-000000000004',
  managerB: '00000000-0000-4000-a000-000000000005',
} as const;
const C = { A: '10000000-0000-4000-a000-00000000000a', B: '10000000-0000-4000-a000-00000000000b' } as const;
const EX = '60000000-0000-4000-a000-000000000001';
const CONV = '40000000-0000-4000-a000-000000000002';
const ATT = '70000000-0000-4000-a000-000000000001';

let database: TestDatabase;
let db: Kysely<Database>;

async function as<T>(userId: string, role: 'admin' | 'member', fn: (trx: ControlledTransaction<Database>) => Promise<T>): Promise<T> {
  const trx = await db.startTransaction().execute();
  try {
    await sql`select set_config('app.user_id', ${userId}::text, true), set_config('app.role', ${role}::text, true), set_config('role', 'aigym_app', true)`.execute(trx);
    return await fn(trx);
  } finally {
    await trx.rollback().execute();
  }
}

const outcome = (userId: string, role: 'admin' | 'member', statement: string) =>
  as(userId, role, async (trx) => {
    try {
      return Number((await sql.raw(statement).execute(trx)).numAffectedRows ?? 0n);
    } catch (error) {
      return (error as { code?: string }).code === '42501' ? 'refused' : `error ${(error as Error).message}`;
    }
  });

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.handle.db;
  await db
    .insertInto('users')
    .values(Object.entries(U).map(([name, id]) => ({ id, email: `${name.toLowerCase()}@example.com`, display_name: name, status: 'active' as const, role: name === 'admin' ? ('admin' as const) : ('member' as const) })))
    .execute();
  await db.insertInto('communities').values([{ id: C.A, name: 'A' }, { id: C.B, name: 'B' }]).execute();
  await db
    .insertInto('community_members')
    .values([
      { community_id: C.A, user_id: U.memberA, role: 'member' },
      { community_id: C.A, user_id: U.managerA, role: 'manager' },
      { community_id: C.B, user_id: U.memberB, role: 'member' },
      { community_id: C.B, user_id: U.managerB, role: 'manager' },
    ])
    .execute();
  await db.insertInto('content_items').values({ id: EX, kind: 'exercise', title: 'E', status: 'published' }).execute();
  await db.insertInto('exercise_details').values({ content_id: EX, brief: 'b', rubric: JSON.stringify([{ id: 'c', title: 'C', description: 'd', weight: 1 }]), pass_mark: 50, max_attempts: null, evaluator_instructions: '' }).execute();
  await db.insertInto('content_assignments').values({ content_id: EX, community_id: C.A }).execute();
  await db.insertInto('conversations').values({ id: CONV, user_id: U.memberA, agent_id: null }).execute();
  await db.insertInto('messages').values({ conversation_id: CONV, user_id: U.memberA, role: 'user', text: 'private practice' }).execute();
  await db
    .insertInto('exercise_attempts')
    .values({ id: ATT, user_id: U.memberA, exercise_id: EX, conversation_id: CONV, attempt_number: 1, status: 'evaluated', answer: 'a', score: 80, passed: true, submitted_at: new Date() })
    .execute();
});
afterAll(() => database.drop());

describe('exercise attempts under row-level security', () => {
  it('shows an attempt to its owner, the managers of the owner’s community and admins only', async () => {
    const seen = async (userId: string, role: 'admin' | 'member' = 'member') =>
      as(userId, role, async (trx) => (await trx.selectFrom('exercise_attempts').select('id').execute()).length);
    expect(await seen(U.memberA)).toBe(1);
    expect(await seen(U.managerA)).toBe(1);
    expect(await seen(U.admin, 'admin')).toBe(1);
    expect(await seen(U.memberB)).toBe(0);
    expect(await seen(U.managerB)).toBe(0);
  });

  it('lets nobody write a review of their own attempt, and reviewers write only the review', async () => {
    expect(await outcome(U.memberA, 'member', `update exercise_attempts set review_score = 100, review_passed = true, review_reason = 'me', status = 'reviewed'`)).toBe('refused');
    // Changed for ADR 0036: a community's managers read their members' scores but write nothing; the
    // admin (and named reviewers, server/modules/reviews/reviews-rls.test.ts) write only the review.
    expect(await outcome(U.managerA, 'member', `update exercise_attempts set score = 100`)).toBe(0);
    expect(await outcome(U.managerA, 'member', `update exercise_attempts set shared = true`)).toBe(0);
    expect(await outcome(U.managerA, 'member', `update exercise_attempts set review_score = 50, review_passed = false, review_reason = 'r', status = 'reviewed'`)).toBe(0);
    expect(await outcome(U.admin, 'admin', `update exercise_attempts set score = 100`)).toBe('refused');
    expect(await outcome(U.admin, 'admin', `update exercise_attempts set review_score = 50, review_passed = false, review_reason = 'r', status = 'reviewed'`)).toBe(1);
    expect(await outcome(U.managerB, 'member', `update exercise_attempts set review_score = 50, review_passed = false, review_reason = 'r', status = 'reviewed'`)).toBe(0);
    expect(await outcome(U.memberA, 'member', `update exercise_attempts set user_id = '${U.memberB}'`)).toBe('refused');
  });

  it('never deletes attempts through the app, and starts them only for oneself at a visible exercise', async () => {
    expect(await outcome(U.admin, 'admin', 'delete from exercise_attempts')).toBe('refused');
    const insert = (userId: string) =>
      `insert into exercise_attempts (user_id, exercise_id, attempt_number) values ('${userId}', '${EX}', 9)`;
    expect(await outcome(U.memberA, 'member', insert(U.memberA))).toBe(1);
    expect(await outcome(U.memberA, 'member', insert(U.memberB))).toBe('refused');
    expect(await outcome(U.memberB, 'member', insert(U.memberB))).toBe('refused');
  });

  it('opens the practice transcript to the owner’s managers only while shared', async () => {
    const transcript = (userId: string, role: 'admin' | 'member' = 'member') =>
      as(userId, role, async (trx) => (await sql<{ text: string }>`select text from app.shared_attempt_transcript(${ATT})`.execute(trx)).rows.map((r) => r.text));
    expect(await transcript(U.managerA)).toEqual([]);
    await db.updateTable('exercise_attempts').set({ shared: true }).where('id', '=', ATT).execute();
    try {
      expect(await transcript(U.managerA)).toEqual(['private practice']);
      expect(await transcript(U.managerB)).toEqual([]);
      expect(await transcript(U.admin, 'admin')).toEqual([]);
      expect(await transcript(U.memberB)).toEqual([]);
      // The conversation tables themselves stay owner-only.
      expect(await as(U.managerA, 'member', async (trx) => (await trx.selectFrom('messages').select('id').execute()).length)).toBe(0);
    } finally {
      await db.updateTable('exercise_attempts').set({ shared: false }).where('id', '=', ATT).execute();
    }
  });

  it('lists an attempt’s readers to its owner only', async () => {
    const readers = (userId: string) => as(userId, 'member', async (trx) => (await sql<{ display_name: string }>`select display_name from app.attempt_readers(${ATT})`.execute(trx)).rows.map((r) => r.display_name));
    expect(await readers(U.memberA)).toEqual(['managerA']);
    expect(await readers(U.managerA)).toEqual([]);
    expect(await readers(U.memberB)).toEqual([]);
  });
});
