import { Alert } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.js';
import { isApiError } from '../../lib/http/api-error.js';

/** A request refused because the AI budget is used up (429 budget_exhausted, ADR 0013). */
export interface BudgetRefusal {
  /** The community's month, or the member's own day. */
  scope: 'monthly' | 'daily';
  resetsAt: Date;
}

/** The refusal in an error, or null when the error is anything else. */
export function budgetRefusal(error: unknown, now = Date.now()): BudgetRefusal | null {
  if (!isApiError(error) || error.code !== 'budget_exhausted') return null;
  const details = typeof error.details === 'object' && error.details !== null ? (error.details as Record<string, unknown>) : {};
  const seconds = typeof details.retryAfterSeconds === 'number' ? details.retryAfterSeconds : (error.retryAfterSeconds ?? 0);
  return { scope: details.scope === 'daily' ? 'daily' : 'monthly', resetsAt: new Date(now + seconds * 1000) };
}

/**
 * Each page's wording, in the shared `budget` namespace; every page that can show a refusal loads it
 * with its code (router.tsx), so showing one never suspends the page and loses what was typed.
 */
const wording = {
  message: { title: 'refusal.title', monthly: 'refusal.monthly', daily: 'refusal.daily' },
  attempt: { title: 'refusal.attemptTitle', monthly: 'refusal.attemptMonthly', daily: 'refusal.attemptDaily' },
} as const;

/**
 * Why a member's message was not sent (their text stays in the box), or their attempt not scored
 * (their answer is saved), and when they can try again.
 */
export function BudgetRefusalAlert({ refusal, subject = 'message' }: { refusal: BudgetRefusal; subject?: keyof typeof wording }) {
  const { t } = useTranslation('budget');
  const keys = wording[subject];
  const when = formatDateTime(refusal.resetsAt.toISOString());
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={t(keys.title)} data-testid="budget-refusal" role="alert">
      {t(refusal.scope === 'daily' ? keys.daily : keys.monthly, { when })}
    </Alert>
  );
}
