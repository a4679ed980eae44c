import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem, ContentKind, ContentSummary } from '../../../contracts/content.js';
import { createTestApp, seedCommunity, seedUser, signIn, type SignedIn, type TestApp } from '../../test/test-app.js';
import { testDbKind } from '../../test/test-database.js';
import { sampleContent } from '../../test/content-fixtures.js';

/**
 * A member's content list reads its page from listing keys copied onto the assignment rows (ADR
 * 0028). These tests hold it to the source tables: every page a member walks through equals what
 * content_items, content_assignments and community_members say they may see, in order, after every
 * kind of change; the copies never differ from their items; and a member of another community
 * never sees an item, whichever filters they send.
 */
// Hundreds of requests each; a busy machine (or PGlite) needs more than the default 30 s.
const SLOW = 180_000;

describe('the member content list', () => {
  let t: TestApp;
  let admin: SignedIn;
  let memberAB: SignedIn;
  let memberC: SignedIn;
  const community: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };

  beforeAll(async () => {
    t = await createTestApp();
    community.A = await seedCommunity(t.database, 'Alpha');
    community.B = await seedCommunity(t.database, 'Beta');
    community.C = await seedCommunity(t.database, 'Gamma');
    await seedUser(t.database, { email: 'admin@example.com', role: 'admin' });
    await seedUser(t.database, { email: 'ab@example.com', communities: [{ id: community.A, role: 'member' }, { id: community.B, role: 'member' }] });
    await seedUser(t.database, { email: 'c@example.com', communities: [{ id: community.C, role: 'member' }] });
    admin = await signIn(t.app, 'admin@example.com');
    memberAB = await signIn(t.app, 'ab@example.com');
    memberC = await signIn(t.app, 'c@example.com');

    // Items in A only, B only, both (listed once), and C; drafts and archived ones among them; two
    // kinds; titles that sort differently from their age, and some sharing one timestamp.
    const titles = ['delta', 'Alpha plan', 'echo', 'bravo', 'Charlie', 'foxtrot', 'golf', 'hotel', 'India', 'juliet', 'kilo', 'lima'];
    for (const [i, title] of titles.entries()) {
      const kind: ContentKind = i % 3 === 0 ? 'prompt' : 'document';
      const status = i === 4 ? 'draft' : i === 7 ? 'archived' : 'published';
      const item = await create(sampleContent(kind, title, { status }));
      const where = [[community.A], [community.B], [community.A, community.B], [community.C]][i % 4] ?? [];
      await assign(item.id, where);
    }
    // Three items share one timestamp (the id breaks the tie); set as the owner, past the trigger
    // that stamps every update with now().
    await t.database.handle.db.transaction().execute(async (trx) => {
      await sql`alter table content_items disable trigger content_items_touch`.execute(trx);
      await sql`update content_items set updated_at = '2026-01-01T00:00:00Z' where title in ('golf', 'kilo', 'lima')`.execute(trx);
      await sql`alter table content_items enable trigger content_items_touch`.execute(trx);
    });
  });
  afterAll(() => t.close());

  const create = async (payload: object) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/content', headers: admin.auth, payload });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<ContentItem>();
  };
  const assign = async (id: string, communityIds: string[]) => {
    const response = await t.app.inject({ method: 'PUT', url: `/api/content/${id}/assignments`, headers: admin.auth, payload: { communityIds } });
    expect(response.statusCode, response.body).toBe(200);
  };
  const patch = async (id: string, payload: object) => {
    const response = await t.app.inject({ method: 'PATCH', url: `/api/content/${id}`, headers: admin.auth, payload });
    expect(response.statusCode, response.body).toBe(200);
  };
  const bulk = async (payload: object) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/content/bulk', headers: admin.auth, payload });
    expect(response.statusCode, response.body).toBe(200);
  };

  interface Query {
    sort?: 'recent' | 'title';
    kind?: ContentKind;
    communityId?: string;
    status?: 'published' | 'draft';
  }

  /** Every id a user is shown, following nextCursor page by page. */
  async function walk(who: SignedIn, query: Query, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const params = new URLSearchParams({ limit: String(limit), ...query, ...(cursor ? { cursor } : {}) });
      const response = await t.app.inject({ method: 'GET', url: `/api/content?${params.toString()}`, headers: who.auth });
      expect(response.statusCode, response.body).toBe(200);
      const page: { items: ContentSummary[]; nextCursor: string | null } = response.json();
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  }

  /** What the source tables (read as the owner, no copies) say the user may see, in the list's order. */
  async function truth(who: SignedIn, query: Query): Promise<string[]> {
    const order = query.sort === 'title' ? sql`lower(ci.title), ci.id` : sql`ci.updated_at desc, ci.id desc`;
    const { rows } = await sql<{ id: string }>`
      select ci.id from content_items ci
       where ci.status = 'published'
         and (${query.status ?? null}::text is null or ci.status = ${query.status ?? null})
         and (${query.kind ?? null}::text is null or ci.kind = ${query.kind ?? null})
         and exists (select 1 from content_assignments a join community_members m on m.community_id = a.community_id
                      where a.content_id = ci.id and m.user_id = ${who.userId}
                        and (${query.communityId ?? null}::uuid is null or a.community_id = ${query.communityId ?? null}))
       order by ${order}`.execute(t.database.handle.db);
    return rows.map((r) => r.id);
  }

  /** Assignment rows whose listing keys differ from their item's (NULL unless it is published). */
  async function staleCopies(): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from content_assignments a join content_items ci on ci.id = a.content_id
       cross join lateral (select ci.status = 'published' as listed) l
       where a.listed_kind is distinct from (case when l.listed then ci.kind end)
          or a.listed_title_key is distinct from (case when l.listed then lower(ci.title) end)
          or a.listed_updated_at is distinct from (case when l.listed then ci.updated_at end)`.execute(t.database.handle.db);
    return rows[0]?.n ?? -1;
  }

  const queries = (): Query[] => [
    {},
    { sort: 'title' },
    { kind: 'prompt' },
    { kind: 'document', sort: 'title' },
    { communityId: community.A },
    { communityId: community.B, sort: 'title', kind: 'document' },
    { status: 'published' },
    { status: 'draft' },
  ];

  /** Every filter and page size after the setup; after each later change, the orders and a kind. */
  async function expectListsMatchTruth(scope: 'all' | 'orders' = 'orders'): Promise<void> {
    expect(await staleCopies()).toBe(0);
    const asked = scope === 'all' ? queries() : [{}, { sort: 'title' as const }, { kind: 'prompt' as const }];
    for (const who of [memberAB, memberC]) {
      for (const query of asked) {
        const expected = await truth(who, query);
        for (const limit of scope === 'all' ? [1, 2, 5] : [2]) {
          expect(await walk(who, query, limit), `${who.userId === memberAB.userId ? 'AB' : 'C'} ${JSON.stringify(query)} limit ${limit}`).toEqual(expected);
        }
      }
    }
  }

  it('pages through exactly the published items of the member’s communities, in both orders and with every filter', async () => {
    expect((await truth(memberAB, {})).length).toBeGreaterThan(5);
    await expectListsMatchTruth('all');
  }, SLOW);

  it('keeps the listing copies and the lists right through edits, publishing, unpublishing, archiving and deletion', async () => {
    const item = await create(sampleContent('prompt', 'mike', { status: 'published' }));
    await assign(item.id, [community.A]);
    await expectListsMatchTruth();
    expect((await walk(memberAB, {}, 3))[0]).toBe(item.id);

    await patch(item.id, { title: 'Aardvark first' });
    await expectListsMatchTruth();
    expect((await walk(memberAB, { sort: 'title' }, 3))[0]).toBe(item.id);

    await patch(item.id, { status: 'draft' });
    await expectListsMatchTruth();
    expect(await walk(memberAB, {}, 20)).not.toContain(item.id);

    await patch(item.id, { status: 'published' });
    await expectListsMatchTruth();
    expect(await walk(memberAB, {}, 20)).toContain(item.id);

    await bulk({ action: 'archive', ids: [item.id] });
    await expectListsMatchTruth();
    expect(await walk(memberAB, {}, 20)).not.toContain(item.id);

    await bulk({ action: 'publish', ids: [item.id] });
    await expectListsMatchTruth();
    expect(await walk(memberAB, {}, 20)).toContain(item.id);

    await patch(item.id, { details: { promptText: 'Rewrite {{text}} kindly.' } });
    await expectListsMatchTruth();

    await t.app.inject({ method: 'DELETE', url: `/api/content/${item.id}`, headers: admin.auth });
    await expectListsMatchTruth();
    expect(await walk(memberAB, {}, 20)).not.toContain(item.id);
  }, SLOW);

  it('follows assignments: moved to another community, unassigned, assigned in bulk', async () => {
    const item = await create(sampleContent('document', 'november', { status: 'published' }));
    await assign(item.id, [community.C]);
    await expectListsMatchTruth();
    expect(await walk(memberC, {}, 20)).toContain(item.id);
    expect(await walk(memberAB, {}, 20)).not.toContain(item.id);

    await assign(item.id, [community.B]);
    await expectListsMatchTruth();
    expect(await walk(memberC, {}, 20)).not.toContain(item.id);
    expect(await walk(memberAB, {}, 20)).toContain(item.id);

    await assign(item.id, []);
    await expectListsMatchTruth();
    expect(await walk(memberAB, {}, 20)).not.toContain(item.id);

    await bulk({ action: 'assign', ids: [item.id], communityIds: [community.A, community.C] });
    await expectListsMatchTruth();
    expect(await walk(memberAB, { communityId: community.A }, 20)).toContain(item.id);
    expect(await walk(memberC, {}, 20)).toContain(item.id);
  }, SLOW);

  it('never shows a member of another community an item, whatever they ask for', async () => {
    const item = await create(sampleContent('prompt', 'oscar', { status: 'published' }));
    await assign(item.id, [community.A]);
    const asks: Query[] = [...queries(), { communityId: community.A }, { communityId: community.A, sort: 'title', kind: 'prompt' }, { status: 'published', communityId: community.A }];
    for (const query of asks) {
      for (const limit of [1, 50]) expect(await walk(memberC, query, limit)).not.toContain(item.id);
    }
    expect(await walk(memberC, { communityId: community.A }, 50)).toEqual([]);
    const read = await t.app.inject({ method: 'GET', url: `/api/content/${item.id}`, headers: memberC.auth });
    expect(read.statusCode).toBe(404);
  });

  // Two transactions at once need a server (PGlite has one connection).
  it.skipIf(testDbKind() !== 'postgres')('copies the published item into an assignment made while the item was being published', async () => {
    const item = await create(sampleContent('document', 'quebec', { status: 'draft' }));
    const editor = new pg.Client({ connectionString: t.database.url });
    const assigner = new pg.Client({ connectionString: t.database.url });
    await editor.connect();
    await assigner.connect();
    try {
      await editor.query('begin');
      await editor.query(`update content_items set status = 'published' where id = $1`, [item.id]);
      await assigner.query('begin');
      const assignerPid = (await assigner.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
      let inserted = false;
      const inserting = assigner.query('insert into content_assignments (content_id, community_id) values ($1, $2)', [item.id, community.A]).then(() => {
        inserted = true;
      });
      // The assignment waits for the edit to commit (or, were it not to, finishes with the draft's copy).
      for (;;) {
        const { rows } = await editor.query<{ waiting: boolean }>(
          `select coalesce(bool_or(wait_event_type = 'Lock'), false) as waiting from pg_stat_activity where pid = $1`,
          [assignerPid],
        );
        if (rows[0]?.waiting || inserted) break;
      }
      await editor.query('commit');
      await inserting;
      await assigner.query('commit');
    } finally {
      await editor.end();
      await assigner.end();
    }
    expect(await staleCopies()).toBe(0);
    expect(await walk(memberAB, {}, 50)).toContain(item.id);
  });

  it('lets the app role write which item goes where, never the listing copies', async () => {
    const item = await create(sampleContent('document', 'papa', { status: 'draft' }));
    await assign(item.id, [community.A]);
    const attempt = t.database.handle.db.transaction().execute(async (trx) => {
      await sql`select set_config('app.user_id', ${admin.userId}::text, true), set_config('app.role', 'admin', true), set_config('role', 'aigym_app', true)`.execute(trx);
      await sql`update content_assignments set listed_updated_at = now(), listed_kind = 'document', listed_title_key = 'papa' where content_id = ${item.id}`.execute(trx);
    });
    await expect(attempt).rejects.toThrow(/permission denied/);
    // A draft stays out of every member list.
    expect(await staleCopies()).toBe(0);
    expect(await walk(memberAB, {}, 50)).not.toContain(item.id);
  });
});
