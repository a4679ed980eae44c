import { type RawBuilder, sql } from 'kysely';
import type { AnalyticsQuery } from '../../../contracts/analytics.js';
import type { ExerciseMembers, ExerciseStats, MemberSkills, MemberSkillsQuery, Skills } from '../../../contracts/exercises.js';
import { managesUser } from '../../lib/access.js';
import { notFound } from '../../lib/app-error.js';
import { isAdmin, type UserContext } from '../../lib/transactions.js';
import { resolveScope } from '../analytics/analytics.service.js';
import { rubricOf } from '../content/content.service.js';
import { requireFeature } from '../flags/flags.service.js';
import { iso } from '../../lib/dates.js';

type Scope = Awaited<ReturnType<typeof resolveScope>>;

/**
 * An attempt (its user in `column`, made at `atColumn`) counts when its author is a client, not a
 * platform admin trying the exercise (issue 25: an admin's test attempt pulled pass rates down),
 * and, for a scoped view, a member of a community in scope who had joined it by then (issue 25:
 * a person's earlier attempts for another client showed in the new client's numbers).
 */
function inScope(scope: Scope, column: string, atColumn: string): RawBuilder<boolean> {
  if (scope.communityIds === null) return sql<boolean>`${sql.ref(column)} in (select u.id from users u where u.role <> 'admin')`;
  return sql<boolean>`exists (
    select 1 from community_members cm join users cu on cu.id = cm.user_id
     where cm.user_id = ${sql.ref(column)} and cu.role <> 'admin' and cm.community_id = any(${scope.communityIds}::uuid[])
       and ${sql.ref(atColumn)} >= cm.created_at)`;
}

const inRange = (scope: Scope, column: string) =>
  sql<boolean>`${sql.ref(column)} >= ${scope.from}::date::timestamptz and ${sql.ref(column)} < (${scope.to}::date + 1)::timestamptz`;

const round1 = (n: number | string | null): number | null => (n === null ? null : Math.round(Number(n) * 10) / 10);

/**
 * Per exercise: pass rate (members who passed at least once, among those with a score), average
 * score, attempts it took to pass, and the average per rubric criterion. A reviewed score replaces
 * the evaluator's.
 */
export async function exerciseStats(ctx: UserContext, query: AnalyticsQuery): Promise<ExerciseStats> {
  await requireFeature(ctx, 'exercises');
  const scope = await resolveScope(ctx, query);
  const assigned =
    scope.communityIds === null
      ? sql<boolean>`true`
      : sql<boolean>`ci.id in (select ca.content_id from content_assignments ca where ca.community_id = any(${scope.communityIds}::uuid[]))`;
  const { rows } = await sql<{
    id: string;
    title: string;
    pass_mark: number;
    rubric: unknown;
    members: string;
    attempts: string;
    scored: string;
    average_score: string | null;
    passers: string;
    scored_members: string;
    attempts_to_pass: string | null;
    criteria: Array<{ id: string; avg: number | null }> | null;
  }>`
    with att as (
      select a.exercise_id, a.user_id, a.attempt_number, coalesce(a.review_criteria, a.criteria) as criteria, a.status,
             coalesce(a.review_score, a.score) as eff_score, coalesce(a.review_passed, a.passed) as eff_passed
        from exercise_attempts a
       where ${inScope(scope, 'a.user_id', 'a.created_at')} and ${inRange(scope, 'a.created_at')}
    ),
    first_pass as (
      select exercise_id, user_id, min(attempt_number) as n from att where eff_passed group by exercise_id, user_id
    ),
    crit as (
      select att.exercise_id, c->>'criterionId' as id, avg((c->>'score')::numeric) as avg
        from att cross join lateral jsonb_array_elements(coalesce(att.criteria, '[]'::jsonb)) c
       where att.status in ('evaluated', 'reviewed')
       group by att.exercise_id, c->>'criterionId'
    )
    select ci.id, ci.title, d.pass_mark, d.rubric,
           (select count(distinct user_id) from att where att.exercise_id = ci.id) as members,
           (select count(*) from att where att.exercise_id = ci.id) as attempts,
           (select count(eff_score) from att where att.exercise_id = ci.id) as scored,
           (select avg(eff_score) from att where att.exercise_id = ci.id) as average_score,
           (select count(*) from first_pass fp where fp.exercise_id = ci.id) as passers,
           (select count(distinct user_id) from att where att.exercise_id = ci.id and eff_score is not null) as scored_members,
           (select avg(n) from first_pass fp where fp.exercise_id = ci.id) as attempts_to_pass,
           (select json_agg(json_build_object('id', crit.id, 'avg', crit.avg)) from crit where crit.exercise_id = ci.id) as criteria
      from content_items ci join exercise_details d on d.content_id = ci.id
     where ci.kind = 'exercise' and ci.status <> 'archived' and ${assigned}
     order by lower(ci.title), ci.id
     limit 200`.execute(ctx.db);
  return {
    items: rows.map((row) => {
      const averages = new Map((row.criteria ?? []).map((c) => [c.id, c.avg]));
      const scoredMembers = Number(row.scored_members);
      return {
        exerciseId: row.id,
        title: row.title,
        passMark: row.pass_mark,
        members: Number(row.members),
        attempts: Number(row.attempts),
        scored: Number(row.scored),
        passRate: scoredMembers === 0 ? null : Math.round((Number(row.passers) / scoredMembers) * 1000) / 1000,
        averageScore: round1(row.average_score),
        averageAttemptsToPass: round1(row.attempts_to_pass),
        criteria: rubricOf(row.rubric).map((c) => ({ criterionId: c.id, title: c.title, averageScore: round1(averages.get(c.id) ?? null) })),
      };
    }),
  };
}

