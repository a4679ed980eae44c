import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import type { Calibration, CalibrationMeasures, CalibrationState, CalibrationStates, CriterionScore } from '../../../../contracts/exercises.js';
import { calibrationDisagreementSchema, calibrationMeasuresSchema } from '../../../../contracts/exercises.js';
import { encodeReason } from '../../../../contracts/failure-reasons.js';
import type { Config } from '../../../config.js';
import { requireAdmin } from '../../../lib/access.js';
import { AppError, notFound } from '../../../lib/app-error.js';
import { reasonOf } from '../../../lib/failure-reason.js';
import type { Mailer } from '../../../lib/mailer.js';
import type { RunAsUser, UserContext } from '../../../lib/transactions.js';
import { answerWith, type ResolvedModel, resolveModelFor } from '../../../platform/ai/index.js';
import { answerBudget } from '../../ai/ai.service.js';
import { recordAudit } from '../../audit/audit.service.js';
import { requireFeature } from '../../flags/flags.service.js';
import { iso } from '../../../lib/dates.js';
import { EVALUATOR_MAX_OUTPUT_TOKENS, type EvaluationJob, evaluateWithModel, evaluatorPromptBytes, EvaluatorUnavailableError, SCHEMA_TRIES } from '../evaluation.js';
import * as q from '../exercises.queries.js';
import { evaluateOffline } from '../offline-evaluator.js';
import * as cq from './calibration.queries.js';
import { scoringFingerprint } from './fingerprint.js';
import { gamingAnswers } from './gaming-answers.js';
import { type CalibrationThresholds, measureCalibration, type ScoredText } from './measures.js';

/** What calibration reads from the configuration. */
export type CalibrationConfig = Pick<
  Config,
  | 'AI_PROVIDER'
  | 'AI_BASE_URL'
  | 'AI_API_KEY'
  | 'AI_MODEL'
  | 'OFFLINE_TOKEN_DELAY_MS'
  | 'AI_KEYS_SECRET'
  | 'EVALUATOR_SAMPLES'
  | 'EVALUATOR_MAX_SPREAD'
  | 'CALIBRATION_MIN_TOTAL_QWK'
  | 'CALIBRATION_MIN_CRITERION_QWK'
  | 'CALIBRATION_MIN_PASS_AGREEMENT'
>;

export const thresholdsFrom = (config: CalibrationConfig): CalibrationThresholds => ({
  minTotalQwk: config.CALIBRATION_MIN_TOTAL_QWK,
  minCriterionQwk: config.CALIBRATION_MIN_CRITERION_QWK,
  minPassAgreement: config.CALIBRATION_MIN_PASS_AGREEMENT,
  maxFalsePasses: 0,
  maxAdversarialPasses: 0,
});

/** A judge reads each text at least this often in a calibration (the offline evaluator twice: it is deterministic). */
const JUDGE_CALIBRATION_SAMPLES = 3;
/** Texts scored at once: a calibration must not monopolise a provider's rate limit. */
const CONCURRENCY = 3;
const CALIBRATION_TIMEOUT_MS = 60_000;

const exerciseNotFound = () => notFound('That exercise');

interface Material {
  exercise: q.ExerciseRow;
  resolved: ResolvedModel;
  fingerprint: string;
}

/** The exercise as the evaluator would score it now, and the fingerprint of that. */
async function currentMaterial(ctx: UserContext, config: CalibrationConfig, exerciseId: string): Promise<Material> {
  const exercise = await q.findExercise(ctx, exerciseId);
  if (!exercise) throw exerciseNotFound();
  const resolved = await resolveModelFor(ctx.db, config, exercise.evaluator);
  return { exercise, resolved, fingerprint: fingerprintOf(exercise, resolved) };
}

export function fingerprintOf(exercise: q.ExerciseRow, resolved: Pick<ResolvedModel, 'connectionId' | 'modelId' | 'offline'>): string {
  return scoringFingerprint({
    rubric: exercise.rubric,
    passMark: exercise.passMark,
    evaluatorInstructions: exercise.evaluatorInstructions,
    referenceAnswer: exercise.referenceAnswer,
    exemplars: exercise.exemplars,
    evaluator: { connectionId: resolved.connectionId, model: resolved.modelId, offline: resolved.offline },
  });
}

/** The current fingerprint, or null when the evaluator cannot be resolved (a removed connection). */
export async function currentFingerprint(ctx: UserContext, config: CalibrationConfig | undefined, exercise: q.ExerciseRow): Promise<string | null> {
  if (!config) return null;
  try {
    return fingerprintOf(exercise, await resolveModelFor(ctx.db, config, exercise.evaluator));
  } catch (error) {
    if (error instanceof AppError) return null;
    throw error;
  }
}

