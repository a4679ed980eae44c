import { sql } from 'kysely';
import {
  type BulkContentInput,
  type ContentItem,
  type ContentKind,
  type ContentProgress,
  type ContentSummary,
  createContentSchema,
  detailsInputSchemas,
  type ListContentQuery,
  type ProgressAction,
  type UpdateContentInput,
} from '../../../contracts/content.js';
import type { Page } from '../../../contracts/pagination.js';
import type { z } from 'zod';
import { isForeignKeyViolation, requireAdmin } from '../../lib/access.js';
import { AppError, notFound } from '../../lib/app-error.js';
import { decodeCursor, decodeKey, isUuid, pageOf, timeKey } from '../../lib/cursor.js';
import { isAdmin, type UserContext } from '../../lib/transactions.js';
import { recordAudit } from '../audit/audit.service.js';
import { iso } from '../../lib/dates.js';
import { type DetailsInput, readDetails, writeDetails } from './content-details.js';
import { containing } from '../../lib/like-pattern.js';
import { indexContent } from '../knowledge/knowledge.service.js';

// What other modules may use of content (ADR 0047: a module imports another only through its service file).
export { exemplarsOf, rubricOf } from './content-details.js';
export { sniffImageType } from './thumbnails.js';

const contentNotFound = () => notFound('That content');

