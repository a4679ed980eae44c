import { sql } from 'kysely';
import type { ExerciseDetails, RubricCriterion } from '../../../contracts/content.js';
import type { CriterionScore } from '../../../contracts/exercises.js';
import type { AttemptStatus } from '../../db-schema.js';
import type { UserContext } from '../../lib/transactions.js';
import type { ModelChoice } from '../../platform/ai/index.js';
import { exemplarsOf, rubricOf } from '../content/content.service.js';

export interface ExerciseRow {
  id: string;
  title: string;
  status: 'draft' | 'published' | 'archived';
  brief: string;
  practiceAgentId: string | null;
  rubric: RubricCriterion[];
  passMark: number;
  maxAttempts: number | null;
  evaluatorInstructions: string;
  /** The connection and model the evaluator scores with (null connection: the environment's provider). */
  evaluator: ModelChoice;
  graded: boolean;
  referenceAnswer: string;
  exemplars: ExerciseDetails['exemplars'];
}

/** An exercise the caller can see (row-level security decides), or undefined. */
export async function findExercise(ctx: UserContext, id: string): Promise<ExerciseRow | undefined> {
  const row = await ctx.db
    .selectFrom('content_items as ci')
    .innerJoin('exercise_details as d', 'd.content_id', 'ci.id')
    .select(['ci.id', 'ci.title', 'ci.status', 'd.brief', 'd.practice_agent_id', 'd.rubric', 'd.pass_mark', 'd.max_attempts', 'd.evaluator_instructions', 'd.evaluator_connection_id', 'd.evaluator_model', 'd.graded', 'd.reference_answer', 'd.exemplars'])
    .where('ci.id', '=', id)
    .where('ci.kind', '=', 'exercise')
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    brief: row.brief,
    practiceAgentId: row.practice_agent_id,
    rubric: rubricOf(row.rubric),
    passMark: row.pass_mark,
    maxAttempts: row.max_attempts,
    evaluatorInstructions: row.evaluator_instructions,
    evaluator: { connectionId: row.evaluator_connection_id, model: row.evaluator_model },
    graded: row.graded,
    referenceAnswer: row.reference_answer,
    exemplars: exemplarsOf(row.exemplars),
  };
}

export function attemptQuery(ctx: UserContext) {
  return ctx.db
    .selectFrom('exercise_attempts as a')
    .innerJoin('content_items as ci', 'ci.id', 'a.exercise_id')
    .leftJoin('users as r', 'r.id', 'a.reviewed_by')
    .selectAll('a')
    .select(['ci.title as exercise_title', 'r.display_name as reviewer_name']);
}
export type AttemptRow = Awaited<ReturnType<ReturnType<typeof attemptQuery>['executeTakeFirstOrThrow']>>;

export const findAttempt = (ctx: UserContext, id: string) => attemptQuery(ctx).where('a.id', '=', id).executeTakeFirst();

export function listAttemptsOf(ctx: UserContext, exerciseId: string, userId: string) {
  return attemptQuery(ctx).where('a.exercise_id', '=', exerciseId).where('a.user_id', '=', userId).orderBy('a.attempt_number', 'desc').execute();
}

export async function attemptCounts(ctx: UserContext, exerciseId: string, userId: string) {
  const row = await ctx.db
    .selectFrom('exercise_attempts')
    .select((eb) => [
      eb.fn.countAll<string>().as('total'),
      eb.fn.max('attempt_number').as('last_number'),
      sql<string>`count(*) filter (where status in ('open', 'submitted'))`.as('in_progress'),
    ])
    .where('exercise_id', '=', exerciseId)
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), lastNumber: Number(row.last_number ?? 0), inProgress: Number(row.in_progress) };
}