const emptyMeasures = (): CalibrationMeasures => ({ totalQwk: 0, criteria: [], passAgreement: 0, falsePasses: 0, adversarialPasses: 0, consistency: 0 });
const failuresSchema = z.array(z.object({ measure: z.string(), value: z.number().nullable(), required: z.string() }));
const json = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

function toCalibration(row: cq.CalibrationRow, current: string | null): Calibration {
  const lost = row.status === 'running' && Date.now() - row.created_at.getTime() > cq.LOST_RUN_AFTER_MS;
  return {
    id: row.id,
    status: lost ? 'failed' : row.status,
    evaluator: { model: row.evaluator_model, offline: row.evaluator_offline },
    measures: row.measures ? calibrationMeasuresSchema.parse(json(row.measures)) : emptyMeasures(),
    failures: failuresSchema.parse(json(row.failures)),
    disagreements: z.array(calibrationDisagreementSchema).parse(json(row.disagreements)),
    current: current !== null && row.fingerprint === current,
    error: lost ? encodeReason('calibration_lost') : row.error,
    createdAt: iso(row.created_at),
    finishedAt: row.finished_at ? iso(row.finished_at) : null,
  };
}

export async function getCalibration(ctx: UserContext, config: CalibrationConfig, exerciseId: string): Promise<Calibration | null> {
  await requireFeature(ctx, 'exercises');
  requireAdmin(ctx);
  const exercise = await q.findExercise(ctx, exerciseId);
  if (!exercise) throw exerciseNotFound();
  const row = await cq.latestCalibration(ctx, exerciseId);
  if (!row) return null;
  return toCalibration(row, await currentFingerprint(ctx, config, exercise));
}

/** Where every graded exercise stands (admins): the badge in the library. */
export async function calibrationStates(ctx: UserContext, config: CalibrationConfig): Promise<CalibrationStates> {
  await requireFeature(ctx, 'exercises');
  requireAdmin(ctx);
  const ids = await cq.gradedExerciseIds(ctx);
  const latest = new Map((await cq.latestCalibrations(ctx, ids)).map((row) => [row.exercise_id, row]));
  const items: CalibrationStates['items'] = [];
  for (const exerciseId of ids) {
    const row = latest.get(exerciseId);
    const exercise = row ? await q.findExercise(ctx, exerciseId) : undefined;
    let state: CalibrationState = 'not_calibrated';
    if (row && exercise) {
      const lost = row.status === 'running' && Date.now() - row.created_at.getTime() > cq.LOST_RUN_AFTER_MS;
      if (row.status === 'running' && !lost) state = 'running';
      else if (row.fingerprint !== (await currentFingerprint(ctx, config, exercise))) state = 'stale';
      else state = row.status === 'passed' ? 'calibrated' : 'failed';
    }
    items.push({ exerciseId, state });
  }
  return { items };
}

/** First half of a run, in the request: records it as running (one at a time per exercise); audited. */
export async function startCalibration(ctx: UserContext, config: CalibrationConfig, exerciseId: string): Promise<Calibration> {
  await requireFeature(ctx, 'exercises');
  requireAdmin(ctx);
  const { exercise, resolved, fingerprint } = await currentMaterial(ctx, config, exerciseId);
  if (await cq.runningCalibration(ctx, exerciseId)) throw new AppError('conflict', 'A calibration of this exercise is already running. Wait for its result.');
  const id = await cq.insertCalibration(ctx, { exerciseId, fingerprint, model: resolved.modelId, offline: resolved.offline, connectionId: resolved.connectionId });
  await recordAudit(ctx, {
    action: 'exercise.calibrate',
    entityType: 'content',
    entityId: exercise.id,
    after: { calibrationId: id, fingerprint, model: resolved.modelId, offline: resolved.offline, exemplars: exercise.exemplars.length },
  });
  const row = await cq.findCalibration(ctx, id);
  if (!row) throw new Error('calibration row vanished');
  return toCalibration(row, fingerprint);
}

function jobFor(exercise: q.ExerciseRow, answer: string, exemplars: q.ExerciseRow['exemplars']): EvaluationJob {
  return {
    exerciseTitle: exercise.title,
    brief: exercise.brief,
    rubric: exercise.rubric,
    passMark: exercise.passMark,
    evaluatorInstructions: exercise.evaluatorInstructions,
    transcript: [],
    answer,
    referenceAnswer: exercise.referenceAnswer,
    exemplars,
  };
}

