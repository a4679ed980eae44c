import { describe, expect, it } from 'vitest';
import type { Attempt } from '../../../../contracts/exercises.js';
import { canStartAnother, effectiveResult, statusKey } from './attempt-status.js';

const attempt = (over: Partial<Attempt>): Attempt => ({
  id: '00000000-0000-4000-a000-000000000001',
  exerciseId: '00000000-0000-4000-a000-000000000002',
  exerciseTitle: 'E',
  userId: '00000000-0000-4000-a000-000000000003',
  number: 1,
  conversationId: null,
  status: 'evaluated',
  answer: 'a',
  score: 55,
  passed: false,
  graded: true,
  rubricVersion: null,
  criteria: [],
  feedback: null,
  evaluator: { model: 'offline-evaluator', offline: true },
  evaluationError: null,
  review: null,
  shared: false,
  createdAt: '2026-01-01T00:00:00Z',
  submittedAt: '2026-01-01T00:00:00Z',
  evaluatedAt: '2026-01-01T00:00:00Z',
  ...over,
});

describe('attempt status', () => {
  it('counts a reviewer’s score over the evaluator’s', () => {
    expect(effectiveResult(attempt({}))).toEqual({ score: 55, passed: false });
    expect(effectiveResult(attempt({ review: { score: 80, passed: true, reason: 'r', reviewerId: null, reviewerName: null, at: 'x' } }))).toEqual({ score: 80, passed: true });
    expect(effectiveResult(attempt({ status: 'needs_review', score: null, passed: null }))).toBeNull();
    // Practice (§10.1): a score without a verdict.
    expect(effectiveResult(attempt({ graded: false, passed: null }))).toEqual({ score: 55, passed: null });
  });

  it('allows another attempt only with none in progress and the limit not reached', () => {
    expect(canStartAnother([attempt({})], null)).toBe(true);
    expect(canStartAnother([attempt({})], 1)).toBe(false);
    expect(canStartAnother([attempt({ status: 'open' })], 5)).toBe(false);
    expect(canStartAnother([], 1)).toBe(true);
  });

  it('calls a submitted attempt whose scoring failed not scored, not being scored', () => {
    expect(statusKey({ status: 'submitted', evaluationError: null })).toBe('submitted');
    expect(statusKey({ status: 'submitted', evaluationError: 'The AI budget is used up.' })).toBe('notScored');
    expect(statusKey({ status: 'evaluated', evaluationError: null })).toBe('evaluated');
  });
});
