import { type RawBuilder, sql } from 'kysely';
import type {
  Activity,
  AnalyticsQuery,
  AnalyticsSummary,
  CommunityStats,
  Engagement,
  MemberHome,
  MemberReport,
  MemberStats,
  TopAgents,
} from '../../../contracts/analytics.js';
import { type ContentKind, contentKinds } from '../../../contracts/content.js';
import { requireAdmin } from '../../lib/access.js';
import { AppError, notFound } from '../../lib/app-error.js';
import { isAdmin, type UserContext } from '../../lib/transactions.js';
import { iso } from '../../lib/dates.js';

/** Longest range a dashboard may ask for, so one request cannot scan years of rollups. */
const MAX_RANGE_DAYS = 366;

interface Scope {
  from: string;
  to: string;
  /** The communities whose members count; null means every user (an admin's global view). */
  communityIds: string[] | null;
}

const today = () => new Date().toISOString().slice(0, 10);
const daysBefore = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

/**
 * Who the numbers are about. Admins: everyone, or one community. Managers: the communities they
 * manage (another community's id is 404, as for anything they may not see). Members: refused.
 */
export async function resolveScope(ctx: UserContext, query: AnalyticsQuery): Promise<Scope> {
  const to = query.to ?? today();
  const from = query.from ?? daysBefore(to, 29);
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_RANGE_DAYS) {
    throw new AppError('range_too_long', `Choose a range of at most ${MAX_RANGE_DAYS} days.`, { details: { max: MAX_RANGE_DAYS } });
  }
  if (isAdmin(ctx)) {
    if (!query.communityId) return { from, to, communityIds: null };
    const exists = await ctx.db.selectFrom('communities').select('id').where('id', '=', query.communityId).executeTakeFirst();
    if (!exists) throw notFound('That community');
    return { from, to, communityIds: [query.communityId] };
  }
  const managed = (
    await ctx.db.selectFrom('community_members').select('community_id').where('user_id', '=', ctx.actor.userId).where('role', '=', 'manager').execute()
  ).map((m) => m.community_id);
  if (managed.length === 0) throw new AppError('forbidden', 'Only administrators and community managers can see analytics.');
  if (query.communityId && !managed.includes(query.communityId)) throw notFound('That community');
  return { from, to, communityIds: query.communityId ? [query.communityId] : managed };
}

/**
 * The clients the numbers are about: members of the communities in scope (of any community, for
 * an admin's global view) who are not staff. Platform admins trying things out are not client
 * activity, even when they belong to a community. Every panel counts the same people, so totals agree.
 */
function clientIds(scope: Scope): RawBuilder<unknown> {
  const communities = scope.communityIds === null ? sql`true` : sql`cm.community_id = any(${scope.communityIds}::uuid[])`;
  return sql`select cm.user_id from community_members cm join users cu on cu.id = cm.user_id where cu.role <> 'admin' and ${communities}`;
}

/**
 * Activity by the user in `userColumn` on the agent or content item in `itemColumn` counts when the
 * user is a client (not staff) and, for a scoped view, when user and item belong to one community in
 * scope: a member of two clients is counted by each only for what they did with that client's agents
 * and content, and only since they joined it (`atColumn`: a usage day or a progress row's latest
 * activity). Issue 25: a person who joined a second client later showed that client their earlier
 * work for the first one on a shared agent.
 */
// The columns must be qualified: inside the subquery a bare user_id or content_id would mean its own.
function inScope(scope: Scope, userColumn: string, itemColumn: string, atColumn: string): RawBuilder<boolean> {
  if (scope.communityIds === null) return sql<boolean>`${sql.ref(userColumn)} in (${clientIds(scope)})`;
  // A usage day counts from the day of joining (UTC, as usage days are); progress from the moment.
  const since = atColumn.endsWith('.day') ? sql`(cm.created_at at time zone 'UTC')::date` : sql`cm.created_at`;
  return sql<boolean>`exists (
    select 1 from community_members cm join content_assignments ca on ca.community_id = cm.community_id
      join users cu on cu.id = cm.user_id
     where cm.user_id = ${sql.ref(userColumn)} and ca.content_id = ${sql.ref(itemColumn)} and cu.role <> 'admin'
       and cm.community_id = any(${scope.communityIds}::uuid[]) and ${sql.ref(atColumn)} >= ${since})`;
}

