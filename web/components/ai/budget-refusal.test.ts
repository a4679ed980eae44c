import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/http/api-error.js';
import { budgetRefusal } from './budget-refusal.js';

describe('budget refusals', () => {
  const now = Date.parse('2026-11-27T10:00:00Z');
  const refused = (details: unknown, retryAfterSeconds?: number) =>
    new ApiError({ kind: 'http', status: 429, code: 'budget_exhausted', message: 'Used up.', details, retryAfterSeconds });

  it('reads the scope and when it resets from the server’s details', () => {
    expect(budgetRefusal(refused({ scope: 'daily', retryAfterSeconds: 3600 }), now)).toEqual({ scope: 'daily', resetsAt: new Date('2026-11-27T11:00:00Z') });
    expect(budgetRefusal(refused({ scope: 'monthly', retryAfterSeconds: 60 }), now)?.scope).toBe('monthly');
  });

  it('falls back to Retry-After, and ignores every other error', () => {
    expect(budgetRefusal(refused(undefined, 120), now)).toEqual({ scope: 'monthly', resetsAt: new Date('2026-11-27T10:02:00Z') });
    expect(budgetRefusal(new ApiError({ kind: 'http', status: 429, code: 'rate_limited', message: 'Slow down.' }), now)).toBeNull();
    expect(budgetRefusal(new Error('boom'), now)).toBeNull();
  });
});
