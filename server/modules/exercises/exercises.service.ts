import type { Attempt, AttemptReaders, CriterionScore, Transcript } from '../../../contracts/exercises.js';
import type { Language } from '../../../contracts/users.js';
import { criterionScoreSchema } from '../../../contracts/exercises.js';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { isUniqueViolation, managesUser } from '../../lib/access.js';
import { AppError, notFound } from '../../lib/app-error.js';
import type { Mailer } from '../../lib/mailer.js';
import { isAdmin, type UserContext } from '../../lib/transactions.js';
import { encodeReason } from '../../../contracts/failure-reasons.js';
import type { HoldRequest, ModelChoice, ResolvedModel } from '../../platform/ai/index.js';
import { recordProgress } from '../content/content.service.js';
import { createConversation } from '../conversations/conversations.service.js';
import { requireFeature } from '../flags/flags.service.js';
import { iso } from '../../lib/dates.js';
import {
  EVALUATOR_MAX_OUTPUT_TOKENS,
  type Evaluation,
  type EvaluationJob,
  evaluateWithModel,
  evaluatorPromptBytes,
  guardAgainstInjection,
  noUsage,
  DEFAULT_SAMPLING,
  SCHEMA_TRIES,
  type SamplingPolicy,
  type Verdict,
} from './evaluation.js';
import { scoringFingerprint } from './calibration/fingerprint.js';
import * as q from './exercises.queries.js';
import { evaluateOffline } from './offline-evaluator.js';

// Content's publish guard (a graded exercise needs a passed calibration); app.ts passes it to content.
export { publishGuard } from './calibration/publish-guard.js';

/** How long one evaluation may take before it counts as failed (and another submit may retry it). */
export const EVALUATION_TIMEOUT_MS = 60_000;

const exerciseNotFound = () => notFound('That exercise');
const attemptNotFound = () => notFound('That attempt');

const storedCriteria = z.array(criterionScoreSchema);
const reviewCriteria = z.array(z.object({ criterionId: z.string(), score: z.number() }));

function toAttempt(row: q.AttemptRow): Attempt {
  const criteria: CriterionScore[] = row.criteria ? storedCriteria.parse(typeof row.criteria === 'string' ? JSON.parse(row.criteria) : row.criteria) : [];
  return {
    id: row.id,
    exerciseId: row.exercise_id,
    exerciseTitle: row.exercise_title,
    userId: row.user_id,
    number: row.attempt_number,
    conversationId: row.conversation_id,
    status: row.status,
    answer: row.answer,
    score: row.score,
    passed: row.passed,
    criteria,
    feedback: row.feedback,
    evaluator: row.evaluator_model
      ? {
          model: row.evaluator_model,
          offline: row.evaluator_offline ?? false,
          connectionId: row.evaluator_connection_id,
          ...(row.evaluator_spread === null ? {} : { spread: row.evaluator_spread, samples: sampleCount(row.evaluator_samples) }),
        }
      : null,
    graded: row.graded,
    rubricVersion: row.rubric_version,
    evaluationError: row.evaluation_error,
    review:
      row.review_score !== null && row.review_passed !== null && row.review_reason !== null && row.reviewed_at
        ? {
            score: row.review_score,
            passed: row.review_passed,
            reason: row.review_reason,
            reviewerId: row.reviewed_by,
            reviewerName: row.reviewer_name,
            at: iso(row.reviewed_at),
            criteria: row.review_criteria ? reviewCriteria.parse(typeof row.review_criteria === 'string' ? JSON.parse(row.review_criteria) : row.review_criteria) : [],
          }
        : null,
    appeal:
      row.appeal_criterion_id && row.appeal_text && row.appeal_at
        ? { criterionId: row.appeal_criterion_id, text: row.appeal_text, at: iso(row.appeal_at), resolvedAt: row.appeal_resolved_at ? iso(row.appeal_resolved_at) : null }
        : null,
    shared: row.shared,
    createdAt: iso(row.created_at),
    submittedAt: row.submitted_at ? iso(row.submitted_at) : null,
    evaluatedAt: row.evaluated_at ? iso(row.evaluated_at) : null,
  };
}

function sampleCount(value: unknown): number {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed.length : 0;
}

async function requireExercises(ctx: UserContext): Promise<void> {
  await requireFeature(ctx, 'exercises');
}

/** An exercise the caller may practise: one they can see, published (admins may try drafts). */
async function usableExercise(ctx: UserContext, id: string): Promise<q.ExerciseRow> {
  const exercise = await q.findExercise(ctx, id);
  if (!exercise || (exercise.status !== 'published' && !isAdmin(ctx))) throw exerciseNotFound();
  return exercise;
}

