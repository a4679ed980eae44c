import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUser, signIn, sql, type SignedIn, type TestApp } from '../../test/test-app.js';
import { MESSAGE_MONTHS_AHEAD, ensureMessagePartitions } from './message-partitions.js';

/**
 * `messages` partitioned by month (issue 28, ADR 0051, migration 0040): the daily job creates the
 * months ahead; a row that fell into the default partition is moved into its month without being
 * counted twice; the policy on the parent still scopes every read; nobody reaches a partition by name.
 */
const monthName = (d: Date) => `messages_${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
const monthsFrom = (d: Date, n: number) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));

describe('messages partitioned by month', () => {
  let t: TestApp;
  let member: SignedIn;
  let memberId: string;
  let conversation: string;
  const owner = () => t.database.handle.db;

  const partitions = async () =>
    (
      await sql<{ name: string }>`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
                                   where i.inhparent = 'public.messages'::regclass order by 1`.execute(owner())
    ).rows.map((r) => r.name);

  beforeAll(async () => {
    t = await createTestApp();
    memberId = (await seedUser(t.database, { email: 'member@example.com' })).id;
    member = await signIn(t.app, 'member@example.com');
    const now = new Date();
    conversation = (
      await owner().insertInto('conversations').values({ user_id: memberId, title: 'Old history', created_at: new Date('2020-01-01T00:00:00Z'), updated_at: now }).returning('id').executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(() => t?.close());

  it('is a partitioned table with this month, the months ahead and a default partition', async () => {
    const kind = await sql<{ kind: string }>`select relkind::text as kind from pg_class where oid = 'public.messages'::regclass`.execute(owner());
    expect(kind.rows[0]?.kind).toBe('p');
    const names = await partitions();
    for (let n = 0; n <= MESSAGE_MONTHS_AHEAD; n++) expect(names).toContain(monthName(monthsFrom(new Date(), n)));
    expect(names).toContain('messages_default');
  });

  it('creates the months ahead from the daily job on the runner, once however often it runs', async () => {
    const later = monthsFrom(new Date(), 5);
    await t.app.jobs.runDue(later);
    const names = await partitions();
    for (let n = 0; n <= MESSAGE_MONTHS_AHEAD; n++) expect(names).toContain(monthName(monthsFrom(later, n)));
    expect(await ensureMessagePartitions(t.app, later)).toBe(0);
    // Every partition forces row-level security, and aigym_app cannot read one by name.
    const { rows } = await sql<{ name: string; rls: boolean; force: boolean; readable: boolean }>`
      select c.relname as name, c.relrowsecurity as rls, c.relforcerowsecurity as force, has_table_privilege('aigym_app', c.oid, 'SELECT') as readable
        from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'public.messages'::regclass`.execute(owner());
    expect(rows.filter((r) => !r.rls || !r.force || r.readable)).toEqual([]);
  });

  it('moves a message of a month without a partition out of the default partition, counted once, still readable by its owner only', async () => {
    const when = new Date('2020-01-15T10:00:00Z');
    const usage = async () => (await sql<{ n: number }>`select coalesce(sum(messages), 0)::int as n from usage_daily where user_id = ${memberId}`.execute(owner())).rows[0]?.n;
    await owner().insertInto('messages').values({ conversation_id: conversation, user_id: memberId, role: 'user', text: 'From long ago', created_at: when }).execute();
    const counted = await usage();
    const inDefault = await sql<{ n: number }>`select count(*)::int as n from messages_default`.execute(owner());
    expect(inDefault.rows[0]?.n).toBe(1);

    expect(await ensureMessagePartitions(t.app)).toBe(1);
    expect(await partitions()).toContain('messages_2020_01');
    const moved = await sql<{ part: string; n: number }>`select tableoid::regclass::text as part, count(*)::int as n from messages where conversation_id = ${conversation} group by 1`.execute(owner());
    expect(moved.rows).toEqual([{ part: 'messages_2020_01', n: 1 }]);
    expect(await usage()).toBe(counted);

    const res = await t.app.inject({ method: 'GET', url: `/api/conversations/${conversation}/messages`, headers: member.auth });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ items: Array<{ text: string }> }>().items.map((m) => m.text)).toEqual(['From long ago']);
    const other = await seedUser(t.database, { email: 'other@example.com' });
    const seen = await owner().transaction().execute(async (trx) => {
      await sql`select set_config('app.user_id', ${other.id}, true), set_config('role', 'aigym_app', true)`.execute(trx);
      return (await sql<{ n: number }>`select count(*)::int as n from messages`.execute(trx)).rows[0]?.n;
    });
    expect(seen).toBe(0);
  });

  it('refuses a signed-in caller and a direct read of a partition', async () => {
    const asMember = (statement: ReturnType<typeof sql>) =>
      owner().transaction().execute(async (trx) => {
        await sql`select set_config('app.user_id', ${memberId}, true), set_config('role', 'aigym_app', true)`.execute(trx);
        return statement.execute(trx);
      });
    await expect(asMember(sql`select app.ensure_message_partitions(now(), 2)`)).rejects.toThrow(/job runner/);
    await expect(asMember(sql`select count(*) from messages_2020_01`)).rejects.toThrow(/permission denied/);
  });

  it('reads only the recent months for a window of the last days (partition pruning)', async () => {
    const { rows } = await sql<{ 'QUERY PLAN': string }>`
      explain select id from messages where conversation_id = ${conversation} and created_at >= now() - interval '3 days'`.execute(owner());
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).not.toContain('messages_2020_01');
    expect(plan).toContain(monthName(new Date()));
  });
});
