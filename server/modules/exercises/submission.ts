import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Attempt } from '../../../contracts/exercises.js';
import { platformRoleSchema } from '../../../contracts/users.js';
import { AppError } from '../../lib/app-error.js';
import { assumeIdentity, type RunAsUser, runAnonymous } from '../../lib/transactions.js';
import { defineJob, enqueueJob } from '../../platform/jobs/index.js';
import { type HeldAnswer, resumeHold, settleAnswer } from '../ai/ai.service.js';
import { queueReviewNeededMails } from './review-notice.js';
import { type Evaluation, EvaluatorUnavailableError, noUsage } from './evaluation.js';
import {
  beginSubmit,
  failSubmit,
  finishSubmit,
  getAttempt,
  holdEvaluation,
  runEvaluation,
  samplingFrom,
  type SpendDeps,
  submitFingerprint,
  submittedJob,
} from './exercises.service.js';

/** What the learner reads when scoring failed for a reason we did not foresee. */
const UNEXPECTED = 'The evaluator failed. Your answer is saved: submit again in a moment.';

const payloadSchema = z.object({
  attemptId: z.uuid(),
  /** The learner, whose identity the job takes: row-level security applies to the job as to the request. */
  userId: z.uuid(),
  role: platformRoleSchema,
  /** The budget hold the request made for this evaluation; the job settles it. */
  usageId: z.string(),
});
type ScorePayload = z.infer<typeof payloadSchema>;

/**
 * Scores one submitted attempt on the platform job runner (ADR 0034). The request that submitted it
 * answered 202 at once and the learner's page follows the attempt's status, so no request is held
 * open while a provider answers. Delivery is at least once: an attempt no longer `submitted` (scored
 * by an earlier delivery, or submitted again) is left alone. Every failure is written on the attempt
 * (`evaluationError`, answer kept) for the learner to read and submit again, so the job itself is
 * never retried: a retry the learner cannot see would only race their own.
 */
export const scoreAttemptJob = defineJob({
  name: 'exercises.score',
  payload: payloadSchema,
  retry: { attempts: 1, backoffMs: 0 },
  async handle(payload, run) {
    await scoreSubmitted(run.app, payload);
  },
});

/**
 * The request's half: takes the attempt, holds the evaluation's most expensive case against the
 * budget (429 budget_exhausted before any provider is called) and queues the scoring, in one
 * transaction after the claim. Answers the attempt as it is now: `submitted`.
 */
export async function submitAttempt(run: RunAsUser, deps: SpendDeps, id: string, answer: string | undefined): Promise<Attempt> {
  const job = await run((ctx) => beginSubmit(ctx, id, answer));
  try {
    return await run(async (ctx) => {
      const held = await holdEvaluation(ctx, deps, job);
      await enqueueJob(ctx, scoreAttemptJob, { attemptId: id, userId: ctx.actor.userId, role: ctx.actor.role, usageId: held.usageId });
      return getAttempt(ctx, id);
    });
  } catch (error) {
    // A refused hold (budget, a connection that cannot be used): the attempt stays submitted, with why.
    if (error instanceof AppError) await run((ctx) => failSubmit(ctx, id, error.message));
    throw error;
  }
}

/** The job's half: evaluates with no transaction open, then saves the outcome and settles the cost together. */
export async function scoreSubmitted(app: FastifyInstance, payload: ScorePayload): Promise<void> {
  const { config, mailer, db } = app.services;
  const meta = {
    requestId: `job-exercises.score-${randomUUID()}`,
    ip: '127.0.0.1',
    onBackgroundError: (err: unknown) => app.log.error({ err, event: 'exercise.attempt.after_commit_failed', attemptId: payload.attemptId }, 'work after scoring failed'),
  };
  const run: RunAsUser = (fn) => runAnonymous(db, meta, async (ctx) => fn(await assumeIdentity(ctx, payload.userId, payload.role)));
  const deps: SpendDeps = { config, mailer };
  const id = payload.attemptId;

  let prepared: { job: NonNullable<Awaited<ReturnType<typeof submittedJob>>>; held: HeldAnswer } | null;
  try {
    prepared = await run(async (ctx) => {
      const job = await submittedJob(ctx, id);
      return job ? { job, held: await resumeHold(ctx, deps.config, job.evaluator, payload.usageId) } : null;
    });
  } catch (error) {
    // The connection was removed since the submit, say: the learner is told, the hold released.
    await run(async (ctx) => {
      await settleAnswer(ctx, { price: null, usageId: payload.usageId }, noUsage());
      await failSubmit(ctx, id, error instanceof AppError ? error.message : UNEXPECTED);
    });
    if (error instanceof AppError) return;
    throw error;
  }
  if (!prepared) return;
  const { job, held } = prepared;

  let evaluation: Evaluation;
  try {
    evaluation = await runEvaluation(held.resolved, job, samplingFrom(config));
  } catch (error) {
    const message = error instanceof EvaluatorUnavailableError ? error.message : UNEXPECTED;
    await run(async (ctx) => {
      await settleAnswer(ctx, held, error instanceof EvaluatorUnavailableError ? error.usage : noUsage());
      await failSubmit(ctx, id, message);
    });
    app.log.warn({ err: error, event: 'exercise.attempt.not_scored', attemptId: id }, 'attempt not scored; the learner can submit again');
    return;
  }
  const attempt = await run(async (ctx) => {
    await settleAnswer(ctx, held, evaluation.usage);
    const scored = await finishSubmit(ctx, id, evaluation.verdict, job, { rubricVersion: submitFingerprint(job, held.resolved), connectionId: held.resolved.connectionId });
    if (scored.status === 'needs_review') {
      const disagreement = (scored.evaluator?.spread ?? 0) > config.EVALUATOR_MAX_SPREAD;
      await queueReviewNeededMails(ctx, { exerciseTitle: job.exerciseTitle, disagreement, appUrl: config.APP_URL });
    }
    return scored;
  });
  app.log.info({ event: 'exercise.attempt.scored', attemptId: id, status: attempt.status, model: attempt.evaluator?.model }, 'attempt scored');
}