function summaryQuery(ctx: UserContext) {
  return ctx.db
    .selectFrom('content_items as ci')
    .leftJoin('content_progress as p', (join) => join.onRef('p.content_id', '=', 'ci.id').on('p.user_id', '=', ctx.actor.userId))
    .select([
      'ci.id',
      'ci.kind',
      'ci.title',
      'ci.description',
      'ci.status',
      'ci.thumbnail_url',
      'ci.tags',
      'ci.created_at',
      'ci.updated_at',
      'ci.published_at',
      'p.viewed_at',
      'p.completed_at',
      'p.prompt_copies',
    ])
    .select(sql<string>`to_char(ci.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at'))
    .select((eb) =>
      eb
        .selectFrom('content_assignments as a')
        .whereRef('a.content_id', '=', 'ci.id')
        .select(sql<string[]>`coalesce(array_agg(a.community_id order by a.community_id), '{}')`.as('ids'))
        .as('community_ids'),
    );
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

function toSummary(row: SummaryRow): ContentSummary {
  const progress: ContentProgress | null =
    row.viewed_at || row.completed_at || row.prompt_copies
      ? { viewedAt: row.viewed_at ? iso(row.viewed_at) : null, completedAt: row.completed_at ? iso(row.completed_at) : null, promptCopies: row.prompt_copies ?? 0 }
      : null;
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    description: row.description,
    status: row.status,
    thumbnailUrl: row.thumbnail_url,
    tags: row.tags,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    publishedAt: row.published_at ? iso(row.published_at) : null,
    communityIds: row.community_ids ?? [],
    progress,
  };
}

/** One endpoint for everyone: row-level security decides what each caller sees. */
export async function listContent(ctx: UserContext, query: ListContentQuery): Promise<Page<ContentSummary>> {
  let q = summaryQuery(ctx);
  const cursor = query.cursor ? decodeListCursor(query.cursor, query.sort) : null;
  const memberPage = !isAdmin(ctx) && !query.q && !query.tag && (query.status === undefined || query.status === 'published');
  if (memberPage) {
    // The page's candidates come from the listing keys on the member's assignment rows (ADR 0028);
    // the filters and the order below are applied again to the items themselves.
    q = q.where(sql<boolean>`ci.id = any (array(${memberPageCandidates(query, cursor)}))`);
  } else if (!isAdmin(ctx)) {
    // Row-level security already limits members to their assigned items; saying so here lets the
    // planner start from those few ids (one bitmap scan of the primary key) instead of filtering the
    // whole table in date order.
    q = q.where(sql<boolean>`ci.id = any (array(select app.my_content_ids()))`);
  }
  if (query.kind) q = q.where('ci.kind', '=', query.kind);
  if (query.status) q = q.where('ci.status', '=', query.status);
  if (query.tag) q = q.where(sql<boolean>`ci.tags @> array[${query.tag}]::text[]`);
  if (query.communityId && !memberPage) {
    const communityId = query.communityId;
    q = q.where('ci.id', 'in', (eb) => eb.selectFrom('content_assignments').select('content_id').where('community_id', '=', communityId));
  }
  if (query.q) {
    const text = query.q;
    q = q.where((eb) => eb.or([eb(sql`ci.search`, '@@', sql`websearch_to_tsquery('english', ${text})`), eb('ci.title', 'ilike', containing(text))]));
  }
  if (query.sort === 'title') {
    if (cursor) q = q.where(sql<boolean>`(lower(ci.title), ci.id) > (${cursor.at}, ${cursor.id}::uuid)`);
    q = q.orderBy(sql`lower(ci.title)`).orderBy('ci.id');
  } else {
    if (cursor) q = q.where(sql<boolean>`(ci.updated_at, ci.id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
    q = q.orderBy('ci.updated_at', 'desc').orderBy('ci.id', 'desc');
  }
  const rows = await q.limit(query.limit + 1).execute();
  const page = pageOf(rows, query.limit, (last) => timeKey(query.sort === 'title' ? last.title.toLowerCase() : last.cursor_at, last.id));
  return { items: page.items.map(toSummary), nextCursor: page.nextCursor };
}

/**
 * The ids of a member's next page, at most `limit + 1`, from the index on their communities'
 * assignment rows: each community's next `limit + 1` in the list's order, merged, each item once.
 * An item in the member's page is among the first `limit + 1` of every community it is assigned
 * to, so the merge misses none. Row-level security still decides, item by item, what is returned.
 */
function memberPageCandidates(query: ListContentQuery, cursor: { at: string; id: string } | null) {
  const n = query.limit + 1;
  const byTitle = query.sort === 'title';
  const key = byTitle ? sql`a.listed_title_key` : sql`a.listed_updated_at`;
  const after = !cursor
    ? sql``
    : byTitle
      ? sql`and (a.listed_title_key, a.content_id) > (${cursor.at}, ${cursor.id}::uuid)`
      : sql`and (a.listed_updated_at, a.content_id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`;
  const direction = byTitle ? sql`asc` : sql`desc`;
  return sql`
    select c.content_id
      from unnest(array(select app.my_community_ids())) as mine (community_id)
     cross join lateral (
       select a.content_id, ${key} as key
         from content_assignments a
        where a.community_id = mine.community_id and a.listed_updated_at is not null
          ${query.kind ? sql`and a.listed_kind = ${query.kind}` : sql``} ${after}
        order by ${key} ${direction}, a.content_id ${direction}
        limit ${n}) c
     ${query.communityId ? sql`where mine.community_id = ${query.communityId}::uuid` : sql``}
     group by c.content_id, c.key
     order by c.key ${direction}, c.content_id ${direction}
     limit ${n}`;
}

function decodeListCursor(cursor: string, sort: ListContentQuery['sort']) {
  if (sort === 'recent') return decodeCursor(cursor);
  // By title the key is `[lower(title), id]`.
  return decodeKey(cursor, (value) => (Array.isArray(value) && typeof value[0] === 'string' && isUuid(value[1]) ? { at: value[0], id: value[1] } : null));
}

export async function getContent(ctx: UserContext, id: string): Promise<ContentItem> {
  const row = await summaryQuery(ctx).where('ci.id', '=', id).executeTakeFirst();
  if (!row) throw contentNotFound();
  const details = await readDetails(ctx.db, row.kind, id);
  if (!details) throw contentNotFound();
  // An agent's instructions are applied by the server; members have no use for them.
  if (row.kind === 'agent' && !isAdmin(ctx) && 'systemPrompt' in details) details.systemPrompt = '';
  // Likewise the evaluator's instructions: the rubric is what a learner is scored on.
  if (row.kind === 'exercise' && !isAdmin(ctx) && 'evaluatorInstructions' in details) details.evaluatorInstructions = '';
  // The model answer and the scored examples are an answer key (§10.1).
  if (row.kind === 'exercise' && !isAdmin(ctx) && 'exemplars' in details) Object.assign(details, { referenceAnswer: '', exemplars: [] });
  return { ...toSummary(row), details } as ContentItem;
}

async function refreshSearch(ctx: UserContext, id: string, kindText: string): Promise<void> {
  await sql`
    update content_items set search =
        setweight(to_tsvector('english', title), 'A')
     || setweight(to_tsvector('english', description), 'B')
     || setweight(to_tsvector('simple', array_to_string(tags, ' ')), 'B')
     || setweight(to_tsvector('english', ${kindText.slice(0, 200_000)}), 'C')
     where id = ${id}`.execute(ctx.db);
}

type CreateInput = z.output<typeof createContentSchema>;

/**
 * Refuses to publish what may not be published yet (a graded exercise without a passed calibration,
 * §10.1). The exercises module implements it (`publishGuard`) and app.ts passes it in, so content
 * does not import exercises, which reads content.
 */
export interface PublishGuard {
  /** After a create or an update, inside its transaction; `before` is null on a create. */
  item(ctx: UserContext, item: ContentItem, before: ContentItem | null): Promise<void>;
  /** Before a bulk publish, with the ids not yet published. */
  all(ctx: UserContext, ids: string[]): Promise<void>;
}

export async function createContent(ctx: UserContext, input: CreateInput, guard: PublishGuard): Promise<ContentItem> {
  requireAdmin(ctx);
  const row = await ctx.db
    .insertInto('content_items')
    .values({
      kind: input.kind,
      title: input.title,
      description: input.description,
      status: input.status,
      tags: [...new Set(input.tags)],
      thumbnail_url: input.thumbnailUrl ?? null,
      created_by: ctx.actor.userId,
      updated_by: ctx.actor.userId,
      published_at: input.status === 'published' ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const kindText = await writeDetails(ctx.db, input.kind, row.id, input.details);
  await refreshSearch(ctx, row.id, kindText);
  await indexContent(ctx, row.id, input.kind);
  const item = await getContent(ctx, row.id);
  await guard.item(ctx, item, null);
  await recordAudit(ctx, { action: 'content.create', entityType: 'content', entityId: row.id, after: auditView(item) });
  return item;
}

/** The audit trail keeps what changed, not whole document bodies. */
function auditView(item: ContentItem) {
  const { details: _details, progress: _progress, ...rest } = item;
  return rest;
}

export async function updateContent(ctx: UserContext, id: string, patch: UpdateContentInput, guard: PublishGuard): Promise<ContentItem> {
  requireAdmin(ctx);
  const before = await getContent(ctx, id);
  const changes = {
    ...(patch.title === undefined ? {} : { title: patch.title }),
    ...(patch.description === undefined ? {} : { description: patch.description }),
    ...(patch.tags === undefined ? {} : { tags: [...new Set(patch.tags)] }),
    ...(patch.thumbnailUrl === undefined ? {} : { thumbnail_url: patch.thumbnailUrl }),
    ...(patch.status === undefined ? {} : { status: patch.status }),
    ...(patch.status === 'published' && before.status !== 'published' ? { published_at: new Date() } : {}),
  };
  await ctx.db.updateTable('content_items').set({ ...changes, updated_by: ctx.actor.userId }).where('id', '=', id).execute();
  let kindText: string | undefined;
  if (patch.details) {
    const schema = detailsInputSchemas[before.kind];
    // Merge over the current details so a patch may send only what changed.
    const merged = { ...(before.details as Record<string, unknown>), ...patch.details };
    const parsed = schema.safeParse(merged);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError('validation_failed', `details.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'is not valid'}`, {
        details: { in: 'body', issues: parsed.error.issues.map((i) => ({ path: ['details', ...i.path].join('.'), message: i.message })) },
      });
    }
    kindText = await writeDetails(ctx.db, before.kind, id, parsed.data as DetailsInput[typeof before.kind]);
    // Agents answering from this item cite its new text from the same commit on.
    await indexContent(ctx, id, before.kind);
  }
  if (kindText !== undefined || changes.title !== undefined || changes.description !== undefined || changes.tags !== undefined) {
    kindText ??= await currentKindText(ctx, before);
    await refreshSearch(ctx, id, kindText);
  }
  const after = await getContent(ctx, id);
  await guard.item(ctx, after, before);
  await recordAudit(ctx, {
    action: patch.status && patch.status !== before.status ? `content.${patch.status === 'published' ? 'publish' : patch.status === 'archived' ? 'archive' : 'unpublish'}` : 'content.update',
    entityType: 'content',
    entityId: id,
    before: auditView(before),
    after: auditView(after),
  });
  return after;
}

async function currentKindText(_ctx: UserContext, item: ContentItem): Promise<string> {
  const d = item.details as Record<string, unknown>;
  // The model answer stays out of search: members could otherwise probe it word by word.
  return Object.entries(d)
    .filter(([key]) => key !== 'referenceAnswer')
    .map(([, v]) => v)
    .flatMap((v) => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []))
    .join(' ');
}

export async function deleteContent(ctx: UserContext, id: string): Promise<void> {
  requireAdmin(ctx);
  const before = await getContent(ctx, id);
  await ctx.db.deleteFrom('content_items').where('id', '=', id).execute();
  await recordAudit(ctx, { action: 'content.delete', entityType: 'content', entityId: id, before: auditView(before) });
}

export async function duplicateContent(ctx: UserContext, id: string, guard: PublishGuard): Promise<ContentItem> {
  requireAdmin(ctx);
  const source = await getContent(ctx, id);
  const input = createContentSchema.parse({
    kind: source.kind,
    title: `Copy of ${source.title}`.slice(0, 200),
    description: source.description,
    status: 'draft',
    tags: source.tags,
    thumbnailUrl: source.thumbnailUrl,
    details: source.details,
  });
  return createContent(ctx, input, guard);
}

export async function setAssignments(ctx: UserContext, id: string, communityIds: string[]): Promise<{ communityIds: string[] }> {
  requireAdmin(ctx);
  const before = await getContent(ctx, id);
  const wanted = [...new Set(communityIds)];
  // New assignments first: their trigger locks the item before this transaction locks any
  // assignment row, the order an edit of the item takes too (ADR 0028), so the two cannot deadlock.
  await assign(ctx, [id], wanted);
  await ctx.db.deleteFrom('content_assignments').where('content_id', '=', id).$if(wanted.length > 0, (qb) => qb.where('community_id', 'not in', wanted)).execute();
  await recordAudit(ctx, { action: 'content.assign', entityType: 'content', entityId: id, before: { communityIds: before.communityIds }, after: { communityIds: wanted } });
  return { communityIds: wanted.sort() };
}

async function assign(ctx: UserContext, contentIds: string[], communityIds: string[]): Promise<void> {
  if (contentIds.length === 0 || communityIds.length === 0) return;
  try {
    await ctx.db
      .insertInto('content_assignments')
      .values(contentIds.flatMap((content_id) => communityIds.map((community_id) => ({ content_id, community_id, assigned_by: ctx.actor.userId }))))
      .onConflict((oc) => oc.columns(['content_id', 'community_id']).doNothing())
      .execute();
  } catch (error) {
    if (isForeignKeyViolation(error)) throw notFound('One of those communities');
    throw error;
  }
}

export async function bulkUpdate(ctx: UserContext, input: BulkContentInput, guard: PublishGuard): Promise<{ updated: number }> {
  requireAdmin(ctx);
  const ids = [...new Set(input.ids)];
  const found = await ctx.db.selectFrom('content_items').select(['id', 'status']).where('id', 'in', ids).execute();
  if (found.length !== ids.length) throw notFound('One of those items');
  if (input.action === 'assign') {
    await assign(ctx, ids, [...new Set(input.communityIds)]);
  } else if (input.action === 'delete') {
    await ctx.db.deleteFrom('content_items').where('id', 'in', ids).execute();
  } else {
    const status = input.action === 'publish' ? 'published' : input.action === 'archive' ? 'archived' : 'draft';
    if (status === 'published') await guard.all(ctx, found.filter((f) => f.status !== 'published').map((f) => f.id));
    await ctx.db
      .updateTable('content_items')
      .set({ status, updated_by: ctx.actor.userId, ...(status === 'published' ? { published_at: sql<Date>`coalesce(published_at, now())` } : {}) })
      .where('id', 'in', ids)
      .execute();
  }
  await recordAudit(ctx, { action: `content.bulk_${input.action}`, entityType: 'content', entityId: null, after: input });
  return { updated: ids.length };
}

/** A member's own progress on an item they can see; RLS refuses progress on anything else. */
export async function recordProgress(ctx: UserContext, id: string, action: ProgressAction): Promise<ContentProgress> {
  const item = await ctx.db.selectFrom('content_items').select(['id', 'kind']).where('id', '=', id).executeTakeFirst();
  if (!item) throw contentNotFound();
  if (action === 'copied' && item.kind !== 'prompt') throw new AppError('only_prompts_copied', 'Only prompts can be copied.');
  const now = new Date();
  const insert = {
    user_id: ctx.actor.userId,
    content_id: id,
    viewed_at: now,
    completed_at: action === 'completed' ? now : null,
    prompt_copies: action === 'copied' ? 1 : 0,
    last_activity_at: now,
  };
  const row = await ctx.db
    .insertInto('content_progress')
    .values(insert)
    .onConflict((oc) =>
      oc.columns(['user_id', 'content_id']).doUpdateSet((eb) => ({
        viewed_at: sql<Date>`coalesce(${eb.ref('content_progress.viewed_at')}, ${now})`,
        completed_at: action === 'completed' ? sql<Date>`coalesce(${eb.ref('content_progress.completed_at')}, ${now})` : action === 'uncompleted' ? null : eb.ref('content_progress.completed_at'),
        prompt_copies: action === 'copied' ? sql<number>`${eb.ref('content_progress.prompt_copies')} + 1` : eb.ref('content_progress.prompt_copies'),
        last_activity_at: now,
      })),
    )
    .returning(['viewed_at', 'completed_at', 'prompt_copies'])
    .executeTakeFirstOrThrow();
  return {
    viewedAt: row.viewed_at ? iso(row.viewed_at) : null,
    completedAt: row.completed_at ? iso(row.completed_at) : null,
    promptCopies: row.prompt_copies,
  };
}

export async function setThumbnail(ctx: UserContext, id: string, url: string, guard: PublishGuard): Promise<ContentItem> {
  return updateContent(ctx, id, { thumbnailUrl: url }, guard);
}

export type { ContentKind };