/** Each member in scope who attempted the exercise: attempts, best score, passed, latest attempt. */
export async function exerciseMembers(ctx: UserContext, exerciseId: string, query: AnalyticsQuery): Promise<ExerciseMembers> {
  await requireFeature(ctx, 'exercises');
  const scope = await resolveScope(ctx, query);
  const exercise = await ctx.db.selectFrom('content_items').select('id').where('id', '=', exerciseId).where('kind', '=', 'exercise').executeTakeFirst();
  if (!exercise) throw notFound('That exercise');
  const { rows } = await sql<{
    user_id: string;
    display_name: string;
    attempts: string;
    best: number | null;
    passed: boolean;
    last_id: string;
    last_status: 'open' | 'submitted' | 'evaluated' | 'needs_review' | 'reviewed';
    last_at: Date;
    shared: boolean;
  }>`
    with att as (
      select a.*, coalesce(a.review_score, a.score) as eff_score, coalesce(a.review_passed, a.passed) as eff_passed
        from exercise_attempts a
       where a.exercise_id = ${exerciseId} and ${inScope(scope, 'a.user_id', 'a.created_at')} and ${inRange(scope, 'a.created_at')}
    ),
    latest as (
      select distinct on (user_id) user_id, id, status, created_at, shared from att order by user_id, attempt_number desc
    )
    select u.id as user_id, u.display_name, count(att.id) as attempts, max(att.eff_score) as best,
           coalesce(bool_or(att.eff_passed), false) as passed,
           l.id as last_id, l.status as last_status, l.created_at as last_at, l.shared
      from att join users u on u.id = att.user_id join latest l on l.user_id = att.user_id
     group by u.id, u.display_name, l.id, l.status, l.created_at, l.shared
     order by lower(u.display_name), u.id
     limit 500`.execute(ctx.db);
  return {
    items: rows.map((row) => ({
      userId: row.user_id,
      displayName: row.display_name,
      attempts: Number(row.attempts),
      bestScore: row.best,
      passed: row.passed,
      lastAttemptId: row.last_id,
      lastStatus: row.last_status,
      lastAttemptAt: iso(row.last_at),
      shared: row.shared,
    })),
  };
}

/**
 * A member's skills: every rubric criterion they were scored on, grouped by its title across
 * exercises, with each score over time. Themself; a manager for a member they manage; admins.
 */
