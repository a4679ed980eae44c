import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Attempt } from '../../../contracts/exercises.js';
import { encodeReason } from '../../../contracts/failure-reasons.js';
import { platformRoleSchema } from '../../../contracts/users.js';
import { AppError } from '../../lib/app-error.js';
import { reasonOf } from '../../lib/failure-reason.js';
import { assumeIdentity, type RunAsUser, runAnonymous } from '../../lib/transactions.js';
import { answerHeld, answerWith } from '../../platform/ai/index.js';
import { defineJob, enqueueJob } from '../../platform/jobs/index.js';
import { answerBudget, type HeldAnswer } from '../ai/ai.service.js';
import { queueReviewNeededMails } from './review-notice.js';
import { type Evaluation, EvaluatorUnavailableError } from './evaluation.js';
import { beginSubmit, evaluationHold, failSubmit, finishSubmit, getAttempt, runEvaluation, samplingFrom, type SpendDeps, submitFingerprint, type SubmitJob, submittedJob } from './exercises.service.js';

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
 * The request's half: takes the attempt, then — through answerWith, as chat does — holds the
 * evaluation's most expensive case against the budget (429 budget_exhausted before any provider is
 * called) and queues the scoring in the hold's transaction. Answers the attempt as it is now: `submitted`.
 */
export async function submitAttempt(run: RunAsUser, deps: SpendDeps, log: FastifyInstance['log'], id: string, answer: string | undefined): Promise<Attempt> {
  const job = await run((ctx) => beginSubmit(ctx, id, answer));
  try {
    await answerWith({
      budget: answerBudget(deps),
      log,
      now: run,
      later: run,
      event: 'exercise.attempt.save_failed',
      prepare: async () => ({ plan: null, request: evaluationHold(deps.config, job) }),
      afterHold: async (ctx, _plan, [held]) => {
        if (!held) throw new Error('no hold for the evaluation');
        await enqueueJob(ctx, scoreAttemptJob, { attemptId: id, userId: ctx.actor.userId, role: ctx.actor.role, usageId: held.usageId });
      },
    });
  } catch (error) {
    // A refused hold (budget, a connection that cannot be used): the attempt stays submitted, with why.
    if (error instanceof AppError) await run((ctx) => failSubmit(ctx, id, reasonOf(error, 'evaluator_failed')));
    throw error;
  }
  return run((ctx) => getAttempt(ctx, id));
}

/** The job's half: takes up the request's hold, evaluates with no transaction open, then saves the outcome and settles the cost together. */
export async function scoreSubmitted(app: FastifyInstance, payload: ScorePayload): Promise<void> {
  const { config, mailer, db } = app.services;
  const meta = {
    requestId: `job-exercises.score-${randomUUID()}`,
    ip: '127.0.0.1',
    onBackgroundError: (err: unknown) => app.log.error({ err, event: 'exercise.attempt.after_commit_failed', attemptId: payload.attemptId }, 'work after scoring failed'),
  };
  const run: RunAsUser = (fn) => runAnonymous(db, meta, async (ctx) => fn(await assumeIdentity(ctx, payload.userId, payload.role)));
  const id = payload.attemptId;

  let taken: Awaited<ReturnType<typeof answerHeld<SubmitJob, HeldAnswer>>>;
  try {
    taken = await answerHeld({
      budget: answerBudget({ config, mailer }),
      log: app.log,
      as: run,
      usageId: payload.usageId,
      event: 'exercise.attempt.save_failed',
      take: async (ctx) => {
        const job = await submittedJob(ctx, id);
        return job ? { plan: job, choice: job.evaluator } : null;
      },
      // The connection was removed since the submit, say: the learner is told, the hold released.
      refused: (ctx, error) => failSubmit(ctx, id, reasonOf(error, 'evaluator_failed')),
    });
  } catch (error) {
    if (error instanceof AppError) return;
    throw error;
  }
  if (!taken) return;
  const { plan: job, answer } = taken;

  let evaluation: Evaluation;
  try {
    evaluation = await runEvaluation(answer.resolved, job, samplingFrom(config));
  } catch (error) {
    const reason = error instanceof EvaluatorUnavailableError ? error.reason : encodeReason('evaluator_failed');
    await answer.settle(error instanceof EvaluatorUnavailableError ? error.usage : { inputTokens: null, outputTokens: null }, (ctx) => failSubmit(ctx, id, reason));
    app.log.warn({ err: error, event: 'exercise.attempt.not_scored', attemptId: id, reason }, 'attempt not scored; the learner can submit again');
    return;
  }
  const attempt = await answer.settle(evaluation.usage, async (ctx) => {
    const scored = await finishSubmit(ctx, id, evaluation.verdict, job, { rubricVersion: submitFingerprint(job, answer.resolved), connectionId: answer.resolved.connectionId });
    if (scored.status === 'needs_review') {
      const disagreement = (scored.evaluator?.spread ?? 0) > config.EVALUATOR_MAX_SPREAD;
      await queueReviewNeededMails(ctx, { exerciseTitle: job.exerciseTitle, disagreement, appUrl: config.APP_URL });
    }
    return scored;
  });
  app.log.info({ event: 'exercise.attempt.scored', attemptId: id, status: attempt?.status, model: attempt?.evaluator?.model }, 'attempt scored');
}