const rangeEnd = (scope: Scope) => sql`(${scope.to}::date + 1)::timestamptz`;
const rangeStart = (scope: Scope) => sql`${scope.from}::date::timestamptz`;

export async function summary(ctx: UserContext, query: AnalyticsQuery): Promise<AnalyticsSummary> {
  const scope = await resolveScope(ctx, query);
  // One pass over each source: the active-member window, the usage in range, the progress in range.
  const { rows } = await sql<{
    members: number;
    day1: number;
    day7: number;
    day30: number;
    conversations: number;
    messages: number;
    views: number;
    completions: number;
    prompt_copies: number;
  }>`
    with active as (
      select user_id, day as at from usage_daily where day > current_date - 30 and ${inScope(scope, 'usage_daily.user_id', 'usage_daily.agent_id', 'usage_daily.day')}
      union all
      select user_id, (last_activity_at at time zone 'UTC')::date from content_progress
       where last_activity_at > now() - interval '30 days' and ${inScope(scope, 'content_progress.user_id', 'content_progress.content_id', 'content_progress.last_activity_at')}
    ),
    -- Each person's latest day, once (one hash aggregate rather than three distinct counts).
    last_seen as (select user_id, max(at) as at from active group by user_id),
    actives as (
      select count(*) filter (where at >= current_date)::int as day1,
             count(*) filter (where at > current_date - 7)::int as day7,
             count(*)::int as day30
        from last_seen
    ),
    usage as (
      select coalesce(sum(conversations), 0)::int as conversations, coalesce(sum(messages), 0)::int as messages
        from usage_daily where day between ${scope.from}::date and ${scope.to}::date and ${inScope(scope, 'usage_daily.user_id', 'usage_daily.agent_id', 'usage_daily.day')}
    ),
    progress as (
      select count(*) filter (where viewed_at >= ${rangeStart(scope)} and viewed_at < ${rangeEnd(scope)})::int as views,
             count(*) filter (where completed_at >= ${rangeStart(scope)} and completed_at < ${rangeEnd(scope)})::int as completions,
             coalesce(sum(prompt_copies) filter (where last_activity_at >= ${rangeStart(scope)} and last_activity_at < ${rangeEnd(scope)}), 0)::int as prompt_copies
        from content_progress
       where ${inScope(scope, 'content_progress.user_id', 'content_progress.content_id', 'content_progress.last_activity_at')}
         and (viewed_at >= ${rangeStart(scope)} or completed_at >= ${rangeStart(scope)} or last_activity_at >= ${rangeStart(scope)})
    )
    select (select count(distinct c.user_id)::int from (${clientIds(scope)}) c) as members,
           actives.*, usage.*, progress.*
      from actives, usage, progress
  `.execute(ctx.db);
  const r = rows[0];
  if (!r) throw new Error('summary query returned no row');
  return {
    range: { from: scope.from, to: scope.to },
    members: r.members,
    activeMembers: { day1: r.day1, day7: r.day7, day30: r.day30 },
    conversations: r.conversations,
    messages: r.messages,
    views: r.views,
    completions: r.completions,
    promptCopies: r.prompt_copies,
  };
}