export async function insertAttempt(ctx: UserContext, exerciseId: string, number: number, conversationId: string | null): Promise<string> {
  const row = await ctx.db
    .insertInto('exercise_attempts')
    .values({ user_id: ctx.actor.userId, exercise_id: exerciseId, attempt_number: number, conversation_id: conversationId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Takes the attempt for evaluation, atomically: an open attempt is submitted with its answer; a
 * submitted one whose last evaluation failed (or stalled past `staleAfterMs`) is taken again.
 * Returns undefined when another request has it or it is already scored.
 */
export async function claimForEvaluation(ctx: UserContext, id: string, answer: string | null, staleAfterMs: number) {
  return ctx.db
    .updateTable('exercise_attempts')
    .set({
      status: 'submitted',
      answer: sql<string>`case when status = 'open' then ${answer} else answer end`,
      submitted_at: sql<Date>`coalesce(submitted_at, now())`,
      evaluation_started_at: sql<Date>`now()`,
      evaluation_error: null,
    })
    .where('id', '=', id)
    .where('user_id', '=', ctx.actor.userId)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'open'),
        eb.and([
          eb('status', '=', 'submitted'),
          eb.or([eb('evaluation_started_at', 'is', null), eb('evaluation_started_at', '<', sql<Date>`now() - make_interval(secs => ${staleAfterMs / 1000})`)]),
        ]),
      ]),
    )
    .returning(['id', 'answer', 'conversation_id', 'exercise_id'])
    .executeTakeFirst();
}

export async function practiceMessages(ctx: UserContext, conversationId: string) {
  return ctx.db
    .selectFrom('messages')
    .select(['role', 'text', 'created_at'])
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', ctx.actor.userId)
    .where('text', '<>', '')
    .orderBy('created_at')
    .orderBy('id')
    .limit(400)
    .execute();
}

export async function sharedTranscript(ctx: UserContext, attemptId: string) {
  const { rows } = await sql<{ role: 'user' | 'assistant'; text: string; created_at: Date }>`
    select role, text, created_at from app.shared_attempt_transcript(${attemptId})`.execute(ctx.db);
  return rows;
}

export async function attemptReaders(ctx: UserContext, attemptId: string) {
  const { rows } = await sql<{ display_name: string; community_name: string }>`
    select display_name, community_name from app.attempt_readers(${attemptId})`.execute(ctx.db);
  return rows;
}

export interface VerdictColumns {
  status: AttemptStatus;
  score: number | null;
  passed: boolean | null;
  criteria: CriterionScore[];
  feedback: string | null;
  model: string;
  offline: boolean;
  error: string | null;
  /** What it was scored against (ADR 0035). */
  graded: boolean;
  rubricVersion: string | null;
  connectionId: string | null;
  samples: Array<Array<{ criterionId: string; score: number }>> | null;
  spread: number | null;
}

export async function saveVerdict(ctx: UserContext, id: string, v: VerdictColumns): Promise<void> {
  await ctx.db
    .updateTable('exercise_attempts')
    .set({
      status: v.status,
      score: v.score,
      passed: v.passed,
      criteria: JSON.stringify(v.criteria),
      feedback: v.feedback,
      evaluator_model: v.model,
      evaluator_offline: v.offline,
      evaluation_error: v.error,
      graded: v.graded,
      rubric_version: v.rubricVersion,
      evaluator_connection_id: v.connectionId,
      evaluator_samples: v.samples ? JSON.stringify(v.samples) : null,
      evaluator_spread: v.spread,
      evaluation_started_at: null,
      evaluated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('status', '=', 'submitted')
    .execute();
}

/** The evaluation failed: the attempt stays submitted, free to be evaluated again. */
export async function releaseClaim(ctx: UserContext, id: string, error: string): Promise<void> {
  await ctx.db
    .updateTable('exercise_attempts')
    .set({ evaluation_started_at: null, evaluation_error: error.slice(0, 1000) })
    .where('id', '=', id)
    .where('status', '=', 'submitted')
    .execute();
}

export async function setShared(ctx: UserContext, id: string, shared: boolean): Promise<void> {
  await ctx.db.updateTable('exercise_attempts').set({ shared }).where('id', '=', id).where('user_id', '=', ctx.actor.userId).execute();
}

/** Whether a passed calibration vouches for this fingerprint (a yes or no any learner may ask). */
export async function calibrationPassed(ctx: UserContext, exerciseId: string, fingerprint: string): Promise<boolean> {
  const { rows } = await sql<{ passed: boolean }>`select app.exercise_calibration_passed(${exerciseId}::uuid, ${fingerprint}) as passed`.execute(ctx.db);
  return rows[0]?.passed === true;
}