/** The practice conversation's title in the learner's language (their saved choice, else their browser's). */
const practiceTitle: Record<Language, (title: string) => string> = {
  en: (title) => `Practice: ${title}`,
  es: (title) => `Práctica: ${title}`,
};

export async function startAttempt(ctx: UserContext, exerciseId: string, browserLanguage: Language = 'en'): Promise<Attempt> {
  await requireExercises(ctx);
  const exercise = await usableExercise(ctx, exerciseId);
  const counts = await q.attemptCounts(ctx, exerciseId, ctx.actor.userId);
  if (counts.inProgress > 0) {
    throw new AppError('conflict', 'You already have an attempt in progress at this exercise: submit it before starting another.');
  }
  if (exercise.maxAttempts !== null && counts.total >= exercise.maxAttempts) {
    throw new AppError(
      'conflict',
      `You have used all ${exercise.maxAttempts} attempt${exercise.maxAttempts === 1 ? '' : 's'} allowed at this exercise. Ask your trainer if you need another.`,
      { details: { reason: 'attempt_limit', maxAttempts: exercise.maxAttempts } },
    );
  }
  let conversationId: string | null = null;
  if (exercise.practiceAgentId) {
    try {
      const conversation = await createConversation(ctx, exercise.practiceAgentId);
      conversationId = conversation.id;
      const saved = await ctx.db.selectFrom('users').select('language').where('id', '=', ctx.actor.userId).executeTakeFirst();
      const title = practiceTitle[saved?.language ?? browserLanguage](exercise.title);
      await ctx.db.updateTable('conversations').set({ title: title.slice(0, 200) }).where('id', '=', conversationId).execute();
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found') {
        throw new AppError('conflict', 'The agent you practise with in this exercise is not available to you yet. Ask your trainer to assign it to your community.');
      }
      throw error;
    }
  }
  let id: string;
  try {
    id = await q.insertAttempt(ctx, exerciseId, counts.lastNumber + 1, conversationId);
  } catch (error) {
    // Two starts at once: the unique attempt number lets exactly one through.
    if (isUniqueViolation(error)) throw new AppError('conflict', 'Another attempt was just started at this exercise. Reload to continue it.');
    throw error;
  }
  await recordProgress(ctx, exerciseId, 'viewed');
  return getAttempt(ctx, id);
}

/**
 * The caller's own attempts; a manager may pass a member of a community they manage, an admin
 * anyone. Anyone else's id is 404.
 */
export async function listAttempts(ctx: UserContext, exerciseId: string, userId: string | undefined): Promise<Attempt[]> {
  await requireExercises(ctx);
  const owner = userId ?? ctx.actor.userId;
  if (owner !== ctx.actor.userId && !isAdmin(ctx) && !(await managesUser(ctx, owner))) throw notFound('That member');
  if (!(await q.findExercise(ctx, exerciseId))) throw exerciseNotFound();
  return (await q.listAttemptsOf(ctx, exerciseId, owner)).map(toAttempt);
}

export async function getAttempt(ctx: UserContext, id: string): Promise<Attempt> {
  await requireExercises(ctx);
  const row = await q.findAttempt(ctx, id);
  if (!row) throw attemptNotFound();
  return toAttempt(row);
}

/** What a submit evaluates, and with which connection and model (the exercise's choice). */
export interface SubmitJob extends EvaluationJob {
  exerciseId: string;
  evaluator: ModelChoice;
  graded: boolean;
  referenceAnswer: string;
  exemplars: NonNullable<EvaluationJob['exemplars']>;
}

/**
 * First half of a submit, in the request's transaction: takes the attempt (an open one is submitted
 * with its answer; a submitted one whose evaluation failed is retried) and reads what the evaluator
 * needs. The evaluation itself runs in a job (submission.ts), so no request waits on a provider.
 */
export async function beginSubmit(ctx: UserContext, id: string, answer: string | undefined): Promise<SubmitJob> {
  await requireExercises(ctx);
  const row = await q.findAttempt(ctx, id);
  if (!row || row.user_id !== ctx.actor.userId) throw attemptNotFound();
  if (row.status === 'submitted' && answer !== undefined && answer !== (row.answer ?? '')) {
    throw new AppError('conflict', 'This attempt was already submitted with another answer. Start a new attempt to answer again.');
  }
  const claimed = await q.claimForEvaluation(ctx, id, answer ?? '', EVALUATION_TIMEOUT_MS * 2);
  if (!claimed) {
    throw new AppError(
      'conflict',
      row.status === 'open' || row.status === 'submitted' ? 'This attempt is being scored already.' : 'This attempt was already submitted. Start a new attempt to try again.',
    );
  }
  const job = await submitJobOf(ctx, claimed);
  if (!job.answer.trim() && !job.transcript.some((m) => m.role === 'user')) {
    throw new AppError('validation_failed', 'There is nothing to score yet: practise in the conversation or write a final answer.');
  }
  return job;
}