export async function activity(ctx: UserContext, query: AnalyticsQuery): Promise<Activity> {
  const scope = await resolveScope(ctx, query);
  const { rows } = await sql<{ day: string; conversations: number; messages: number; active_members: number }>`
    select to_char(d.day, 'YYYY-MM-DD') as day,
           coalesce(sum(u.conversations), 0)::int as conversations,
           coalesce(sum(u.messages), 0)::int as messages,
           count(distinct u.user_id)::int as active_members
      from generate_series(${scope.from}::date, ${scope.to}::date, interval '1 day') as d(day)
      left join usage_daily u on u.day = d.day::date and ${inScope(scope, 'u.user_id', 'u.agent_id', 'u.day')}
     group by d.day order by d.day`.execute(ctx.db);
  return { days: rows.map((r) => ({ day: r.day, conversations: r.conversations, messages: r.messages, activeMembers: r.active_members })) };
}

export async function topAgents(ctx: UserContext, query: AnalyticsQuery): Promise<TopAgents> {
  const scope = await resolveScope(ctx, query);
  const { rows } = await sql<{ agent_id: string; title: string | null; conversations: number; members: number }>`
    select u.agent_id, ci.title, sum(u.conversations)::int as conversations, count(distinct u.user_id)::int as members
      from usage_daily u left join content_items ci on ci.id = u.agent_id
     where u.day between ${scope.from}::date and ${scope.to}::date and ${inScope(scope, 'u.user_id', 'u.agent_id', 'u.day')}
     group by u.agent_id, ci.title
     order by conversations desc, members desc, u.agent_id
     limit 10`.execute(ctx.db);
  return { items: rows.map((r) => ({ agentId: r.agent_id, title: r.title ?? 'Removed agent', conversations: r.conversations, members: r.members })) };
}

export async function contentEngagement(ctx: UserContext, query: AnalyticsQuery): Promise<Engagement> {
  const scope = await resolveScope(ctx, query);
  const { rows } = await sql<{ kind: ContentKind; views: number; completions: number; prompt_copies: number }>`
    select ci.kind,
           count(*) filter (where p.viewed_at >= ${rangeStart(scope)} and p.viewed_at < ${rangeEnd(scope)})::int as views,
           count(*) filter (where p.completed_at >= ${rangeStart(scope)} and p.completed_at < ${rangeEnd(scope)})::int as completions,
           coalesce(sum(p.prompt_copies) filter (where p.last_activity_at >= ${rangeStart(scope)} and p.last_activity_at < ${rangeEnd(scope)}), 0)::int as prompt_copies
      from content_progress p join content_items ci on ci.id = p.content_id
     where ${inScope(scope, 'p.user_id', 'p.content_id', 'p.last_activity_at')}
     group by ci.kind`.execute(ctx.db);
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  return {
    items: contentKinds.map((kind) => ({
      kind,
      views: byKind.get(kind)?.views ?? 0,
      completions: byKind.get(kind)?.completions ?? 0,
      promptCopies: byKind.get(kind)?.prompt_copies ?? 0,
    })),
  };
}

