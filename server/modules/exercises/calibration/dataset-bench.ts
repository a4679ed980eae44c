import type { ResolvedModel } from '../../../platform/ai/index.js';
import { exemplarsOfDataset, type DatasetExercise } from '../calibration-dataset/index.js';
import { type EvaluationJob, evaluateWithModel } from '../evaluation.js';
import { evaluateOffline } from '../offline-evaluator.js';
import { gamingAnswers } from './gaming-answers.js';
import { type CalibrationOutcome, type CalibrationThresholds, measureCalibration, type ScoredText } from './measures.js';

export const DEFAULT_THRESHOLDS: CalibrationThresholds = { minTotalQwk: 0.8, minCriterionQwk: 0.7, minPassAgreement: 0.9, maxFalsePasses: 0, maxAdversarialPasses: 0 };

/**
 * Calibrates one evaluator on one dataset exercise exactly as a run in the product does: every
 * example (left out of the offline evaluator's neighbours) and every gaming answer, several samples.
 */
export async function calibrateOnDataset(exercise: DatasetExercise, judge: ResolvedModel | null, samples = 3): Promise<CalibrationOutcome> {
  const exemplars = exemplarsOfDataset(exercise);
  const job = (answer: string, others: typeof exemplars): EvaluationJob => ({
    exerciseTitle: exercise.title,
    brief: exercise.brief,
    rubric: exercise.rubric,
    passMark: exercise.passMark,
    evaluatorInstructions: '',
    transcript: [],
    answer,
    referenceAnswer: exercise.referenceAnswer,
    exemplars: others,
  });
  const score = async (text: string, others: typeof exemplars) => {
    if (!judge) return [evaluateOffline(job(text, others)).criteria];
    const { verdict } = await evaluateWithModel(judge, job(text, others), 120_000, { samples, maxSpread: 100 });
    return verdict.spread?.full ?? [verdict.criteria];
  };
  const scored: ScoredText[] = [];
  for (const e of exemplars) scored.push({ id: e.id, text: e.text, trainer: e.scores, samples: await score(e.text, exemplars.filter((x) => x.id !== e.id)) });
  const gaming: ScoredText[] = [];
  for (const g of gamingAnswers(exercise.rubric)) gaming.push({ id: `gaming:${g.kind}`, text: g.text, trainer: null, samples: await score(g.text, exemplars) });
  return measureCalibration({ rubric: exercise.rubric, passMark: exercise.passMark, maxSpread: 25, thresholds: DEFAULT_THRESHOLDS, exemplars: scored, gaming });
}