/** The caller's submitted attempt, as the scoring job reads it; null once it is no longer waiting. */
export async function submittedJob(ctx: UserContext, id: string): Promise<SubmitJob | null> {
  const row = await q.findAttempt(ctx, id);
  if (!row || row.user_id !== ctx.actor.userId || row.status !== 'submitted') return null;
  return submitJobOf(ctx, row);
}

async function submitJobOf(ctx: UserContext, attempt: { exercise_id: string; conversation_id: string | null; answer: string | null }): Promise<SubmitJob> {
  const exercise = await q.findExercise(ctx, attempt.exercise_id);
  if (!exercise) throw exerciseNotFound();
  const transcript = attempt.conversation_id ? await q.practiceMessages(ctx, attempt.conversation_id) : [];
  return {
    exerciseId: exercise.id,
    evaluator: exercise.evaluator,
    exerciseTitle: exercise.title,
    brief: exercise.brief,
    rubric: exercise.rubric,
    passMark: exercise.passMark,
    evaluatorInstructions: exercise.evaluatorInstructions,
    transcript: transcript.map((m) => ({ role: m.role, text: m.text })),
    answer: attempt.answer ?? '',
    graded: exercise.graded,
    referenceAnswer: exercise.referenceAnswer,
    exemplars: exercise.exemplars,
  };
}

/** Runs the evaluator the provider calls for: the offline one without a provider, else the model. */
export async function runEvaluation(resolved: ResolvedModel, job: EvaluationJob, policy: SamplingPolicy = DEFAULT_SAMPLING): Promise<Evaluation> {
  const evaluation = resolved.offline ? { verdict: evaluateOffline(job), usage: noUsage() } : await evaluateWithModel(resolved, job, EVALUATION_TIMEOUT_MS, policy);
  return { ...evaluation, verdict: guardAgainstInjection(job, evaluation.verdict) };
}

/** The sampling the configuration asks for (EVALUATOR_SAMPLES, EVALUATOR_MAX_SPREAD). */
export const samplingFrom = (config: Pick<Config, 'EVALUATOR_SAMPLES' | 'EVALUATOR_MAX_SPREAD'>): SamplingPolicy => ({
  samples: config.EVALUATOR_SAMPLES,
  maxSpread: config.EVALUATOR_MAX_SPREAD,
});

/** The fingerprint of what a submit is scored against: the exercise's material and the resolved evaluator. */
export function submitFingerprint(job: SubmitJob, resolved: Pick<ResolvedModel, 'connectionId' | 'modelId' | 'offline'>): string {
  return scoringFingerprint({
    rubric: job.rubric,
    passMark: job.passMark,
    evaluatorInstructions: job.evaluatorInstructions,
    referenceAnswer: job.referenceAnswer,
    exemplars: job.exemplars,
    evaluator: { connectionId: resolved.connectionId, model: resolved.modelId, offline: resolved.offline },
  });
}

/** How an evaluation becomes an attempt's outcome (ADR 0035). */
export interface ScoringContext {
  graded: boolean;
  /** A passed calibration of exactly this rubric version exists. */
  calibrated: boolean;
}

/**
 * Practice: the score and feedback, never a verdict. Graded: the evaluator's pass stands only when
 * it is a model judge, calibrated on this rubric version, consistent across samples and not
 * addressed by the answer; anything else is for a person.
 */
export function decideOutcome(verdict: Verdict, scoring: ScoringContext): Verdict {
  if (verdict.kind !== 'scored') return verdict;
  if (!scoring.graded) return { ...verdict, passed: null };
  const review = (reason: string): Verdict => ({ kind: 'needs_review', reason, criteria: verdict.criteria, model: verdict.model, offline: verdict.offline, ...(verdict.spread ? { spread: verdict.spread } : {}) });
  if (verdict.offline) return review(encodeReason('evaluator_offline_graded'));
  if (!scoring.calibrated) return review(encodeReason('evaluator_not_calibrated'));
  return verdict;
}

export interface SpendDeps {
  config: Readonly<Config>;
  mailer: Mailer;
}

