import type { RubricCriterion } from '../../../../contracts/content.js';
import type { CalibrationMeasures, CriterionScore } from '../../../../contracts/exercises.js';
import { scoreKappa } from './qwk.js';

export interface CalibrationThresholds {
  minTotalQwk: number;
  minCriterionQwk: number;
  minPassAgreement: number;
  /** Both 0, and not configurable: a calibration that lets one through has failed. */
  maxFalsePasses: 0;
  maxAdversarialPasses: 0;
}

/** Fewer scored examples than this cannot show agreement beyond chance. */
export const MIN_EXEMPLARS = 8;
/** A trainer's total this far under the pass mark is a clear fail. */
export const CLEAR_FAIL_MARGIN = 15;

/** What the evaluator did with one text: each sample's criteria (a failed sample is an empty list). */
export interface ScoredText {
  id: string;
  text: string;
  /** The trainer's scores per criterion; none for a gaming answer (which must fail). */
  trainer: Array<{ criterionId: string; score: number }> | null;
  samples: CriterionScore[][];
}

export interface CalibrationOutcome {
  passed: boolean;
  measures: CalibrationMeasures;
  failures: Array<{ measure: string; value: number | null; required: string }>;
  disagreements: Array<{
    exemplarId: string;
    text: string;
    trainerScore: number | null;
    evaluatorScore: number | null;
    criteria: Array<{ criterionId: string; trainerScore: number | null; evaluatorScore: number | null; justification: string }>;
  }>;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : Math.round(((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2);
};

/** The weighted mean over the criteria present (a trainer may leave a criterion unscored). */
function weightedTotal(rubric: RubricCriterion[], scores: Map<string, number>): number | null {
  let weight = 0;
  let sum = 0;
  for (const c of rubric) {
    const s = scores.get(c.id);
    if (s === undefined) continue;
    weight += c.weight;
    sum += c.weight * s;
  }
  return weight === 0 ? null : Math.round(sum / weight);
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The calibration's measures (ADR 0035), from the trainer's scores and the evaluator's samples:
 * kappa per criterion and of the total, leniency (mean difference), pass/fail agreement, false passes
 * of clear fails, gaming answers passed (any sample passing counts), and self-consistency.
 */
export function measureCalibration(input: {
  rubric: RubricCriterion[];
  passMark: number;
  maxSpread: number;
  thresholds: CalibrationThresholds;
  exemplars: ScoredText[];
  gaming: ScoredText[];
}): CalibrationOutcome {
  const { rubric, passMark } = input;
  const rows = input.exemplars.map((e) => {
    const trainer = new Map((e.trainer ?? []).map((s) => [s.criterionId, s.score]));
    const medians = new Map<string, number>();
    let spread = 0;
    const justification = new Map<string, string>();
    for (const c of rubric) {
      const scores = e.samples.map((s) => s.find((x) => x.criterionId === c.id)?.score).filter((x): x is number => x !== undefined);
      if (scores.length === 0) continue;
      const mid = median(scores);
      medians.set(c.id, mid);
      spread = Math.max(spread, Math.max(...scores) - Math.min(...scores));
      const closest = e.samples.flatMap((s) => s.filter((x) => x.criterionId === c.id)).sort((a, b) => Math.abs(a.score - mid) - Math.abs(b.score - mid))[0];
      justification.set(c.id, closest?.justification ?? '');
    }
    const failedSample = e.samples.some((s) => s.length === 0);
    return { e, trainer, medians, spread, failedSample, justification, trainerTotal: weightedTotal(rubric, trainer), evaluatorTotal: weightedTotal(rubric, medians) };
  });

  const criteria = rubric.map((c) => {
    const pairs = rows.flatMap((r) => {
      const t = r.trainer.get(c.id);
      if (t === undefined) return [];
      // A sample that gave no score is scored 0: an evaluator that cannot answer does not agree.
      return [[t, r.medians.get(c.id) ?? 0] as const];
    });
    const qwk = pairs.length > 0 ? scoreKappa(pairs.map((p) => p[0]), pairs.map((p) => p[1])) : 0;
    const meanDifference = pairs.length > 0 ? pairs.reduce((sum, p) => sum + (p[1] - p[0]), 0) / pairs.length : 0;
    return { criterionId: c.id, qwk: round(qwk), meanDifference: round(meanDifference, 1), n: pairs.length };
  });

  const totals = rows.filter((r) => r.trainerTotal !== null).map((r) => ({ r, t: r.trainerTotal as number, v: r.evaluatorTotal ?? 0 }));
  const totalQwk = totals.length > 0 ? scoreKappa(totals.map((x) => x.t), totals.map((x) => x.v)) : 0;
  const agree = totals.filter((x) => x.t >= passMark === x.v >= passMark).length;
  const passAgreement = totals.length > 0 ? agree / totals.length : 0;
  const falsePasses = totals.filter((x) => x.t <= passMark - CLEAR_FAIL_MARGIN && x.v >= passMark).length;
  const consistency = rows.length > 0 ? rows.filter((r) => !r.failedSample && r.spread <= input.maxSpread).length / rows.length : 0;

  const gamingRows = input.gaming.map((g) => {
    const totalsPerSample = g.samples.map((s) => weightedTotal(rubric, new Map(s.map((x) => [x.criterionId, x.score]))) ?? 0);
    return { g, worst: Math.max(0, ...totalsPerSample) };
  });
  const adversarialPasses = gamingRows.filter((x) => x.worst >= passMark).length;

  const measures: CalibrationMeasures = {
    totalQwk: round(totalQwk),
    criteria: criteria.map(({ criterionId, qwk, meanDifference }) => ({ criterionId, qwk, meanDifference })),
    passAgreement: round(passAgreement),
    falsePasses,
    adversarialPasses,
    consistency: round(consistency),
  };

  const t = input.thresholds;
  const failures: CalibrationOutcome['failures'] = [];
  const fullyScored = input.exemplars.filter((e) => rubric.every((c) => e.trainer?.some((s) => s.criterionId === c.id))).length;
  if (fullyScored < MIN_EXEMPLARS) failures.push({ measure: 'exemplars', value: fullyScored, required: `at least ${MIN_EXEMPLARS} examples scored on every criterion` });
  if (measures.totalQwk < t.minTotalQwk) failures.push({ measure: 'totalQwk', value: measures.totalQwk, required: `≥ ${t.minTotalQwk}` });
  for (const c of criteria) {
    if (c.qwk < t.minCriterionQwk) failures.push({ measure: `criteria.${c.criterionId}.qwk`, value: c.qwk, required: `≥ ${t.minCriterionQwk}` });
  }
  if (measures.passAgreement < t.minPassAgreement) failures.push({ measure: 'passAgreement', value: measures.passAgreement, required: `≥ ${t.minPassAgreement}` });
  if (falsePasses > t.maxFalsePasses) failures.push({ measure: 'falsePasses', value: falsePasses, required: '0' });
  if (adversarialPasses > t.maxAdversarialPasses) failures.push({ measure: 'adversarialPasses', value: adversarialPasses, required: '0' });

  const disagreements: CalibrationOutcome['disagreements'] = [
    ...gamingRows
      .filter((x) => x.worst >= passMark)
      .map((x) => ({
        exemplarId: x.g.id,
        text: x.g.text,
        trainerScore: null,
        evaluatorScore: x.worst,
        criteria: rubric.map((c) => {
          const best = x.g.samples.flatMap((s) => s.filter((y) => y.criterionId === c.id)).sort((a, b) => b.score - a.score)[0];
          return { criterionId: c.id, trainerScore: null, evaluatorScore: best?.score ?? null, justification: best?.justification ?? '' };
        }),
      })),
    ...totals
      .filter((x) => x.t !== x.v)
      .sort((a, b) => Math.abs(b.v - b.t) - Math.abs(a.v - a.t))
      .slice(0, 5)
      .map(({ r, t: trainerScore, v }) => ({
        exemplarId: r.e.id,
        text: r.e.text,
        trainerScore,
        evaluatorScore: v,
        criteria: rubric.map((c) => ({ criterionId: c.id, trainerScore: r.trainer.get(c.id) ?? null, evaluatorScore: r.medians.get(c.id) ?? null, justification: r.justification.get(c.id) ?? '' })),
      })),
  ];
  return { passed: failures.length === 0, measures, failures, disagreements };
}