/** Admins: one row per community, for comparing clients and spotting the one that lags. */
export async function communityStats(ctx: UserContext, query: AnalyticsQuery): Promise<CommunityStats> {
  requireAdmin(ctx);
  const scope = await resolveScope(ctx, query);
  const { rows } = await sql<{ id: string; name: string; members: number; active_members: number; conversations: number; completions: number }>`
    with members as (
      select cm.community_id, cm.user_id, cm.created_at as joined_at from community_members cm join users cu on cu.id = cm.user_id where cu.role <> 'admin'
    ),
    -- Activity counts for a community only on that community's agents and content.
    assigned as (select community_id, content_id from content_assignments),
    usage as (
      select m.community_id, sum(u.conversations) as conversations
        from usage_daily u join members m on m.user_id = u.user_id
        join assigned a on a.community_id = m.community_id and a.content_id = u.agent_id
       -- Only since joining (see inScope).
       where u.day between ${scope.from}::date and ${scope.to}::date and u.day >= (m.joined_at at time zone 'UTC')::date
       group by m.community_id
    ),
    -- Active means the same everywhere: chatted or worked on content in the period.
    active as (
      -- The union is already one row per person, so each membership counts once.
      select m.community_id, count(distinct m.user_id) as active
        from (
          select user_id, agent_id as item_id, day::timestamp at time zone 'UTC' + interval '1 day' - interval '1 microsecond' as at
            from usage_daily where day between ${scope.from}::date and ${scope.to}::date
          union
          select user_id, content_id, last_activity_at from content_progress where last_activity_at >= ${rangeStart(scope)} and last_activity_at < ${rangeEnd(scope)}
        ) a join members m on m.user_id = a.user_id and a.at >= m.joined_at
        join assigned on assigned.community_id = m.community_id and assigned.content_id = a.item_id
       group by m.community_id
    ),
    done as (
      select m.community_id, count(*) as completions
        from content_progress p join members m on m.user_id = p.user_id
        join assigned a on a.community_id = m.community_id and a.content_id = p.content_id
       where p.completed_at >= ${rangeStart(scope)} and p.completed_at < ${rangeEnd(scope)} and p.completed_at >= m.joined_at
       group by m.community_id
    )
    select c.id, c.name,
           (select count(*) from members m where m.community_id = c.id)::int as members,
           coalesce(active.active, 0)::int as active_members,
           coalesce(usage.conversations, 0)::int as conversations,
           coalesce(done.completions, 0)::int as completions
      from communities c
      left join usage on usage.community_id = c.id
      left join active on active.community_id = c.id
      left join done on done.community_id = c.id
     where ${scope.communityIds === null ? sql`true` : sql`c.id = any(${scope.communityIds}::uuid[])`}
     order by c.name`.execute(ctx.db);
  return {
    items: rows.map((r) => ({ communityId: r.id, name: r.name, members: r.members, activeMembers: r.active_members, conversations: r.conversations, completions: r.completions })),
  };
}

const emptyByKind = (): Record<ContentKind, number> => Object.fromEntries(contentKinds.map((k) => [k, 0])) as Record<ContentKind, number>;

/** One row per member in scope: what they completed (by kind), how much they chatted, when last active. */
export async function memberStats(ctx: UserContext, query: AnalyticsQuery): Promise<MemberStats> {
  const scope = await resolveScope(ctx, query);
  // A per-person table of the whole platform is neither readable nor cheap: admins drill into one community.
  if (scope.communityIds === null) throw new AppError('community_required', 'Choose a community to list its members.');
  const { rows } = await sql<{
    id: string;
    display_name: string;
    email: string;
    completed: Record<string, number> | null;
    conversations: number;
    last_active: Date | null;
  }>`
    with people as (
      select distinct u.id, u.display_name, u.email from users u
       where u.id in (${clientIds(scope)})
    ),
    done as (
      select p.user_id, ci.kind, count(*) as n from content_progress p join content_items ci on ci.id = p.content_id
       where p.completed_at >= ${rangeStart(scope)} and p.completed_at < ${rangeEnd(scope)} and p.user_id in (select id from people)
         and ${inScope(scope, 'p.user_id', 'p.content_id', 'p.last_activity_at')}
       group by p.user_id, ci.kind
    ),
    chats as (
      select user_id, sum(conversations) as conversations, max(day) as last_day from usage_daily
       where user_id in (select id from people) and ${inScope(scope, 'usage_daily.user_id', 'usage_daily.agent_id', 'usage_daily.day')} group by user_id
    ),
    chats_in_range as (
      select user_id, sum(conversations) as conversations from usage_daily
       where day between ${scope.from}::date and ${scope.to}::date and user_id in (select id from people) and ${inScope(scope, 'usage_daily.user_id', 'usage_daily.agent_id', 'usage_daily.day')}
       group by user_id
    ),
    seen as (
      select user_id, max(last_activity_at) as at from content_progress
       where user_id in (select id from people) and ${inScope(scope, 'content_progress.user_id', 'content_progress.content_id', 'content_progress.last_activity_at')} group by user_id
    )
    select people.id, people.display_name, people.email,
           (select jsonb_object_agg(done.kind, done.n) from done where done.user_id = people.id) as completed,
           coalesce(chats_in_range.conversations, 0)::int as conversations,
           greatest(seen.at, chats.last_day::timestamptz) as last_active
      from people
      left join chats on chats.user_id = people.id
      left join chats_in_range on chats_in_range.user_id = people.id
      left join seen on seen.user_id = people.id
     order by last_active desc nulls last, people.display_name
     limit 1000`.execute(ctx.db);
  return {
    items: rows.map((r) => {
      const completedByKind = { ...emptyByKind(), ...Object.fromEntries(Object.entries(r.completed ?? {}).map(([k, v]) => [k, Number(v)])) };
      return {
        userId: r.id,
        displayName: r.display_name,
        email: r.email,
        completedByKind,
        completions: Object.values(completedByKind).reduce((a, b) => a + b, 0),
        conversations: r.conversations,
        lastActiveAt: r.last_active ? iso(r.last_active) : null,
      };
    }),
  };
}

