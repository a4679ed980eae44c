import { sql } from 'kysely';
import type { CalibrationOutcome } from './measures.js';
import type { UserContext } from '../../../lib/transactions.js';

export async function latestCalibration(ctx: UserContext, exerciseId: string) {
  return ctx.db.selectFrom('exercise_calibrations').selectAll().where('exercise_id', '=', exerciseId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}
export type CalibrationRow = NonNullable<Awaited<ReturnType<typeof latestCalibration>>>;

export async function findCalibration(ctx: UserContext, id: string) {
  return ctx.db.selectFrom('exercise_calibrations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The graded exercises the caller can see. */
export async function gradedExerciseIds(ctx: UserContext): Promise<string[]> {
  const rows = await ctx.db.selectFrom('exercise_details').select('content_id').where('graded', '=', true).execute();
  return rows.map((r) => r.content_id);
}

/** The latest calibration of each exercise given (admins' library view). */
export async function latestCalibrations(ctx: UserContext, exerciseIds: string[]) {
  if (exerciseIds.length === 0) return [];
  return ctx.db
    .selectFrom('exercise_calibrations')
    .distinctOn('exercise_id')
    .select(['exercise_id', 'status', 'fingerprint', 'created_at'])
    .where('exercise_id', 'in', exerciseIds)
    .orderBy('exercise_id')
    .orderBy('created_at', 'desc')
    .execute();
}

export async function insertCalibration(
  ctx: UserContext,
  values: { exerciseId: string; fingerprint: string; model: string; offline: boolean; connectionId: string | null },
): Promise<string> {
  const row = await ctx.db
    .insertInto('exercise_calibrations')
    .values({
      exercise_id: values.exerciseId,
      fingerprint: values.fingerprint,
      evaluator_model: values.model,
      evaluator_offline: values.offline,
      evaluator_connection_id: values.connectionId,
      created_by: ctx.actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A run older than this that never finished was lost (a restart): it no longer blocks a new one. */
export const LOST_RUN_AFTER_MS = 30 * 60_000;

export async function runningCalibration(ctx: UserContext, exerciseId: string) {
  return ctx.db
    .selectFrom('exercise_calibrations')
    .select('id')
    .where('exercise_id', '=', exerciseId)
    .where('status', '=', 'running')
    .where('created_at', '>', sql<Date>`now() - make_interval(secs => ${LOST_RUN_AFTER_MS / 1000})`)
    .executeTakeFirst();
}

export async function finishCalibration(ctx: UserContext, id: string, fingerprint: string, outcome: CalibrationOutcome): Promise<void> {
  await ctx.db
    .updateTable('exercise_calibrations')
    .set({
      status: outcome.passed ? 'passed' : 'failed',
      fingerprint,
      measures: JSON.stringify(outcome.measures),
      failures: JSON.stringify(outcome.failures),
      disagreements: JSON.stringify(outcome.disagreements),
      finished_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

export async function failCalibration(ctx: UserContext, id: string, error: string): Promise<void> {
  await ctx.db
    .updateTable('exercise_calibrations')
    .set({ status: 'failed', error: error.slice(0, 1000), finished_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}