export async function skills(ctx: UserContext, userId: string | undefined): Promise<Skills> {
  await requireFeature(ctx, 'exercises');
  const target = userId ?? ctx.actor.userId;
  if (target !== ctx.actor.userId && !isAdmin(ctx) && !(await managesUser(ctx, target))) throw notFound('That member');
  const { rows } = await sql<{ exercise_id: string; title: string; rubric: unknown; criteria: unknown; at: Date }>`
    select a.exercise_id, ci.title, d.rubric, coalesce(a.review_criteria, a.criteria) as criteria, coalesce(a.evaluated_at, a.created_at) as at
      from exercise_attempts a
      join content_items ci on ci.id = a.exercise_id
      join exercise_details d on d.content_id = a.exercise_id
     where a.user_id = ${target} and a.status in ('evaluated', 'reviewed') and coalesce(a.review_criteria, a.criteria) is not null
     order by at desc, a.attempt_number desc, a.id desc
     limit 1000`.execute(ctx.db);
  const bySkill = new Map<string, { skill: string; points: Skills['skills'][number]['points'] }>();
  // The newest thousand, walked oldest first: a long history drops its oldest scores, never its latest.
  for (const row of rows.reverse()) {
    const titles = new Map(rubricOf(row.rubric).map((c) => [c.id, c.title]));
    const criteria = (typeof row.criteria === 'string' ? JSON.parse(row.criteria) : row.criteria) as Array<{ criterionId: string; score: number }>;
    for (const c of criteria) {
      const title = titles.get(c.criterionId);
      if (!title) continue;
      const key = title.trim().toLowerCase();
      const entry = bySkill.get(key) ?? { skill: '', points: [] };
      entry.skill = title.trim(); // the latest spelling wins, as in memberSkills()
      entry.points.push({ at: iso(row.at), score: c.score, exerciseId: row.exercise_id, exerciseTitle: row.title });
      bySkill.set(key, entry);
    }
  }
  return {
    userId: target,
    skills: [...bySkill.values()]
      .map((s) => ({
        skill: s.skill,
        points: s.points,
        average: Math.round(s.points.reduce((sum, p) => sum + p.score, 0) / s.points.length),
        latest: s.points[s.points.length - 1]?.score ?? 0,
      }))
      .sort((a, b) => a.skill.localeCompare(b.skill)),
  };
}

/**
 * Every member in scope with a scored attempt, and their skills as in `skills()`: per criterion
 * title, the latest score, the one before it, the average and how many. All time, like a member's
 * own skill view: the dashboard's date range says when activity happened, not what someone can do.
 */
export async function memberSkills(ctx: UserContext, query: MemberSkillsQuery): Promise<MemberSkills> {
  await requireFeature(ctx, 'exercises');
  const scope = await resolveScope(ctx, query);
  const { rows } = await sql<{
    user_id: string;
    display_name: string;
    skill: string;
    latest: string;
    previous: string | null;
    average: string;
    scores: string;
  }>`
    with scores as (
      select a.user_id, a.id, a.attempt_number, coalesce(a.evaluated_at, a.created_at) as at, btrim(r->>'title') as title,
             lower(btrim(r->>'title')) as skill_key, (c->>'score')::numeric as score
        from exercise_attempts a
        join exercise_details d on d.content_id = a.exercise_id
        cross join lateral jsonb_array_elements(coalesce(a.review_criteria, a.criteria)) c
        cross join lateral jsonb_array_elements(d.rubric) r
       where r->>'id' = c->>'criterionId' and a.status in ('evaluated', 'reviewed') and coalesce(a.review_criteria, a.criteria) is not null
         and ${inScope(scope, 'a.user_id', 'a.created_at')}
    ),
    -- Newest first; attempts scored in the same instant (one transaction) by their number.
    ranked as (
      select scores.*, row_number() over (partition by user_id, skill_key order by at desc, attempt_number desc, id desc) as n from scores
    )
    select ranked.user_id, u.display_name,
           max(ranked.title) filter (where n = 1) as skill,
           max(ranked.score) filter (where n = 1) as latest,
           max(ranked.score) filter (where n = 2) as previous,
           avg(ranked.score) as average, count(*) as scores
      from ranked join users u on u.id = ranked.user_id
     group by ranked.user_id, u.display_name, ranked.skill_key
     order by lower(u.display_name), ranked.user_id
     limit 4000`.execute(ctx.db);
  const byMember = new Map<string, MemberSkills['items'][number]>();
  for (const row of rows) {
    const member = byMember.get(row.user_id) ?? { userId: row.user_id, displayName: row.display_name, skills: [] };
    member.skills.push({
      skill: row.skill,
      latest: Number(row.latest),
      previous: row.previous === null ? null : Number(row.previous),
      average: Math.round(Number(row.average)),
      scores: Number(row.scores),
    });
    byMember.set(row.user_id, member);
  }
  const items = [...byMember.values()];
  for (const member of items) member.skills.sort((a, b) => a.skill.localeCompare(b.skill));
  return { items };
}