/**
 * One member's report, for admins, for that member's managers (row-level security shows a manager
 * only their own members; anyone else gets 404) and for the member themself.
 */
export async function memberReport(ctx: UserContext, userId: string): Promise<MemberReport> {
  const user = await ctx.db.selectFrom('users').select(['id', 'display_name', 'email', 'status']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound('That member');
  const communities = await ctx.db
    .selectFrom('community_members as m')
    .innerJoin('communities as c', 'c.id', 'm.community_id')
    .select(['c.id', 'c.name', 'm.role'])
    .where('m.user_id', '=', userId)
    .orderBy('c.name')
    .execute();
  // A manager sees what the member did inside the communities they manage, nothing from another client.
  const managed = isAdmin(ctx) || userId === ctx.actor.userId
    ? null
    : (await ctx.db.selectFrom('community_members').select('community_id').where('user_id', '=', ctx.actor.userId).where('role', '=', 'manager').execute()).map((m) => m.community_id);
  const scope: Scope = { from: '', to: '', communityIds: managed };
  const byKind = await sql<{ kind: ContentKind; completed: number; viewed: number }>`
    select ci.kind, count(p.completed_at)::int as completed, count(p.viewed_at)::int as viewed
      from content_progress p join content_items ci on ci.id = p.content_id
     where p.user_id = ${userId} and ${inScope(scope, 'p.user_id', 'p.content_id', 'p.last_activity_at')} group by ci.kind`.execute(ctx.db);
  const totals = await sql<{ conversations: number; messages: number; last_day: string | null }>`
    select coalesce(sum(conversations), 0)::int as conversations, coalesce(sum(messages), 0)::int as messages, to_char(max(day), 'YYYY-MM-DD') as last_day
      from usage_daily where user_id = ${userId} and ${inScope(scope, 'usage_daily.user_id', 'usage_daily.agent_id', 'usage_daily.day')}`.execute(ctx.db);
  const days = await sql<{ day: string; conversations: number; messages: number }>`
    select to_char(day, 'YYYY-MM-DD') as day, sum(conversations)::int as conversations, sum(messages)::int as messages
      from usage_daily where user_id = ${userId} and day > current_date - 30 and ${inScope(scope, 'usage_daily.user_id', 'usage_daily.agent_id', 'usage_daily.day')} group by day order by day`.execute(ctx.db);
  const recent = await sql<{ content_id: string; title: string; kind: ContentKind; completed_at: Date }>`
    select p.content_id, ci.title, ci.kind, p.completed_at from content_progress p join content_items ci on ci.id = p.content_id
     where p.user_id = ${userId} and p.completed_at is not null and ${inScope(scope, 'p.user_id', 'p.content_id', 'p.last_activity_at')}
     order by p.completed_at desc limit 10`.execute(ctx.db);
  const lastSeen = await sql<{ at: Date | null }>`
    select max(last_activity_at) as at from content_progress where user_id = ${userId} and ${inScope(scope, 'content_progress.user_id', 'content_progress.content_id', 'content_progress.last_activity_at')}`.execute(ctx.db);
  const completedByKind = emptyByKind();
  const viewedByKind = emptyByKind();
  for (const r of byKind.rows) {
    completedByKind[r.kind] = r.completed;
    viewedByKind[r.kind] = r.viewed;
  }
  const t = totals.rows[0];
  const lastChat = t?.last_day ? Date.parse(`${t.last_day}T00:00:00Z`) : null;
  const lastContent = lastSeen.rows[0]?.at ? new Date(lastSeen.rows[0].at).getTime() : null;
  const last = Math.max(lastChat ?? 0, lastContent ?? 0);
  return {
    user: { id: user.id, displayName: user.display_name, email: user.email, status: user.status },
    communities,
    completedByKind,
    viewedByKind,
    conversations: t?.conversations ?? 0,
    messages: t?.messages ?? 0,
    lastActiveAt: last > 0 ? new Date(last).toISOString() : null,
    activity: days.rows,
    recentCompletions: recent.rows.map((r) => ({ contentId: r.content_id, title: r.title, kind: r.kind, completedAt: iso(r.completed_at) })),
  };
}

/** A member's home: where to pick up, what is new, and their own progress by kind. */
export async function memberHome(ctx: UserContext): Promise<MemberHome> {
  const me = ctx.actor.userId;
  const recentConversations = await ctx.db
    .selectFrom('conversations as c')
    .leftJoin('content_items as ci', 'ci.id', 'c.agent_id')
    .select(['c.id', 'c.title', 'ci.title as agent_title', 'c.updated_at'])
    .where('c.user_id', '=', me)
    .orderBy('c.updated_at', 'desc')
    .limit(5)
    .execute();
  const inProgress = await ctx.db
    .selectFrom('content_progress as p')
    .innerJoin('content_items as ci', 'ci.id', 'p.content_id')
    .select(['ci.id', 'ci.title', 'ci.kind', 'p.viewed_at'])
    .where('p.user_id', '=', me)
    .where('p.completed_at', 'is', null)
    .where('p.viewed_at', 'is not', null)
    .orderBy('p.last_activity_at', 'desc')
    .limit(6)
    .execute();
  const newlyAssigned = await sql<{ id: string; title: string; kind: ContentKind; assigned_at: Date }>`
    select ci.id, ci.title, ci.kind, max(a.assigned_at) as assigned_at
      from content_items ci join content_assignments a on a.content_id = ci.id
     where ci.id in (select app.my_content_ids()) and ci.status = 'published'
       and not exists (select 1 from content_progress p where p.content_id = ci.id and p.user_id = ${me})
     group by ci.id, ci.title, ci.kind
     order by assigned_at desc limit 6`.execute(ctx.db);
  const progress = await sql<{ kind: ContentKind; assigned: number; completed: number }>`
    select ci.kind, count(*)::int as assigned, count(p.completed_at)::int as completed
      from content_items ci left join content_progress p on p.content_id = ci.id and p.user_id = ${me}
     where ci.id in (select app.my_content_ids()) and ci.status = 'published'
     group by ci.kind`.execute(ctx.db);
  const byKind = new Map(progress.rows.map((r) => [r.kind, r]));
  return {
    recentConversations: recentConversations.map((c) => ({ id: c.id, title: c.title, agentTitle: c.agent_title, updatedAt: iso(c.updated_at) })),
    inProgress: inProgress.map((p) => ({ id: p.id, title: p.title, kind: p.kind, viewedAt: iso(p.viewed_at ?? new Date()) })),
    newlyAssigned: newlyAssigned.rows.map((r) => ({ id: r.id, title: r.title, kind: r.kind, assignedAt: iso(r.assigned_at) })),
    progressByKind: contentKinds.map((kind) => ({ kind, assigned: byKind.get(kind)?.assigned ?? 0, completed: byKind.get(kind)?.completed ?? 0 })),
  };
}