/** What a calibration's judge calls need beside the configuration: the budget they are held against. */
export interface CalibrationDeps {
  config: Readonly<Config>;
  mailer: Mailer;
  log: FastifyBaseLogger;
}

/**
 * Every sample's criteria for one text; an unusable sample is an empty list. A judge is called
 * through answerWith like every AI call: each text's samples held against the admin's budget first,
 * then settled from the provider's counts (the offline evaluator calls no provider).
 */
async function sampleText(run: RunAsUser, deps: CalibrationDeps, exercise: q.ExerciseRow, resolved: ResolvedModel, job: EvaluationJob, samples: number): Promise<CriterionScore[][]> {
  if (resolved.offline) {
    const verdicts = Array.from({ length: samples }, () => evaluateOffline(job));
    return verdicts.map((v) => v.criteria);
  }
  const {
    answers: [answer],
  } = await answerWith({
    budget: answerBudget(deps),
    log: deps.log,
    now: run,
    later: run,
    event: 'exercise.calibration.save_failed',
    prepare: async () => ({
      plan: null,
      request: {
        source: 'evaluator',
        agentId: exercise.id,
        answers: [{ choice: exercise.evaluator, promptBytes: evaluatorPromptBytes(job) * SCHEMA_TRIES * samples, maxOutputTokens: EVALUATOR_MAX_OUTPUT_TOKENS * SCHEMA_TRIES * samples }],
      },
    }),
  });
  if (!answer) throw new Error('no hold for a calibration text');
  try {
    const { verdict, usage } = await evaluateWithModel(answer.resolved, job, CALIBRATION_TIMEOUT_MS, { samples, maxSpread: 100 });
    await answer.settle(usage, async () => undefined);
    return verdict.spread?.full ?? [verdict.criteria];
  } catch (error) {
    await answer.settle(error instanceof EvaluatorUnavailableError ? error.usage : { inputTokens: null, outputTokens: null }, async () => undefined);
    throw error;
  }
}

async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next;
      next += 1;
      results[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

/**
 * Second half, outside any request transaction: scores every example (leaving it out of the
 * offline evaluator's neighbours, so an example never grades itself) and every gaming answer,
 * several times each, then records the measures. Idempotent: a run already finished is left as is.
 */
export async function executeCalibration(run: RunAsUser, deps: CalibrationDeps, calibrationId: string, exerciseId: string): Promise<void> {
  const { config } = deps;
  const material = await run(async (ctx) => {
    const row = await cq.findCalibration(ctx, calibrationId);
    if (row?.status !== 'running') return null;
    return currentMaterial(ctx, config, exerciseId);
  });
  if (!material) return;
  const { exercise, resolved, fingerprint } = material;
  const samples = resolved.offline ? 2 : Math.max(JUDGE_CALIBRATION_SAMPLES, config.EVALUATOR_SAMPLES);
  try {
    const texts: Array<Omit<ScoredText, 'samples'> & { gaming: boolean }> = [
      ...exercise.exemplars.map((e) => ({ id: e.id, text: e.text, trainer: e.scores, gaming: false })),
      ...gamingAnswers(exercise.rubric).map((g) => ({ id: `gaming:${g.kind}`, text: g.text, trainer: null, gaming: true })),
    ];
    const scored = await pool(texts, CONCURRENCY, async (t) => {
      const others = exercise.exemplars.filter((e) => e.id !== t.id);
      return { ...t, samples: await sampleText(run, deps, exercise, resolved, jobFor(exercise, t.text, others), samples) };
    });
    const outcome = measureCalibration({
      rubric: exercise.rubric,
      passMark: exercise.passMark,
      maxSpread: config.EVALUATOR_MAX_SPREAD,
      thresholds: thresholdsFrom(config),
      exemplars: scored.filter((s) => !s.gaming),
      gaming: scored.filter((s) => s.gaming),
    });
    await run((ctx) => cq.finishCalibration(ctx, calibrationId, fingerprint, outcome));
  } catch (error) {
    // A provider's failure or a refused hold (the budget used up) is the run's outcome; anything else is a bug, logged by the runner.
    const expected = error instanceof EvaluatorUnavailableError || error instanceof AppError;
    const reason = error instanceof EvaluatorUnavailableError ? error.reason : reasonOf(error, 'calibration_failed');
    await run((ctx) => cq.failCalibration(ctx, calibrationId, reason));
    if (!expected) throw error;
  }
}
