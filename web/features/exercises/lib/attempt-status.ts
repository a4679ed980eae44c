import type { Attempt } from '../../../../contracts/exercises.js';

/** The score that counts: a reviewer's, else the evaluator's; null while there is none. */
export function effectiveResult(attempt: Attempt): { score: number; passed: boolean | null } | null {
  if (attempt.review) return { score: attempt.review.score, passed: attempt.review.passed };
  // A practice attempt (§10.1) has a score and no verdict: passed stays null.
  if (attempt.score !== null && (attempt.passed !== null || !attempt.graded)) return { score: attempt.score, passed: attempt.passed };
  return null;
}

/** Whether another attempt may be started: none in progress, and the limit (if any) not reached. */
export function canStartAnother(attempts: readonly Attempt[], maxAttempts: number | null): boolean {
  if (attempts.some((a) => a.status === 'open' || a.status === 'submitted')) return false;
  return maxAttempts === null || attempts.length < maxAttempts;
}

/** What an attempt's state is called (`exercises:status.<key>`): a submitted one whose scoring failed is not "being scored". */
export function statusKey(attempt: Pick<Attempt, 'status' | 'evaluationError'>): Attempt['status'] | 'notScored' {
  return attempt.status === 'submitted' && attempt.evaluationError ? 'notScored' : attempt.status;
}
