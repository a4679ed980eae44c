import type { ContentItem } from '../../../../contracts/content.js';
import type { PublishGuard } from '../../content/content.service.js';
import { AppError } from '../../../lib/app-error.js';
import type { UserContext } from '../../../lib/transactions.js';
import * as q from '../exercises.queries.js';
import * as cq from './calibration.queries.js';
import { type CalibrationConfig, currentFingerprint } from './calibration.service.js';

/** The configuration the guard needs to know which evaluator an exercise scores with. */
export type ScoringEnv = CalibrationConfig;

/**
 * A graded exercise is published only on a passed calibration of its current rubric, examples and
 * evaluator (§10.1): else 409 `calibration_required` with the failing measures. Checked when an
 * exercise becomes published or becomes graded while published; the transaction then rolls back.
 */
/** Content's publish guard for this configuration (app.ts passes it to the content routes). */
export function publishGuard(env: ScoringEnv | undefined): PublishGuard {
  return {
    item: (ctx, item, before) => assertPublishable(ctx, item, before, env),
    all: (ctx, ids) => assertAllPublishable(ctx, ids, env),
  };
}

export async function assertPublishable(ctx: UserContext, item: ContentItem, before: ContentItem | null, env: ScoringEnv | undefined): Promise<void> {
  if (item.kind !== 'exercise' || item.status !== 'published' || !item.details.graded) return;
  const wasGradedAndPublished = before?.kind === 'exercise' && before.status === 'published' && before.details.graded;
  if (wasGradedAndPublished) return;
  await assertCalibrated(ctx, item.id, env);
}

export async function assertAllPublishable(ctx: UserContext, ids: string[], env: ScoringEnv | undefined): Promise<void> {
  for (const id of ids) {
    const exercise = await q.findExercise(ctx, id);
    if (exercise?.graded) await assertCalibrated(ctx, id, env);
  }
}

async function assertCalibrated(ctx: UserContext, exerciseId: string, env: ScoringEnv | undefined): Promise<void> {
  const exercise = await q.findExercise(ctx, exerciseId);
  if (!exercise) return;
  const fingerprint = await currentFingerprint(ctx, env, exercise);
  const latest = await cq.latestCalibration(ctx, exerciseId);
  const calibrated = fingerprint !== null && (await q.calibrationPassed(ctx, exerciseId, fingerprint));
  if (calibrated) return;
  const stale = latest !== undefined && latest.fingerprint !== fingerprint;
  const message = !latest
    ? `“${exercise.title}” is graded, so its evaluator must be calibrated against your scored examples before learners see its scores. Run a calibration first, or publish it as practice.`
    : latest.status === 'running'
      ? `“${exercise.title}” is still being calibrated. Publish it once the calibration has passed.`
      : stale
        ? `The rubric, examples or evaluator of “${exercise.title}” changed since its last calibration. Calibrate it again before publishing it as graded.`
        : `The evaluator of “${exercise.title}” did not agree closely enough with your scored examples. Look at the calibration’s disagreements, adjust the rubric, examples or evaluator, and calibrate again.`;
  throw new AppError('calibration_required', message, {
    details: {
      calibrationId: latest?.id ?? null,
      status: latest ? (stale ? 'stale' : latest.status) : 'none',
      failures: latest && !stale ? latest.failures : [],
      measures: latest && !stale ? latest.measures : null,
    },
  });
}
