import { createHash } from 'node:crypto';
import type { RubricCriterion } from '../../../../contracts/content.js';
import { OFFLINE_ALGORITHM_VERSION } from '../offline-evaluator.js';

/** What a calibration measured: the exercise's scoring material and the evaluator that read it. */
export interface FingerprintInput {
  rubric: RubricCriterion[];
  passMark: number;
  evaluatorInstructions: string;
  referenceAnswer: string;
  exemplars: Array<{ id: string; text: string; scores: Array<{ criterionId: string; score: number }> }>;
  evaluator: { connectionId: string | null; model: string; offline: boolean };
}

/**
 * The rubric version (ADR 0035): a hash of everything that decides a score. A change of rubric,
 * pass mark, instructions, model answer, examples, connection or model — or of the offline
 * algorithm — gives another fingerprint, so an earlier calibration no longer vouches for it.
 */
export function scoringFingerprint(input: FingerprintInput): string {
  const canonical = JSON.stringify({
    v: 1,
    rubric: input.rubric.map((c) => [c.id, c.title, c.description, c.weight]),
    passMark: input.passMark,
    instructions: input.evaluatorInstructions,
    reference: input.referenceAnswer,
    exemplars: input.exemplars.map((e) => [e.id, e.text, e.scores.map((s) => [s.criterionId, s.score])]),
    evaluator: [input.evaluator.connectionId, input.evaluator.model, input.evaluator.offline, input.evaluator.offline ? OFFLINE_ALGORITHM_VERSION : null],
  });
  return `sha256:${createHash('sha256').update(canonical).digest('hex').slice(0, 32)}`;
}