/**
 * What a submit holds before any provider call: the exercise's evaluator model at its most expensive
 * case (every try with its whole output allowance), against the member's community budget as a
 * chat answer is (ADR 0013, 0027); answerWith holds it (429 budget_exhausted when there is none left).
 */
export function evaluationHold(config: Pick<Config, 'EVALUATOR_SAMPLES'>, job: SubmitJob): HoldRequest {
  return {
    source: 'evaluator',
    agentId: job.exerciseId,
    answers: [
      {
        choice: job.evaluator,
        promptBytes: evaluatorPromptBytes(job) * SCHEMA_TRIES * config.EVALUATOR_SAMPLES,
        maxOutputTokens: EVALUATOR_MAX_OUTPUT_TOKENS * SCHEMA_TRIES * config.EVALUATOR_SAMPLES,
      },
    ],
  };
}

/** What the attempt was scored against, recorded with it. */
export interface ScoredAgainst {
  rubricVersion: string;
  connectionId: string | null;
}

/**
 * Second half: decides the outcome (practice or graded, calibrated or not) and saves it; a practice
 * attempt scored, or a graded one passed, marks the exercise completed (engagement and programs).
 */
export async function finishSubmit(ctx: UserContext, id: string, evaluated: Verdict, job: SubmitJob, against: ScoredAgainst): Promise<Attempt> {
  const row = await q.findAttempt(ctx, id);
  if (!row || row.user_id !== ctx.actor.userId) throw attemptNotFound();
  const calibrated = job.graded && !evaluated.offline ? await q.calibrationPassed(ctx, row.exercise_id, against.rubricVersion) : false;
  const verdict = decideOutcome(evaluated, { graded: job.graded, calibrated });
  const recorded = {
    model: verdict.model,
    offline: verdict.offline,
    error: null,
    graded: job.graded,
    rubricVersion: against.rubricVersion,
    connectionId: against.connectionId,
    samples: verdict.spread?.perSample ?? null,
    spread: verdict.spread?.spread ?? null,
  };
  if (verdict.kind === 'scored') {
    await q.saveVerdict(ctx, id, { ...recorded, status: 'evaluated', score: verdict.score, passed: verdict.passed, criteria: verdict.criteria, feedback: verdict.feedback });
    await recordProgress(ctx, row.exercise_id, verdict.passed === true || !job.graded ? 'completed' : 'viewed');
  } else {
    await q.saveVerdict(ctx, id, { ...recorded, status: 'needs_review', score: null, passed: null, criteria: verdict.criteria, feedback: verdict.reason });
  }
  return getAttempt(ctx, id);
}

/** The attempt stays submitted, its answer kept, with why it was not scored (a stored reason code). */
export async function failSubmit(ctx: UserContext, id: string, reason: string): Promise<void> {
  await q.releaseClaim(ctx, id, reason);
}

export async function shareAttempt(ctx: UserContext, id: string, shared: boolean): Promise<Attempt> {
  await requireExercises(ctx);
  const row = await q.findAttempt(ctx, id);
  if (!row || row.user_id !== ctx.actor.userId) throw attemptNotFound();
  await q.setShared(ctx, id, shared);
  return getAttempt(ctx, id);
}

export async function readers(ctx: UserContext, id: string): Promise<AttemptReaders> {
  await requireExercises(ctx);
  const row = await q.findAttempt(ctx, id);
  if (!row || row.user_id !== ctx.actor.userId) throw attemptNotFound();
  const people = await q.attemptReaders(ctx, id);
  return { shared: row.shared, readers: people.map((p) => ({ name: p.display_name, community: p.community_name })) };
}

/** The practice conversation: always to its owner; to a manager only while shared; else 404. */
export async function transcript(ctx: UserContext, id: string): Promise<Transcript> {
  await requireExercises(ctx);
  const row = await q.findAttempt(ctx, id);
  if (!row) throw attemptNotFound();
  if (row.user_id === ctx.actor.userId) {
    const messages = row.conversation_id ? await q.practiceMessages(ctx, row.conversation_id) : [];
    return { attemptId: id, messages: messages.map((m) => ({ role: m.role, text: m.text, createdAt: iso(m.created_at) })), answer: row.answer };
  }
  if (!row.shared || !(await managesUser(ctx, row.user_id))) throw attemptNotFound();
  const messages = await q.sharedTranscript(ctx, id);
  return { attemptId: id, messages: messages.map((m) => ({ role: m.role, text: m.text, createdAt: iso(m.created_at) })), answer: row.answer };
}
