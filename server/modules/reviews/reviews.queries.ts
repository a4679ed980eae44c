import { sql } from 'kysely';
import type { UserContext } from '../../lib/transactions.js';

export interface QueueRow {
  attempt_id: string;
  reason: 'needs_review' | 'near_pass_mark' | 'sampled' | 'disagreement' | 'appeal';
  waiting_since: Date;
  exercise_id: string;
  exercise_title: string;
  user_id: string;
  learner_name: string;
  attempt_number: number;
  status: 'evaluated' | 'needs_review' | 'reviewed';
  score: number | null;
  passed: boolean | null;
  pass_mark: number;
  graded: boolean;
  appeal_criterion_id: string | null;
  appeal_text: string | null;
  appeal_at: Date | null;
}

export async function queue(ctx: UserContext, communityId: string | null, near: number, maxSpread: number): Promise<QueueRow[]> {
  const { rows } = await sql<QueueRow>`select * from app.review_queue(${communityId}::uuid, ${near}::integer, ${maxSpread}::integer)`.execute(ctx.db);
  return rows;
}

export interface AttemptContext {
  user_id: string;
  learner_name: string;
  exercise_id: string;
  exercise_title: string;
  brief: string;
  rubric: unknown;
  pass_mark: number;
  graded: boolean;
}

/** The exercise and learner of an attempt the caller may review; undefined when they may not. */
export async function attemptContext(ctx: UserContext, attemptId: string): Promise<AttemptContext | undefined> {
  const { rows } = await sql<AttemptContext>`select * from app.review_attempt_context(${attemptId}::uuid)`.execute(ctx.db);
  return rows[0];
}

/** The attempt row as row-level security lets the caller read it. */
export function findAttempt(ctx: UserContext, id: string) {
  return ctx.db
    .selectFrom('exercise_attempts')
    .select([
      'id',
      'user_id',
      'exercise_id',
      'status',
      'answer',
      'score',
      'passed',
      'criteria',
      'review_score',
      'review_passed',
      'review_reason',
      'review_criteria',
      'reviewed_by',
      'reviewed_at',
      'appeal_criterion_id',
      'appeal_text',
      'appeal_at',
      'appeal_resolved_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}
export type ReviewAttemptRow = NonNullable<Awaited<ReturnType<typeof findAttempt>>>;

export async function saveReview(
  ctx: UserContext,
  id: string,
  review: { score: number; passed: boolean; reason: string; criteria: Array<{ criterionId: string; score: number }>; resolvesAppeal: boolean },
): Promise<void> {
  await ctx.db
    .updateTable('exercise_attempts')
    .set({
      status: 'reviewed',
      review_score: review.score,
      review_passed: review.passed,
      review_reason: review.reason,
      review_criteria: JSON.stringify(review.criteria),
      reviewed_by: ctx.actor.userId,
      reviewed_at: sql<Date>`now()`,
      ...(review.resolvesAppeal ? { appeal_resolved_at: sql<Date>`now()` } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function saveAppeal(ctx: UserContext, id: string, appeal: { criterionId: string; text: string }): Promise<void> {
  await ctx.db
    .updateTable('exercise_attempts')
    .set({ appeal_criterion_id: appeal.criterionId, appeal_text: appeal.text, appeal_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('user_id', '=', ctx.actor.userId)
    .where('appeal_at', 'is', null)
    .execute();
}

export interface ChangedCertificate {
  certificate_id: string;
  user_id: string;
  holder_name: string;
  program_title: string;
  suspended: boolean;
}

/** Suspends (or lifts) the certificates resting on this attempt, from what is now true. */
export async function recheckCertificates(ctx: UserContext, attemptId: string): Promise<ChangedCertificate[]> {
  const { rows } = await sql<ChangedCertificate>`select * from app.recheck_certificates_for_attempt(${attemptId}::uuid)`.execute(ctx.db);
  return rows;
}

/** Admins and the learner's reviewers, to be told by mail (never returned to a client). */
export async function trainersOf(ctx: UserContext, userId: string): Promise<Array<{ email: string; display_name: string }>> {
  const { rows } = await sql<{ email: string; display_name: string }>`select * from app.review_trainers(${userId}::uuid)`.execute(ctx.db);
  return rows;
}

export async function isReviewer(ctx: UserContext, communityId?: string): Promise<boolean> {
  let query = ctx.db.selectFrom('community_reviewers').select('community_id').where('user_id', '=', ctx.actor.userId);
  if (communityId) query = query.where('community_id', '=', communityId);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

export function listReviewers(ctx: UserContext, communityId: string) {
  return ctx.db
    .selectFrom('community_reviewers as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.user_id', 'u.display_name', 'u.email', 'r.added_at'])
    .where('r.community_id', '=', communityId)
    .orderBy('u.display_name')
    .execute();
}

export async function addReviewer(ctx: UserContext, communityId: string, userId: string): Promise<void> {
  await ctx.db.insertInto('community_reviewers').values({ community_id: communityId, user_id: userId, added_by: ctx.actor.userId }).onConflict((oc) => oc.doNothing()).execute();
}

export async function removeReviewer(ctx: UserContext, communityId: string, userId: string): Promise<number> {
  const result = await ctx.db.deleteFrom('community_reviewers').where('community_id', '=', communityId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function findCertificate(ctx: UserContext, id: string) {
  return ctx.db
    .selectFrom('certificates')
    .select(['id', 'user_id', 'code', 'holder_name', 'program_title', 'revoked', 'revoked_at', 'revoked_reason', 'suspended_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function revokeCertificate(ctx: UserContext, id: string, reason: string): Promise<void> {
  await ctx.db
    .updateTable('certificates')
    .set({ revoked: true, revoked_at: sql<Date>`now()`, revoked_reason: reason, revoked_by: ctx.actor.userId })
    .where('id', '=', id)
    .where('revoked', '=', false)
    .execute();
}
